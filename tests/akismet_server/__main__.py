"""Serve the local Akismet server by hand: ``python -m tests.akismet_server --mode slow``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from tests.akismet_server.protocol import DEFAULT_OPTIONS, MODES
from tests.akismet_server.server import AkismetTestServer


def main(argv: list[str] | None = None) -> None:
    """Serve until Ctrl-C, printing the URL to put in AKISMET_API_URL."""
    parser = argparse.ArgumentParser(description="A local Akismet-compatible server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--mode", choices=MODES, default="auto")
    parser.add_argument("--key", default=None, help="the only valid API key (default: any)")
    parser.add_argument("--slow-seconds", type=float, default=DEFAULT_OPTIONS["slow_seconds"])
    parser.add_argument("--drip-seconds", type=float, default=DEFAULT_OPTIONS["drip_seconds"])
    parser.add_argument("--retry-after", default=DEFAULT_OPTIONS["retry_after"])
    parser.add_argument("--failure-rate", type=float, default=0.3, help="for --mode random")
    parser.add_argument("--seed", type=int, default=0, help="for --mode random")
    args = parser.parse_args(argv)
    server = AkismetTestServer(
        host=args.host,
        port=args.port,
        valid_key=args.key,
        default_mode=args.mode,
        verbose=True,
        slow_seconds=args.slow_seconds,
        drip_seconds=args.drip_seconds,
        retry_after=args.retry_after,
        failure_rate=args.failure_rate,
        seed=args.seed,
    )
    # Both signals only set an event, installed before the address is printed: whoever reads
    # it may stop the server at once, and no KeyboardInterrupt lands mid-shutdown.
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    with server:
        print(f"Akismet test server ({args.mode}) at {server.url}", flush=True)
        print(f"Try: AKISMET_API_URL={server.url}", flush=True)
        while not stopped.wait(0.2):
            pass
        print("Stopping.", file=sys.stderr)


if __name__ == "__main__":
    main()
