"""deploy/nginx.conf, run by Debian's nginx in front of the site under gunicorn: anonymous
pages are shared and revalidated, personal ones never stored, approvals show within s-maxage."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.deploy.nginx import write_front_config
from tests.hardening.conftest import report
from tests.hardening.site import (
    ROOT,
    SLUG,
    Database,
    HiddenFields,
    build,
    fetch,
    free_port,
    serve,
    site_env,
)

pytestmark = pytest.mark.slow

S_MAXAGE = 2
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
PAGE = f"/essays/{SLUG}/"
PENDING = "A pending remark only its poster may see."
# What the site under the cache is told: short freshness, every comment held, and a form
# window long enough that an unchanged page always revalidates to 304.
SITE_SETTINGS = {
    "ESSAY_PAGE_S_MAXAGE": str(S_MAXAGE),
    "ESSAY_PAGE_STALE_SECONDS": "30",
    "ESSAY_PAGE_FORM_WINDOW_SECONDS": "3600",
    "COMMENTS_MODERATION_POLICY": "all",
    "GUNICORN_CMD_ARGS": "--access-logfile - --access-logformat 'ACCESS %(s)s %(m)s %(U)s "
    "inm=%({if-none-match}i)s'",
}


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    """The site under gunicorn with deploy/nginx.conf in front: (site, nginx port)."""
    if NGINX is None:
        message = "nginx is not installed (apt-get install nginx; .ci/run does)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    directory = tmp_path_factory.mktemp("front-cache")
    db = Database.create(directory)
    build(db)
    port = free_port()
    site = serve(db, workers=2, threads=2, SITE_URL=f"http://127.0.0.1:{port}", **SITE_SETTINGS)
    prefix = directory / "nginx"
    main = write_front_config(prefix, port=port, upstream=site.port)
    nginx = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(main), "-e", "stderr"],
        stdout=subprocess.DEVNULL,
        stderr=(prefix / "stderr.log").open("wb"),
        start_new_session=True,
    )
    try:
        wait_for(lambda: fetch(port, "GET", "/robots.txt")[0] == 200, what="nginx")
        yield site, port, prefix
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(nginx.pid, signal.SIGTERM)
        nginx.wait(timeout=15)
        site.stop()
        db.drop()


def wait_for(check, *, what: str, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if check():
                return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not answer within {seconds} s")


def get(port: int, cookie: str = ""):
    """The page without compression, so the copies nginx stores can be searched as text."""
    status, headers, body = fetch(port, "GET", PAGE, headers={"Cookie": cookie} if cookie else {})
    assert status == 200, status
    return headers, body


def text_of(_headers: dict, body: bytes) -> str:
    return body.decode()


def test_the_second_anonymous_hit_is_served_by_nginx_with_no_cookie(front):
    _site, port, _prefix = front
    get(port)
    headers, _ = get(port)
    assert headers["x-cache-status"] == "HIT"
    assert "set-cookie" not in headers and not headers["cookies"]
    assert headers["cache-control"].startswith("public, max-age=0, s-maxage=")


def test_a_reader_with_a_cookie_of_their_own_bypasses_the_cache(front):
    _site, port, _prefix = front
    get(port)
    for cookie in ("comment_author=x", "own_comments=x", "sessionid=x", "messages=x"):
        headers, _ = get(port, f"theme=dark; {cookie}")
        assert headers["x-cache-status"] == "BYPASS", cookie
        assert headers["cache-control"] == "private, no-cache"
    headers, _ = get(port, "theme=dark")  # a cookie nobody's page depends on
    assert headers["x-cache-status"] == "HIT"


def post_pending_comment(port: int) -> str:
    """Post through nginx from the page's own form; the Cookie header the poster gets back."""
    headers, body = get(port)
    form = HiddenFields("/comments/")
    form.feed(text_of(headers, body))
    fields = form.fields | {
        "author_name": "Pat Poster",
        "author_email": "pat@example.org",
        "author_url": "",
        "body": PENDING,
        "homepage_url": "",
    }
    origin = f"http://127.0.0.1:{port}"
    status, headers, _ = fetch(
        port,
        "POST",
        f"{PAGE}comments/",
        urlencode(fields),
        {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin},
    )
    assert status == 302, status
    return "; ".join(f"{key}={value}" for key, value in headers["cookies"].items())


def test_a_pending_comment_reaches_its_poster_only_and_an_approval_shows_within_s_maxage(front):
    site, port, prefix = front
    poster = post_pending_comment(port)
    headers, body = get(port, poster)
    assert headers["x-cache-status"] == "BYPASS" and PENDING in text_of(headers, body)

    statuses, started = [], time.monotonic()
    while time.monotonic() - started < S_MAXAGE + 1.5:  # past expiry: revalidated, not refetched
        headers, body = get(port)
        statuses.append(headers["x-cache-status"])
        assert PENDING not in text_of(headers, body)
        time.sleep(0.2)
    assert "STALE" in statuses or "REVALIDATED" in statuses, statuses
    assert not any(PENDING.encode() in path.read_bytes() for path in cache_files(prefix))
    assert re.search(rf"ACCESS 304 GET {PAGE} inm=W/", site.log_text()), "no 304 revalidation"

    approve(site, port)
    approved = time.monotonic()
    while PENDING not in text_of(*get(port)):
        assert time.monotonic() - approved < S_MAXAGE + 3, "the approved comment did not show"
        time.sleep(0.1)
    report("front cache", {"approval shown after s": round(time.monotonic() - approved, 2)})


def cache_files(prefix: Path) -> list[Path]:
    return [path for path in (prefix / "cache").rglob("*") if path.is_file()]


def approve(site, port: int) -> None:
    """Approve the pending comment through the service, as the moderation desk does."""
    code = (
        "from comments.models import Comment\n"
        "from comments.services import comment_approve\n"
        f"comment_approve(comment=Comment.objects.get(body={PENDING!r}))\n"
    )
    env = site_env(site.db, port, **SITE_SETTINGS)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_an_upload_over_a_megabyte_reaches_django_rather_than_nginx_s_413(front):
    # nginx refuses bodies over 1 MB by default, before Django could say what is wrong.
    _site, port, _prefix = front
    body = "x" * 2_000_000
    headers = {"Content-Type": "application/octet-stream", "Content-Length": str(len(body))}
    status, _headers, _body = fetch(port, "POST", "/admin/login/", body=body, headers=headers)
    assert status != 413
    assert status == 403  # Django's CSRF check answered: the body got through
