"""Load-test the reader pages and comment posting under gunicorn; print one markdown table.

Run from the project root:

    .venv/bin/python bench/site_bench.py            # 10 s per scenario, 8 connections
    .venv/bin/python bench/site_bench.py --quick    # 3 s per scenario
    .venv/bin/python bench/site_bench.py --duration 20 --connections 16

Builds a fresh SQLite database in a temporary directory (demo essays plus bench/dataset.py),
serves it with gunicorn under production settings, and measures each scenario with wrk (or, if
wrk cannot be had, a small Python load generator). Every process it starts runs in its own
process group and is stopped on exit, error or signal. bench/README.md explains the rows.

Two references run in the same pass: the framework floor (bench/floor_wsgi.py, one view doing
one query behind the project's middleware, its own gunicorn) and the limit (nginx serving a
saved copy of the 200-comment page, bench/nginx.conf.template; installed with apt-get when
missing and run as root). Every row is printed as a multiple of both.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
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
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote_plus, urlencode

from dataset import COMMENTS_SLUG, NOTES_SLUG

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
ORDINARY_SLUG = "the-library-pays-twice"  # a demo essay with comments open
POSTER_EMAIL = "bench-poster@example.com"
SETUP_TIMEOUT = 180  # seconds for any one set-up step
# Only these pass through from the caller's shell: a developer's DATABASE_URL, CACHE_URL or
# AKISMET_API_KEY must never reach the benchmark.
PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    method: str = "GET"
    form_path: str = ""  # for a POST: the page that holds the form
    target: str = "site"  # "site", "floor" (one-query Django view) or "nginx" (static copy)
    headers: tuple[str, ...] = ()  # "Name: value", with {etag} and {session} filled in

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def revalidates(self) -> bool:
        return any(header.startswith("If-None-Match") for header in self.headers)

    def ok(self, status: int) -> bool:
        """A page answers 2xx (304 for a revisit); a valid comment post redirects."""
        if self.method == "POST":
            return 300 <= status < 400
        return status == 304 if self.revalidates else 200 <= status < 300


ESSAY_200 = f"/essays/{COMMENTS_SLUG}/"
SCENARIOS = [
    Scenario("floor: one-query Django view", "/floor/", target="floor"),
    Scenario("limit: nginx, static copy of the 200-comment page", "/essay.html", target="nginx"),
    Scenario("index", "/"),
    Scenario("essay (demo)", f"/essays/{ORDINARY_SLUG}/"),
    Scenario("essay, 50 notes", f"/essays/{NOTES_SLUG}/"),
    # Any own_comments cookie (even an invalid one) bypasses the page cache: a full render.
    Scenario("essay, 200 comments, uncached", ESSAY_200, headers=("Cookie: own_comments=x",)),
    Scenario("essay, 200 comments, cached", ESSAY_200),
    Scenario("essay, 200 comments, 304 revisit", ESSAY_200, headers=("If-None-Match: {etag}",)),
    Scenario("RSS feed", "/feed/rss/"),
    Scenario(
        "post a comment (embedded checker)",
        f"/essays/{ORDINARY_SLUG}/comments/",
        "POST",
        form_path=f"/essays/{ORDINARY_SLUG}/",
    ),
    Scenario(
        "moderation queue, 100,000 comments",
        "/admin/comments/comment/",
        headers=("Cookie: sessionid={session}",),
    ),
]


@dataclass
class Result:
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass(frozen=True)
class CommentForm:
    """What a reader's browser holds after loading the essay: cookie and hidden fields."""

    cookie: str
    fields: str  # url-encoded, without the body

    def body(self, text: str) -> str:
        return f"{self.fields}&body={quote_plus(text)}"

    @property
    def headers(self) -> dict:
        return {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}


class Interrupted(SystemExit):
    pass


def on_signal(signum, frame):
    print(f"Stopped by signal {signum}; stopping what was started.", file=sys.stderr)
    raise Interrupted(128 + signum)


