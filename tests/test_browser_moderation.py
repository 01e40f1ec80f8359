"""End to end in headless Chromium: a reader posts, a moderator approves, another reader reads.

Needs `pip install playwright` and Debian's `chromium` package; `playwright install` is not
used. Run alone with `pytest -m browser tests/test_browser_moderation.py`.
"""

import shutil
import threading

import pytest
from django.db import connections

from comments.models import Comment
from tests.conftest import restore_roles
from tests.factories import EssayFactory, StaffFactory

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
TEXT = "The second section forgets the footnote on page twelve."
MODERATOR = "queue-moderator"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture(autouse=True)
def async_unsafe_allowed(monkeypatch):
    # Another module's Playwright may run its event loop in this thread; the ORM calls made
    # here are synchronous all the same. Set for this test only: `manage.py check --deploy`
    # refuses the variable. https://docs.djangoproject.com/en/5.2/topics/async/#async-safety
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def restore_moderators_group() -> None:
    restore_roles()


def awaiting(count: int) -> str:
    return f"{count} comment{'' if count == 1 else 's'} awaiting moderation"


def in_own_thread(steps) -> None:
    """Run `steps` in a thread of its own, with its own database connection.

    Playwright's sync API will not start where another instance runs its loop (tests/browser
    keeps a session-wide browser), and while that loop runs Django takes this thread's ORM
    calls for async ones. A fresh thread has neither problem.
    """
    failures = []

    def run():
        try:
            steps()
        except BaseException as error:  # re-raised in the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=180)
    assert not thread.is_alive(), "the browser steps did not finish in 180 s"
    if failures:
        raise failures[0]


def console_error(message, errors: list[str]) -> None:
    # A Content-Security-Policy refusal is reported here only; failed loads by failed_asset.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(message.text)


def failed_asset(response, errors: list[str]) -> None:
    """A missing stylesheet or script (moderation.css, moderation.js)."""
    if response.status >= 400 and response.request.resource_type in ("stylesheet", "script"):
        errors.append(f"{response.status} {response.url}")


def moderate_in_browser(base_url: str, essay_path: str, *, waiting_before: int) -> list[str]:
    """The walk through; returns the script errors the pages raised."""
    expect = sync_api.expect
    errors = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def new_page():
            page = browser.new_context().new_page()
            page.set_default_timeout(10_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda message: console_error(message, errors))
            page.on("response", lambda response: failed_asset(response, errors))
            return page

        # A reader posts; the comment is held, and only they see it.
        reader = new_page()
        reader.goto(base_url + essay_path)
        reader.fill("#id_author_name", "Rosa Quill")
        reader.fill("#id_author_email", "rosa@example.com")
        reader.fill("#id_body", TEXT)
        reader.get_by_role("button", name="Post comment").click()
        expect(reader.get_by_text("Your comment is awaiting moderation.").first).to_be_visible()

        # The moderator logs in and lands on the queue, with the count in the header.
        moderator = new_page()
        moderator.goto(f"{base_url}/admin/login/?next=/admin/comments/comment/")
        moderator.fill("#id_username", MODERATOR)
        moderator.fill("#id_password", PASSWORD)
        moderator.get_by_role("button", name="Log in").click()
        expect(moderator.locator(".cm-awaiting")).to_have_text(awaiting(waiting_before + 1))
        row = moderator.locator("#result_list tbody tr", has_text=TEXT)
        expect(row).to_be_visible()

        # One click approves; Undo takes it back; the keyboard approves it again.
        messages = moderator.locator(".messagelist")
        row.get_by_role("button", name="Approve").click()
        expect(messages).to_contain_text("Approved: 1 comment.")
        expect(moderator.locator(".cm-awaiting")).to_have_text(awaiting(waiting_before))
        messages.get_by_role("button", name="Undo").click()
        expect(messages).to_contain_text("Undone: 1 comment back as before.")
        row.locator("td.field-author_column").click()  # the keyboard's current row
        expect(moderator.locator("#result_list tr.cm-current")).to_contain_text(TEXT)
        moderator.keyboard.press("a")
        expect(messages).to_contain_text("Approved: 1 comment.")

        # A second reader, in a browser context of their own, sees the comment.
        other = new_page()
        other.goto(base_url + essay_path)
        expect(other.locator(".comment__body", has_text=TEXT)).to_be_visible()
        expect(other.get_by_text("awaiting moderation")).to_have_count(0)
        browser.close()
    return errors


def walk_through(base_url: str) -> None:
    restore_moderators_group()
    essay = EssayFactory()
    StaffFactory(username=MODERATOR, group="Moderators")
    waiting = Comment.objects.in_moderation().count()

    errors = moderate_in_browser(base_url, essay.get_absolute_url(), waiting_before=waiting)

    comment = Comment.objects.get(essay=essay)
    assert comment.status == Comment.Status.APPROVED
    assert list(comment.history.values_list("from_status", "to_status", "actor__username")) == [
        ("", "pending", None),
        ("pending", "pending", None),  # the checker's verdict
        ("pending", "pending", None),  # the screening's decision: held for a moderator
        ("pending", "approved", MODERATOR),
        ("approved", "pending", MODERATOR),  # Undo
        ("pending", "approved", MODERATOR),
    ]
    assert errors == []


def test_a_held_comment_is_approved_in_the_admin_and_then_shown(live_server, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_MODERATION_POLICY = "all"
    settings.COMMENTS_FLOOD_SECONDS = 0
    in_own_thread(lambda: walk_through(live_server.url))
