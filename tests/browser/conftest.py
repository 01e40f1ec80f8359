"""Playwright with Debian's chromium against pytest-django's live server.

Needs `pip install playwright` (in the test extras; never `playwright install`: the browser
is Debian's), `apt-get install chromium` and `npm ci --prefix tests/browser` for axe-core.
Outside CI a missing browser or axe-core skips these tests; under CI (CI=true) it fails them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import restore_roles

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}
ESSAY_SLUG = "arithmetic-of-a-shared-river"


@pytest.fixture(scope="package", autouse=True)
def allow_orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in this thread, so Django takes
    the tests' synchronous ORM calls for async ones. Set for this package only: elsewhere
    (manage.py check --deploy in tests/test_settings.py) the variable is an error."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def missing(what: str):
    message = f"{what}; see tests/browser/conftest.py for the install steps."
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# Package scope, not session: while Playwright runs, its event loop would make every later
# test's ORM call look async.
@pytest.fixture(scope="package")
def browser(allow_orm_beside_playwright):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def console_error(message, errors: list[str]) -> None:
    # A failed load is reported by failed_resource, which knows a 400 page from a broken link.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(message.text)


def failed_resource(response, errors: list[str]) -> None:
    """A missing stylesheet, script or image; a document may answer 400 to a bad form."""
    if response.status >= 400 and response.request.resource_type != "document":
        errors.append(f"{response.status} {response.url}")


@pytest.fixture
def new_page(browser):
    """new_page(viewport="phone"|"desktop", color_scheme="light"|"dark") -> a Page.

    Script errors and failed subresources fail the test at teardown.
    """
    contexts, errors = [], []

    def make(viewport: str = "desktop", color_scheme: str = "light"):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            color_scheme=color_scheme,
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
            reduced_motion="reduce",
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: console_error(message, errors))
        page.on("response", lambda response: failed_resource(response, errors))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"errors in the page: {errors}"


@pytest.fixture
def demo(transactional_db, live_server, settings, tmp_path):
    """The demo publication on the live server; comments post without waiting."""
    restore_roles()
    call_command("seed_demo", logins_file=tmp_path / "demo-logins.txt", stdout=io.StringIO())
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    return live_server


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        missing(f"{AXE_JS.relative_to(ROOT)} is missing (npm ci --prefix tests/browser)")
    return AXE_JS.read_text()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def axe(axe_source):
    """axe(page) -> the WCAG 2.2 AA violations axe-core finds on the page, as readable text."""

    def run(page) -> list[str]:
        # Evaluated rather than added as a <script>, so a Content-Security-Policy cannot block it.
        page.evaluate(axe_source)
        result = page.evaluate(
            "options => axe.run(document, options)",
            {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
        )
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
            + "\n".join(
                f"    {' '.join(node['target'])}: {node['failureSummary']}"
                for node in violation["nodes"][:5]
            )
            for violation in result["violations"]
        ]

    return run


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