# PROCESSES
# ------------------------------------------------------------------------------
class Processes:
    """Children in their own process groups, stopped group and all, whatever happens."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []
        libc_name = ctypes.util.find_library("c")
        self.libc = ctypes.CDLL(libc_name, use_errno=True) if libc_name else None

    def die_with_parent(self) -> None:
        # Runs in the child: Linux sends it SIGTERM if this script is killed with SIGKILL.
        if self.libc is not None and sys.platform == "linux":
            self.libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

    def start(self, cmd: list[str], **kwargs) -> subprocess.Popen:
        proc = subprocess.Popen(
            cmd, start_new_session=True, preexec_fn=self.die_with_parent, **kwargs
        )
        self.started.append(proc)
        return proc

    def run(self, cmd: list[str], *, timeout: float = SETUP_TIMEOUT, **kwargs) -> tuple[bool, str]:
        """Run `cmd` to the end (stopped after `timeout`): whether it succeeded, and its output."""
        proc = self.start(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs
        )
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(proc)
            return False, f"timed out after {timeout:.0f} s"
        finally:
            self.stop(proc)
        return proc.returncode == 0, output

    def step(self, cmd: list[str], **kwargs) -> str:
        """Run a step the benchmark cannot do without; stop with its output if it fails."""
        ok, output = self.run(cmd, **kwargs)
        if not ok:
            sys.exit(f"Failed: {' '.join(cmd)}\n{output}")
        return output

    def stop(self, proc: subprocess.Popen, grace: float = 10) -> None:
        """SIGTERM to the group, SIGKILL after `grace` seconds; leftovers in the group too."""
        if proc not in self.started:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        self.started.remove(proc)

    def stop_all(self) -> None:
        for proc in reversed(list(self.started)):  # stop() removes from the list
            self.stop(proc)


# SET-UP
# ------------------------------------------------------------------------------
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


def find_wrk(procs: Processes) -> str | None:
    """wrk's path, installing the Debian package first if we may; None: use Python instead."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("wrk is not installed (run `apt-get install wrk` as root); using the Python loader.")
        return None
    print("wrk is not installed: installing it with `apt-get install -y wrk`.", flush=True)
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "wrk"]
    ok, output = procs.run(install, env=env, timeout=300)
    if not ok:  # most often a stale package list
        procs.run(["apt-get", "update"], env=env, timeout=300)
        ok, output = procs.run(install, env=env, timeout=300)
    if ok and shutil.which("wrk"):
        return shutil.which("wrk")
    print(f"Installing wrk failed; using the Python loader.\n{output[-2000:]}")
    return None


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
    log = (prefix / "stderr.log").open("ab")
    proc = procs.start([nginx, "-p", str(prefix), "-c", str(conf)], stdout=log, stderr=log)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"nginx exited ({proc.returncode}):\n{tail(prefix / 'error.log')}")
        with contextlib.suppress(OSError):
            fetch(port, "GET", "/essay.html")
            return prefix
        time.sleep(0.1)
    sys.exit(f"nginx did not answer within 10 s:\n{tail(prefix / 'error.log')}")


