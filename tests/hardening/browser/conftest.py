"""The session Chromium of tests/browser, shared with the hardening browser tests."""

from tests.browser.conftest import allow_orm_beside_playwright, browser  # noqa: F401
