"""The servers under test: the site's environment and data, gunicorn, nginx's static copy, and
the site behind the repo's front cache (deploy/nginx.conf)."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

from dataset import COMMENT_THREADS

from . import BENCH, ROOT, progress
from .client import fetch
from .processes import Processes

# Only these pass through from the caller's shell: a developer's DATABASE_URL, CACHE_URL or
# AKISMET_API_KEY must never reach the benchmark.
PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")


def bench_env(tmp: Path, port: int) -> dict:
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "STATIC_ROOT": str(tmp / "static"),
        "STATIC_MANIFEST": "true",
        "MEDIA_ROOT": str(tmp / "media"),
        "COMMENTS_FLOOD_SECONDS": "0",
        "COMMENTS_HOURLY_CAP_PER_IP": "100000000",
        "COMMENTS_MIN_SUBMIT_SECONDS": "0",
        # Issue #17's targets are for all 200 comments on one page, as WordPress shows them;
        # the site's own default is 20 threads a page.
        "COMMENTS_PER_PAGE": str(COMMENT_THREADS),
        "LOG_LEVEL": "WARNING",
        "SPAM_CHECKER": "embedded",  # never the paid service, whatever the shell has
        "PYTHONUNBUFFERED": "1",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_site(procs: Processes, tmp: Path, env: dict) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    progress("migrating a fresh database")
    procs.step([*manage, "migrate", "--no-input"], cwd=ROOT, env=env)
    progress("seed_demo and the benchmark essays (bench/dataset.py)")
    logins = str(tmp / "demo-logins.txt")
    dataset = [sys.executable, str(BENCH / "dataset.py"), "--logins-file", logins]
    progress(procs.step(dataset, cwd=ROOT, env=env).strip())
    progress("collectstatic")
    procs.step([*manage, "collectstatic", "--no-input"], cwd=ROOT, env=env)


def serve(
    procs: Processes, tmp: Path, env: dict, port: int, workers: int, app: str = "config.wsgi"
) -> None:
    log = tmp / ("gunicorn.log" if app == "config.wsgi" else "gunicorn-floor.log")
    cmd = [sys.executable, "-m", "gunicorn", app, "-w", str(workers)]
    cmd += ["-b", f"127.0.0.1:{port}", "--error-logfile", str(log)]
    progress(" ".join(cmd[1:]))
    with log.open("ab") as output:  # Django's own log lines go to stderr
        proc = procs.start(cmd, cwd=ROOT, env=env, stdout=output, stderr=output)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"gunicorn exited ({proc.returncode}):\n{tail(log)}")
        with contextlib.suppress(OSError):
            fetch(port, "GET", "/robots.txt")
            return
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer within 30 s:\n{tail(log)}")


def tail(path: Path, lines: int = 30) -> str:
    return (
        "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
    )


def find_nginx(procs: Processes) -> str | None:
    """nginx's path, installing the Debian package first if we may; None: no nginx row."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("nginx is not installed (run `apt-get install nginx` as root); no nginx row.")
        return None
    print("nginx is not installed: installing it with `apt-get install -y nginx`.", flush=True)
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    ok, output = procs.run(["apt-get", "install", "-y", "nginx"], env=env, timeout=300)
    found = shutil.which("nginx", path="/usr/sbin:/sbin:/usr/bin")
    if not (ok and found):
        print(f"Installing nginx failed; no nginx row.\n{output[-2000:]}")
    return found if ok else None


def serve_static_copy(procs: Processes, nginx: str, page: bytes, port: int) -> Path:
    """Start nginx (bench/nginx.conf.template) serving `page` as /essay.html; its prefix."""
    prefix = Path(tempfile.mkdtemp(prefix="marginalia-nginx-"))
    prefix.chmod(0o755)  # nginx's workers may run as nobody
    (prefix / "www").mkdir(mode=0o755)
    (prefix / "tmp").mkdir()
    (prefix / "www" / "essay.html").write_bytes(page)
    (prefix / "www" / "essay.html").chmod(0o644)
    template = (BENCH / "nginx.conf.template").read_text()
    conf = prefix / "nginx.conf"
    conf.write_text(template.format(prefix=prefix, port=port))
    return start_nginx(procs, nginx, prefix, conf, port, "/essay.html")


def serve_front_cache(procs: Processes, nginx: str, port: int, upstream: int) -> Path:
    """Start nginx with deploy/nginx.conf in front of the site on `upstream`; its prefix."""
    sys.path.insert(0, str(ROOT))  # the same rewrite of the file that tests/deploy runs
    from tests.deploy.nginx import write_front_config  # importable once ROOT is on the path

    prefix = Path(tempfile.mkdtemp(prefix="marginalia-front-"))
    conf = write_front_config(prefix, port=port, upstream=upstream, workers=2)
    return start_nginx(procs, nginx, prefix, conf, port, "/robots.txt")


def start_nginx(procs, nginx: str, prefix: Path, conf: Path, port: int, probe: str) -> Path:
    """Start nginx on `conf` and wait until `probe` answers; `prefix`."""
    log = (prefix / "stderr.log").open("ab")
    proc = procs.start([nginx, "-p", str(prefix), "-c", str(conf)], stdout=log, stderr=log)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"nginx exited ({proc.returncode}):\n{tail(prefix / 'error.log')}")
        with contextlib.suppress(OSError):
            fetch(port, "GET", probe)
            return prefix
        time.sleep(0.1)
    sys.exit(f"nginx did not answer within 10 s:\n{tail(prefix / 'error.log')}")
