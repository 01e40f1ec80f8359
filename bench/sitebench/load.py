"""The load: wrk when it can be had (and its output parsed), else threads with http.client."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import sys
import threading
import time

from . import BENCH
from .client import address
from .processes import Processes
from .scenarios import Result, Scenario

WRK_TIME = re.compile(r"([\d.]+)(us|ms|s|m|h)\b")
WRK_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


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
    host, port = address(port)
    url = f"http://{host}:{port}{scenario.path}"
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
        conn = http.client.HTTPConnection(*address(port), timeout=10)
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
