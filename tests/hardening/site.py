"""The real site under gunicorn for load and fault tests: a database of its own (a SQLite file,
or a fresh PostgreSQL database when DATABASE_URL is postgres), production settings, and small
HTTP helpers that post through the comment form as a browser does."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
SLUG = "hardening-essay"
PASSWORD = "hardening-admin-password-7"
PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")
MAKE_ESSAY = f"""
from django.contrib.auth import get_user_model
from tests.factories import EssayFactory
EssayFactory(slug={SLUG!r}, title="Hardening")
get_user_model().objects.create_superuser("hardening", "hardening@example.org", {PASSWORD!r})
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@dataclass
class Database:
    """One database for one site: a SQLite file in `directory`, or a PostgreSQL database."""

    directory: Path
    url: str = ""
    pg_admin_url: str = ""
    pg_name: str = ""

    @classmethod
    def create(cls, directory: Path) -> Database:
        admin = postgres_url()
        if not admin:
            return cls(directory, url=f"sqlite:///{directory / 'site.sqlite3'}")
        import psycopg

        name = f"hardening_{secrets.token_hex(4)}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(admin)
        return cls(
            directory,
            url=parts._replace(path=f"/{name}").geturl(),
            pg_admin_url=admin,
            pg_name=name,
        )

    @property
    def vendor(self) -> str:
        return "postgresql" if self.pg_name else "sqlite"

    def query(self, sql: str) -> list[tuple]:
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(self.url.removeprefix("sqlite:///"))) as conn:
                return conn.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql).fetchall()

    def drop(self) -> None:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def site_env(db: Database, port: int, **extra: str) -> dict:
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    return (
        env
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": db.url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "hardening-" + "k" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_PASSWORD_HASHERS": "django.contrib.auth.hashers.MD5PasswordHasher",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "STATIC_MANIFEST": "false",
            "MEDIA_ROOT": str(db.directory / "media"),
            "EMAIL_URL": "consolemail://",
            "COMMENTS_FLOOD_SECONDS": "0",
            "COMMENTS_HOURLY_CAP_PER_IP": "100000000",
            "COMMENTS_MIN_SUBMIT_SECONDS": "0",
            "COMMENTS_MODERATION_POLICY": "none",
            "SPAM_CHECKER": "embedded",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        | extra
    )


def build(db: Database) -> None:
    """Migrate, then one open essay and one superuser."""
    env = site_env(db, 0)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for step in (["migrate", "--no-input"], ["shell", "-c", MAKE_ESSAY]):
        subprocess.run(
            [*manage, *step], cwd=ROOT, env=env, check=True, capture_output=True, timeout=180
        )


@dataclass
class Site:
    db: Database
    port: int
    proc: subprocess.Popen
    log: Path
    essay_path: str = f"/essays/{SLUG}/"

    @property
    def post_path(self) -> str:
        return f"/essays/{SLUG}/comments/"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in children.read_text().split()]
        return []

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def serve(db: Database, *, workers: int = 2, threads: int = 4, **extra: str) -> Site:
    port = free_port()
    log = db.directory / f"gunicorn-{port}.log"
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "-w",
        str(workers),
        "--threads",
        str(threads),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
    ]
    with log.open("ab") as output:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=site_env(db, port, **extra),
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    site = Site(db, port, proc, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}):\n{site.log_text()[-3000:]}")
        with contextlib.suppress(OSError):
            if fetch(port, "GET", "/robots.txt")[0] == 200 and len(site.workers()) == workers:
                return site
        time.sleep(0.2)
    site.stop()
    raise RuntimeError(f"gunicorn did not answer within 30 s:\n{site.log_text()[-3000:]}")


def fetch(
    port: int, method: str, path: str, body: str | None = None, headers=None, timeout: float = 30
) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        headers = {key.lower(): value for key, value in response.getheaders()}
        headers["cookies"] = {key: morsel.value for key, morsel in cookies.items()}
        return response.status, headers, response.read()
    finally:
        conn.close()


class HiddenFields(HTMLParser):
    def __init__(self, action_suffix: str):
        super().__init__()
        self.suffix, self.in_form, self.fields = action_suffix, False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = (attrs.get("action") or "").endswith(self.suffix)
        elif tag == "input" and self.in_form and attrs.get("type") == "hidden":
            self.fields[attrs.get("name") or ""] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


@dataclass
class Poster:
    """A reader with the essay page open: its cookies and the form's hidden fields."""

    site: Site
    cookie: str = ""
    hidden: dict = field(default_factory=dict)

    def open_form(self) -> None:
        status, headers, page = fetch(self.site.port, "GET", self.site.essay_path)
        assert status == 200, status
        parser = HiddenFields("/comments/")
        parser.feed(page.decode("utf-8", "replace"))
        self.hidden = parser.fields
        # The anonymous form has no CSRF token (Fetch Metadata guards it): no cookie to keep.
        self.cookie = "; ".join(f"{k}={v}" for k, v in headers["cookies"].items())

    def post(self, *, name: str, email: str, body: str, timeout: float = 30) -> int:
        if not self.hidden:
            self.open_form()
        fields = self.hidden | {
            "author_name": name,
            "author_email": email,
            "author_url": "",
            "body": body,
            "homepage_url": "",
        }
        status, _, _ = fetch(
            self.site.port,
            "POST",
            self.site.post_path,
            urlencode(fields),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self.cookie,
                "Referer": f"http://127.0.0.1:{self.site.port}{self.site.essay_path}",
            },
            timeout=timeout,
        )
        return status


def admin_session(site: Site) -> tuple[str, str]:
    """Log in as the superuser through the admin login form: (Cookie header, CSRF token)."""
    status, headers, page = fetch(site.port, "GET", "/admin/login/")
    csrf = headers["cookies"]["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": "hardening",
            "password": PASSWORD,
            "next": "/admin/",
        }
    )
    status, headers, _ = fetch(
        site.port,
        "POST",
        "/admin/login/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{site.port}/admin/login/",
        },
    )
    assert status == 302, status
    cookies = headers["cookies"]
    csrf = cookies.get("csrftoken", csrf)
    return f"csrftoken={csrf}; sessionid={cookies['sessionid']}", csrf


def copy_database(source: Database, directory: Path) -> Database:
    """A copy of a built SQLite database (PostgreSQL sites are built afresh)."""
    if source.vendor != "sqlite":
        target = Database.create(directory)
        build(target)
        return target
    target = Database(directory, url=f"sqlite:///{directory / 'site.sqlite3'}")
    shutil.copy(source.url.removeprefix("sqlite:///"), target.url.removeprefix("sqlite:///"))
    return target
