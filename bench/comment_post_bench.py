"""Comment posting latency with the embedded checker and with Akismet answering after 100 ms.

Run from the project root:

    .venv/bin/python bench/comment_post_bench.py               # 5 s per scenario
    .venv/bin/python bench/comment_post_bench.py --duration 10 --connections 16
    .venv/bin/python bench/comment_post_bench.py --checker embedded   # its two rows only

Builds a fresh SQLite database in a temporary directory, serves the site with gunicorn on
127.0.0.1 under production settings (debug off), and posts valid comments through the real
form, first from one connection (the latency a reader sees), then from `--connections`
keep-alive connections, for `--duration` seconds each. The
spam check runs inside the request, as it does on the site; in the Akismet scenarios the
site talks to tests/akismet_server/, which answers every call after 100 ms. Everything it
starts is stopped on exit. Prints one markdown table. Its "server CPU ms/post" column is
the gunicorn workers' CPU time (user + system, from /proc) over the posts: what a post costs
the server whatever the queueing, so with N closed-loop posters on W sync workers and as many
cores, latency cannot fall below about N / W times that figure.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.akismet_server import AkismetTestServer  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
SLUG = "bench-posting"
# Only these pass through from the caller's shell: never a developer's DATABASE_URL or key.
PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")
SETUP_SCRIPT = f"""
from django.utils import timezone
from essays.models import Author, Essay
essay = Essay.objects.create(
    title="Posting bench", slug="{SLUG}", body="Text.", status=Essay.Status.PUBLISHED,
    publish_at=timezone.now() - timezone.timedelta(days=1), comments_mode=Essay.Comments.OPEN,
)
essay.authors.add(Author.objects.create(name="Bench", slug="bench"))
"""


@dataclass(frozen=True)
class Scenario:
    name: str
    checker: str
    workers: int
    threads: int = 1


SCENARIOS = [
    Scenario("embedded checker", "embedded", workers=2),
    Scenario("Akismet, 100 ms", "akismet", workers=2),
    Scenario("Akismet, 100 ms, gthread", "akismet", workers=2, threads=8),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_env(tmp: Path, port: int, *, akismet_url: str = "") -> dict:
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    return env | {
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "STATIC_MANIFEST": "false",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "LOG_LEVEL": "ERROR",
        "COMMENTS_FLOOD_SECONDS": "0",
        "COMMENTS_HOURLY_CAP_PER_IP": str(10**9),
        "COMMENTS_MIN_SUBMIT_SECONDS": "0",
        # Each connection is a different reader, by X-Forwarded-For, as behind a proxy.
        "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "SPAM_CHECKER": "akismet" if akismet_url else "embedded",
        "AKISMET_API_KEY": "bench-key-0123" if akismet_url else "",
        "AKISMET_API_URL": akismet_url or "https://rest.akismet.com/1.1/",
        "AKISMET_IS_TEST": "true",
    }


def worker_cpu_seconds(master: int) -> float:
    """User + system CPU of the gunicorn master's worker processes so far (Linux /proc)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total_ticks = 0
    for pid in children:
        # Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total_ticks += int(fields[11]) + int(fields[12])
    return total_ticks / os.sysconf("SC_CLK_TCK")


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on {port} within {timeout:.0f} s")


