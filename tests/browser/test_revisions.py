"""An essay's history in Debian's Chromium: save twice, compare, restore; a correction read."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from essays.models import Essay
from essays.services import essay_add_correction
from tests.browser.conftest import console_error, failed_resource
from tests.conftest import restore_roles
from tests.factories import EssayFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
FIRST = "The river is wide and slow.\n\nA second paragraph."


@pytest.fixture
def desk(browser, live_server):
    """A logged-in editor's page on the change form of a draft essay, and the essay."""
    restore_roles()
    StaffFactory(username="history-editor", group="Editors")
    essay = EssayFactory(title="Rivers", status=Essay.Status.DRAFT, body=FIRST)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors, auditing = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            None
            if auditing and message.text.startswith("Applying inline style violates")
            else console_error(message, errors)
        ),
    )
    page.on("response", lambda response: failed_resource(response, errors))
    change = reverse("admin:essays_essay_change", args=[essay.pk])
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={change}")
    page.fill("#id_username", "history-editor")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#id_body")).to_be_visible()
    page.auditing = auditing
    yield page, essay
    context.close()
    assert not errors, f"errors in the page: {errors}"


def save_body(page, body: str) -> None:
    page.locator("#id_body").fill(body)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def audit(page, axe) -> list[str]:
    page.auditing.append(True)  # axe sets inline styles while it measures; CSP reports them
    try:
        return axe(page)
    finally:
        page.auditing.clear()


def test_edit_twice_compare_and_restore_the_first_text(desk, axe):
    page, essay = desk
    save_body(page, FIRST)
    save_body(page, "The river is narrow and fast.\n\nA second paragraph.")

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History: Rivers")).to_be_visible()
    expect(page.locator(".revisions__list tbody tr")).to_have_count(2)
    assert not audit(page, axe), "\n".join(audit(page, axe))
    page.get_by_role("button", name="Compare the chosen revisions").click()

    expect(page.locator(".revision-diff__body del")).to_contain_text(["wide", "slow."])
    expect(page.locator(".revision-diff__body ins")).to_contain_text(["narrow", "fast."])
    violations = audit(page, axe)
    assert not violations, "\n".join(violations)

    page.get_by_role("link", name="Restore the earlier revision").click()
    expect(page.locator(".revision-diff__body ins")).to_contain_text(["wide", "slow."])
    page.get_by_role("button", name="Yes, restore this revision").click()

    expect(page.locator(".messagelist")).to_contain_text("Restored: Restored from")
    expect(page.locator("#id_body")).to_have_value(FIRST)
    essay.refresh_from_db()
    assert essay.body.replace("\r\n", "\n") == FIRST  # a textarea posts CRLF
    assert essay.revisions.count() == 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_correction_under_the_essay_reads_well_in_either_scheme(
    live_server, new_page, axe, scheme
):
    essay = EssayFactory(title="Rivers", body=FIRST)
    essay_add_correction(essay=essay, user=None, text="The weir is *upstream* of the bridge.")
    page = new_page("phone", color_scheme=scheme)

    page.goto(live_server.url + essay.get_absolute_url())

    corrections = page.get_by_role("complementary", name="Corrections")
    expect(corrections).to_contain_text("The weir is upstream of the bridge.")
    expect(corrections.locator("time")).to_have_attribute("datetime", re.compile(r"\d{4}-\d\d"))
    violations = axe(page)
    assert not violations, "\n".join(violations)
