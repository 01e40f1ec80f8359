"""Lighthouse scores of the index and the heaviest essay, mobile and desktop; one markdown table.

Run from the project root (it runs `npm ci --prefix bench` for Lighthouse 12, pinned in
bench/package-lock.json, and `apt-get install chromium` when they are missing):

    .venv/bin/python bench/lighthouse.py             # one run per page and form factor
    .venv/bin/python bench/lighthouse.py --runs 3    # the median of three runs

Builds the benchmark site as bench/site_bench.py does (a fresh SQLite database with the demo
essays and bench/dataset.py's essay with 14 notes and 200 comments), serves it with gunicorn
under production settings with collected static files (WhiteNoise), and runs Lighthouse
against Debian's chromium, headless. Below the table it lists every audit that cost points.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
from pathlib import Path

from dataset import COMMENTS_SLUG
from site_bench import BENCH, ROOT, Processes, bench_env, build_site, free_port, on_signal, serve

LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {"index": "/", "essay, 14 notes, 200 comments": f"/essays/{COMMENTS_SLUG}/"}
FORM_FACTORS = ["mobile", "desktop"]
RUN_TIMEOUT = 240  # seconds for one Lighthouse run
ATTEMPTS = 3


def lighthouse(procs: Processes, url: str, form_factor: str, out: Path) -> dict:
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet"]
    cmd += [f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    for attempt in range(1, ATTEMPTS + 1):
        ok, output = procs.run(cmd, env=env | {"CHROME_PATH": CHROMIUM}, timeout=RUN_TIMEOUT)
        if ok and out.exists():
            return json.loads(out.read_text())
        # Chromium now and then loses the trace of a load (NO_NAVSTART, NO_FCP): try again.
        print(f"  .. attempt {attempt} failed: {output.strip()[-300:]}", file=sys.stderr)
    sys.exit(f"Lighthouse failed {ATTEMPTS} times on {url} ({form_factor}):\n{output[-3000:]}")


def scores(report: dict) -> dict[str, int]:
    return {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}


def lost_points(report: dict) -> list[str]:
    """Audits that count towards a category's score and did not pass in full."""
    lines = []
    for key in CATEGORIES:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue") or ""
                lines.append(f"{key}: {audit['title']} ({audit['score']:.2f}) {value}".rstrip())
    return lines


def install_tools(procs: Processes) -> None:
    """Lighthouse from bench/package-lock.json, and Debian's chromium when we may install it."""
    if not LIGHTHOUSE.exists():
        if not shutil.which("npm"):
            sys.exit("Lighthouse is missing and npm is not installed (apt-get install npm).")
        print("Installing Lighthouse: npm ci --prefix bench", file=sys.stderr, flush=True)
        npm = ["npm", "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund"]
        procs.step(npm, cwd=ROOT, timeout=600)
    if not Path(CHROMIUM).exists():
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            sys.exit(f"{CHROMIUM} is missing: run `apt-get install -y chromium` as root.")
        print("Installing chromium: apt-get install -y chromium", file=sys.stderr, flush=True)
        env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        procs.step(["apt-get", "install", "-y", "-qq", "chromium"], env=env, timeout=900)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page and form factor (1)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--keep", type=Path, help="copy the JSON reports into this folder")
    args = parser.parse_args()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    procs = Processes()
    install_tools(procs)
    tmp = Path(tempfile.mkdtemp(prefix="marginalia-lighthouse-"))
    try:
        port = free_port()
        env = bench_env(tmp, port)
        build_site(procs, tmp, env)
        serve(procs, tmp, env, port, args.workers)
        rows, notes = [], {}
        for name, path in PAGES.items():
            for form_factor in FORM_FACTORS:
                runs = []
                for n in range(args.runs):
                    print(f"  .. {name}, {form_factor}, run {n + 1}", file=sys.stderr, flush=True)
                    out = tmp / f"{len(rows)}-{form_factor}-{n}.json"
                    runs.append(
                        lighthouse(procs, f"http://127.0.0.1:{port}{path}", form_factor, out)
                    )
                    if args.keep:
                        args.keep.mkdir(parents=True, exist_ok=True)
                        shutil.copy(out, args.keep / out.name)
                median = {
                    key: round(statistics.median(scores(run)[key] for run in runs))
                    for key in CATEGORIES
                }
                rows.append((name, form_factor, median))
                notes[(name, form_factor)] = sorted(
                    {line for run in runs for line in lost_points(run)}
                )
        procs.stop_all()
        print(
            f"\nLighthouse {runs[-1].get('lighthouseVersion', '?')}, Debian chromium headless, "
            f"gunicorn -w {args.workers}, DEBUG off, WhiteNoise; median of {args.runs} run(s)\n"
        )
        print("| page | form factor | " + " | ".join(CATEGORIES) + " |")
        print("|---|---|" + "---:|" * len(CATEGORIES))
        for name, form_factor, result in rows:
            cells = " | ".join(str(result[key]) for key in CATEGORIES)
            print(f"| {name} | {form_factor} | {cells} |")
        print("\nWhat cost points:")
        for (name, form_factor), lines in notes.items():
            for line in lines or ["nothing"]:
                print(f"- {name}, {form_factor}: {line}")
    finally:
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(signum, signal.SIG_IGN)
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