# HTTP
# ------------------------------------------------------------------------------
def fetch(port: int, method: str, path: str, body: str | None = None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


class FormFields(HTMLParser):
    """The hidden fields of the comment form (the one posting to .../comments/)."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = (attrs.get("action") or "").endswith("/comments/")
        elif tag == "input" and self.in_form and attrs.get("type") == "hidden":
            self.fields[attrs.get("name") or ""] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def comment_form(port: int, essay_path: str) -> CommentForm:
    response, page = fetch(port, "GET", essay_path)
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    parser = FormFields()
    parser.feed(page.decode("utf-8", "replace"))
    missing = {"csrfmiddlewaretoken", "timestamp"} - parser.fields.keys()
    if "csrftoken" not in cookies or missing:
        sys.exit(f"{essay_path} has no usable comment form (missing: {missing or 'csrftoken'}).")
    fields = parser.fields | {"author_name": "Bench Reader", "author_email": POSTER_EMAIL}
    fields |= {"author_url": "", "homepage_url": ""}
    return CommentForm(cookie=f"csrftoken={cookies['csrftoken'].value}", fields=urlencode(fields))


# LOAD
# ------------------------------------------------------------------------------
SERVER_LOG_LINE = re.compile(r"^\S+ \S+ ((?:WARNING|ERROR|CRITICAL) .*)$")
WRK_TIME = re.compile(r"([\d.]+)(us|ms|s|m|h)\b")
WRK_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def wrk_ms(text: str) -> float:
    value, unit = WRK_TIME.fullmatch(text).groups()
    return float(value) * WRK_UNITS_MS[unit]


def parse_wrk(output: str, scenario: Scenario) -> Result:
    def number(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None and default is None:
            sys.exit(f"Unexpected wrk output for {scenario.label}:\n{output}")
        return match.group(1) if match else default

    # connect, read, write and timeout errors; the line is absent when all are zero
    socket_errors = re.search(r"Socket errors: ([\w ,]+)", output)
    errors = sum(map(int, re.findall(r"\d+", socket_errors.group(1)))) if socket_errors else 0
    if scenario.method == "POST":
        errors += int(number(r"^non-3xx responses: (\d+)"))
    else:
        errors += int(number(r"Non-2xx or 3xx responses: (\d+)", "0"))
    return Result(
        requests=int(number(r"(\d+) requests in")),
        per_second=float(number(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=wrk_ms(number(r"^\s+50%\s+(\S+)")),
        p99_ms=wrk_ms(number(r"^\s+99%\s+(\S+)")),
        errors=errors,
    )


def wrk_load(procs, wrk, port, scenario, form, args, nonce, headers) -> Result:
    threads = min(args.threads, args.connections)
    cmd = [wrk, f"-t{threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    cmd += ["--timeout", "10s"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    url = f"http://127.0.0.1:{port}{scenario.path}"
    if scenario.method == "POST":
        cmd += ["-s", str(BENCH / "post_comment.lua"), url, "--", form.fields, form.cookie, nonce]
    else:
        cmd.append(url)
    return parse_wrk(procs.step(cmd, timeout=args.duration + 60), scenario)


def python_load(port, scenario, form, args, nonce, headers) -> Result:
    """Threads with one keep-alive connection each, for when wrk is missing."""
    deadline = time.monotonic() + args.duration
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, bad, n = [], 0, 0
        while time.monotonic() < deadline:
            n += 1
            body, sent = None, headers
            if scenario.method == "POST":
                body = form.body(f"Benchmark comment {nonce}-{index}-{n}")
                sent = form.headers
            started = time.perf_counter()
            try:
                conn.request(scenario.method, scenario.path, body=body, headers=sent)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                bad += 1
                continue
            mine.append(time.perf_counter() - started)
            bad += not scenario.ok(response.status)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    workers = [
        threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.connections)
    ]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0
        )

    return Result(
        len(latencies), len(latencies) / elapsed, percentile(0.5), percentile(0.99), errors[0]
    )


# REPORT
# ------------------------------------------------------------------------------
def stored_comments(tmp: Path) -> int:
    """Comments the posting scenario left in the database (pending or not)."""
    with contextlib.closing(sqlite3.connect(tmp / "bench.sqlite3")) as db:
        row = db.execute(
            "SELECT count(*) FROM comments_comment WHERE author_email = ?", (POSTER_EMAIL,)
        ).fetchone()
    return row[0]


def server_log_summary(path: Path, shown: int = 5) -> list[str]:
    """The server's warnings and errors, most frequent first (they explain an error count)."""
    counts = Counter()
    for line in path.read_text(errors="replace").splitlines():
        match = SERVER_LOG_LINE.match(line)
        if match:
            counts[match.group(1)] += 1
    return [f"{n}x {message}" for message, n in counts.most_common(shown)]


def table(rows: list[tuple[Scenario, Result]]) -> str:
    """One row per scenario, with its throughput as a multiple of the floor's and nginx's."""
    reference = {s.target: r.per_second for s, r in rows if s.target != "site"}
    lines = [
        "| scenario | request | requests | req/s | p50 ms | p99 ms | errors | × floor | × nginx |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scenario, r in rows:
        ratios = [
            f"{r.per_second / reference[name]:.2f}" if reference.get(name) else "n/a"
            for name in ("floor", "nginx")
        ]
        lines.append(
            f"| {scenario.name} | `{scenario.label}` | {r.requests} | {r.per_second:.1f} "
            f"| {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {ratios[0]} | {ratios[1]} |"
        )
    return "\n".join(lines)


def progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario (10)")
    parser.add_argument("--connections", type=int, default=8, help="open connections (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--quick", action="store_true", help="3 s per scenario")
    parser.add_argument(
        "--loader", choices=["auto", "wrk", "python"], default="auto", help="load generator"
    )
    args = parser.parse_args()
    if args.quick:
        args.duration = 3
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    procs = Processes()
    load_before = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="marginalia-bench-"))
    nginx_prefix = None
    try:
        wrk = find_wrk(procs) if args.loader != "python" else None
        if args.loader == "wrk" and wrk is None:
            sys.exit("--loader wrk, but wrk could not be had.")
        nginx = find_nginx(procs)
        port = free_port()
        env = bench_env(tmp, port)
        build_site(procs, tmp, env)
        serve(procs, tmp, env, port, args.workers)
        ports = {"site": port, "floor": free_port(), "nginx": free_port()}
        serve(procs, tmp, env, ports["floor"], args.workers, app="bench.floor_wsgi")
        response, page = fetch(port, "GET", ESSAY_200)
        values = {
            "etag": response.getheader("ETag") or "",
            "session": (tmp / "moderator-session.txt").read_text().strip(),
        }
        scenarios = SCENARIOS
        if nginx:
            nginx_prefix = serve_static_copy(procs, nginx, page, ports["nginx"])
        else:
            scenarios = [s for s in SCENARIOS if s.target != "nginx"]
        nonce = secrets.token_hex(4)
        rows, warnings = [], []
        for scenario in scenarios:
            progress(f"{scenario.name}: warm-up, then {args.duration} s")
            target = ports[scenario.target]
            headers = dict(h.format(**values).split(": ", 1) for h in scenario.headers)
            form = None
            if scenario.method == "POST":
                form = comment_form(target, scenario.form_path)
                body = form.body(f"Benchmark comment {nonce}-warm-up")
                response, _ = fetch(target, "POST", scenario.path, body, form.headers)
            else:
                response, _ = fetch(target, "GET", scenario.path, headers=headers)
            if not scenario.ok(response.status):
                warnings.append(f"warm-up of {scenario.label} answered {response.status}")
            if wrk:
                result = wrk_load(procs, wrk, target, scenario, form, args, nonce, headers)
            else:
                result = python_load(target, scenario, form, args, nonce, headers)
            rows.append((scenario, result))
        procs.stop_all()
        posted = next(r.requests - r.errors for s, r in rows if s.method == "POST")
        loader = "wrk" if wrk else "Python loader (threads + http.client)"
        print(
            f"\n{loader}, {args.connections} connections, {args.duration} s per scenario; "
            f"gunicorn -w {args.workers} (sync), SQLite, DEBUG off; {os.cpu_count()} CPUs, "
            f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n"
        )
        print(table(rows))
        print(
            f"\nComments stored by the posting scenario: {stored_comments(tmp)} "
            f"(1 warm-up + {posted} counted 3xx answers; posts still in flight at the end "
            "may land uncounted)."
        )
        for warning in warnings:
            print(f"WARNING: {warning}")
        for line in server_log_summary(tmp / "gunicorn.log"):
            print(f"Server log: {line}")
    finally:
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(signum, signal.SIG_IGN)
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
        if nginx_prefix is not None:
            shutil.rmtree(nginx_prefix, ignore_errors=True)


if __name__ == "__main__":
    main()