class Connection(http.client.HTTPConnection):
    """http.client sends headers and body in two writes: without TCP_NODELAY, Nagle's
    algorithm and the server's delayed ACK add 40 ms to every POST."""

    def connect(self) -> None:
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class Poster:
    """One keep-alive connection that fetches the form once, then posts comments."""

    def __init__(self, port: int, name: str, number: int) -> None:
        self.conn = Connection("127.0.0.1", port, timeout=30)
        self.name = name
        self.count = 0
        self.ip = f"10.{number // 256 % 256}.{number % 256}.1"
        self.conn.request("GET", f"/essays/{SLUG}/")
        response = self.conn.getresponse()
        page = response.read().decode()
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        self.cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in cookies.items())
        self.fields = {
            name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
            for name in ("timestamp",)  # no CSRF token: Fetch Metadata guards the form
        }

    def post(self) -> int:
        self.count += 1
        body = urlencode(
            self.fields
            | {
                "author_name": f"Bench {self.name}",
                "author_email": f"bench-{self.name}@example.org",
                "author_url": "",
                "homepage_url": "",
                "body": f"Comment {self.count} from {self.name} on the posting bench essay.",
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": self.cookie,
            "X-Forwarded-For": self.ip,
        }
        self.conn.request("POST", f"/essays/{SLUG}/comments/", body, headers)
        response = self.conn.getresponse()
        response.read()
        return response.status


def load(port: int, *, connections: int, duration: float) -> tuple[list[float], int]:
    """Post from `connections` threads for `duration` seconds; latencies (s) and failures."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    posters = [Poster(port, secrets.token_hex(4), n) for n in range(connections)]
    deadline = time.monotonic() + duration

    def run(poster: Poster) -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            status = poster.post()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                failures[0] += status != 302
            if status != 302:
                time.sleep(0.01)

    threads = [threading.Thread(target=run, args=(poster,)) for poster in posters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_scenario(scenario: Scenario, tmp: Path, akismet: AkismetTestServer, args) -> str:
    port = free_port()
    url = akismet.url if scenario.checker == "akismet" else ""
    env = site_env(tmp, port, akismet_url=url)
    command = [GUNICORN, "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(scenario.workers)]
    if scenario.threads > 1:
        command += ["--threads", str(scenario.threads)]
    log = (tmp / "gunicorn.log").open("a")
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_for_port(port, proc)
        load(port, connections=1, duration=0.5)  # warm-up: imports, key verification
        rows = []
        for connections in sorted({1, args.connections}):
            before, cpu_before = len(akismet.requests), worker_cpu_seconds(proc.pid)
            latencies, failures = load(port, connections=connections, duration=args.duration)
            calls = len(akismet.requests) - before
            cpu = worker_cpu_seconds(proc.pid) - cpu_before
            rows.append(row(scenario, connections, latencies, failures, calls, args.duration, cpu))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    return "\n".join(rows)


def row(scenario: Scenario, connections, latencies, failures, calls, duration, cpu) -> str:
    ms = [value * 1000 for value in latencies]
    config = f"{scenario.workers}w" + (f" x {scenario.threads}t" if scenario.threads > 1 else "")
    return (
        f"| {scenario.name} | {config} | {connections} | {len(ms)} | {len(ms) / duration:.1f} | "
        f"{statistics.median(ms):.1f} | {percentile(ms, 0.99):.1f} | {max(ms):.1f} | "
        f"{cpu * 1000 / len(ms):.1f} | {failures} | {calls} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--delay", type=float, default=0.1, help="Akismet answer delay (s)")
    parser.add_argument(
        "--checker", choices=["embedded", "akismet"], help="only the scenarios of this checker"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    with (
        tempfile.TemporaryDirectory(prefix="comment-bench-") as tmp_name,
        AkismetTestServer(valid_key=None, default_mode="slow", slow_seconds=args.delay) as akismet,
    ):
        tmp = Path(tmp_name)
        env = site_env(tmp, 8000)
        for step in (["migrate", "--no-input", "-v", "0"], ["shell", "-c", SETUP_SCRIPT]):
            subprocess.run([PYTHON, "manage.py", *step], cwd=ROOT, env=env, check=True, timeout=120)
        print(
            f"Posting comments: {args.connections} connections, {args.duration:g} s per "
            f"scenario, SQLite, gunicorn; Akismet test server answers after "
            f"{args.delay * 1000:.0f} ms.\n"
        )
        print("| scenario | gunicorn | connections | posts | posts/s | p50 ms | p99 ms | max ms "
              "| server CPU ms/post | failed | spam API calls |")  # fmt: skip
        print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for scenario in SCENARIOS:
            if args.checker and scenario.checker != args.checker:
                continue
            print(run_scenario(scenario, tmp, akismet, args), flush=True)


if __name__ == "__main__":
    main()
