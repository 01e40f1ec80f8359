"""Every XSS vector of tests/data/xss_core.json, posted through the real form and approved,
rendered in headless Chromium for a reader (every page of comments) and for a moderator
(every page of the admin list and every change page): no dialog, no script call, no CSP
violation."""

from __future__ import annotations

import time
from http import HTTPStatus

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_approve
from tests.conftest import restore_roles
from tests.factories import EssayFactory, StaffFactory
from tests.hardening.conftest import form_data, load, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VECTORS = load("xss_core.json")
# Runs in every frame before any page script: records calls to the dialog functions and to
# print, script-made <script>/<iframe>/<object> elements, and CSP violation reports.
WATCH = """
(() => {
  const record = (kind, detail) => {
    try { (window.top.__xss = window.top.__xss || []).push(kind + ": " + detail); } catch (e) {}
    (window.__xss = window.__xss || []).push(kind + ": " + detail);
  };
  window.__xss = window.__xss || [];
  window.__csp = window.__csp || [];
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => { record(name, String(args[0])); };
  }
  document.addEventListener("securitypolicyviolation", (event) => {
    const entry = `${event.violatedDirective} blocked=${event.blockedURI} ` +
      `source=${event.sourceFile}:${event.lineNumber} sample=${event.sample}`;
    try { (window.top.__csp = window.top.__csp || []).push(entry); } catch (e) {}
  });
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType === 1 && document.readyState === "complete" &&
            /^(SCRIPT|IFRAME|OBJECT|EMBED)$/.test(node.tagName)) {
          record("element", node.outerHTML.slice(0, 120));
        }
      }
    }
  }).observe(document, {childList: true, subtree: true});
})();
"""
# After load: anything in the page that could run script from a comment.
DOM_AUDIT = """
() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
      if (name.startsWith("on")) found.push(`${el.tagName} ${name}`);
      if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(name) &&
          /^(javascript|vbscript|data):/.test(value.replace(/[\\s\\x00-\\x1f]/g, "")))
        found.push(`${el.tagName} ${name}=${value.slice(0, 60)}`);
    }
    if (/^(SCRIPT)$/.test(el.tagName) && !el.src && el.type !== "application/ld+json")
      found.push("inline script: " + el.textContent.slice(0, 60));
    if (/^(IFRAME|OBJECT|EMBED|FRAME|BASE|FORM|META)$/.test(el.tagName) &&
        el.closest(".comment, .comment__body, .cm-comment"))
      found.push("element in a comment: " + el.tagName);
  }
  return found;
}
"""
MODERATOR = "xss-moderator"


def post_every_vector(essay) -> dict:
    """Through the real form: the vector as the body, and as the name where the form allows."""
    client = Client()
    url = reverse("comments:post", args=[essay.slug])
    figures = {"vectors": len(VECTORS), "stored": 0, "refused": 0, "name refused": 0}
    for n, vector in enumerate(VECTORS):
        fields = form_data(essay, n, body=vector["vector"], author_name=vector["vector"][:80])
        response = client.post(url, fields, REMOTE_ADDR="192.0.2.7")
        if response.status_code == HTTPStatus.BAD_REQUEST:
            figures["name refused"] += 1
            response = client.post(
                url, fields | {"author_name": f"Vector {vector['id']}"}, REMOTE_ADDR="192.0.2.7"
            )
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST), vector
        figures["stored" if response.status_code == HTTPStatus.FOUND else "refused"] += 1
    return figures


def visit(page, url: str, dialogs: list, findings: list) -> None:
    response = page.goto(url, wait_until="load")
    assert response.status == HTTPStatus.OK, (url, response.status)
    page.wait_for_timeout(10)  # let timers and lazy handlers fire
    xss = page.evaluate("window.__xss || []")
    csp = page.evaluate("window.__csp || []")
    findings += [f"{url}: {item}" for item in xss + csp + page.evaluate(DOM_AUDIT)]
    assert not dialogs, (url, dialogs)


def console_error(message, console: list) -> None:
    # A failed load is reported with its address by the response handler.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        console.append(message.text)


def new_context(browser, live_server, dialogs: list, console: list, cookie=None):
    context = browser.new_context()
    context.add_init_script(WATCH)
    if cookie:
        context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    page = context.new_page()
    page.set_default_timeout(15_000)

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.on("console", lambda message: console_error(message, console))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and console.append(f"{response.status} {response.url}")
        ),
    )
    return context, page


def test_no_vector_runs_for_readers_or_moderators(browser, live_server, settings):
    started = time.monotonic()
    restore_roles()
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_HOURLY_CAP_PER_IP = 1_000_000
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_MODERATION_POLICY = "all"
    settings.COMMENTS_PER_PAGE = 100
    essay = EssayFactory()
    figures = post_every_vector(essay)
    figures["posting seconds"] = round(time.monotonic() - started, 1)
    moderator = StaffFactory(username=MODERATOR, group="Moderators")
    for comment in Comment.objects.exclude(status=Comment.Status.APPROVED):
        comment_approve(comment=comment, actor=moderator)
    comments = list(Comment.objects.order_by("pk").values_list("pk", flat=True))
    assert len(comments) == figures["stored"]
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() == len(comments)

    dialogs, console, findings = [], [], []
    reader, page = new_context(browser, live_server, dialogs, console)
    reader_pages = -(-len(comments) // settings.COMMENTS_PER_PAGE)
    for number in range(1, reader_pages + 1):
        visit(
            page, f"{live_server.url}{essay.get_absolute_url()}?cpage={number}", dialogs, findings
        )
    shown = page.locator(".comment").count() if reader_pages else 0
    reader.close()

    client = Client()
    client.force_login(moderator)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    admin, page = new_context(browser, live_server, dialogs, console, cookie=session)
    changelist = reverse("admin:comments_comment_changelist")
    admin_pages = -(-len(comments) // 50)
    for number in range(admin_pages):
        visit(page, f"{live_server.url}{changelist}?tab=all&p={number}", dialogs, findings)
    visit(page, f"{live_server.url}{changelist}", dialogs, findings)
    for pk in comments:
        url = reverse("admin:comments_comment_change", args=[pk])
        visit(page, f"{live_server.url}{url}", dialogs, findings)
    admin.close()

    figures |= {
        "reader pages": reader_pages,
        "comments on last page": shown,
        "admin list pages": admin_pages + 1,
        "change pages": len(comments),
        "dialogs": len(dialogs),
        "script calls/CSP/DOM findings": len(findings),
        "console errors": len(console),
        "seconds": round(time.monotonic() - started, 1),
    }
    report("XSS in Chromium", figures)
    assert not findings, findings[:20]
    assert not dialogs, dialogs[:20]
    assert not console, console[:20]
