"""The local Akismet server's HTTP side: a thread per connection, each tracked so that
AkismetTestServer.stop() can cut it, and the misbehaving answers (slow, drip, huge, close)."""

from __future__ import annotations

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from tests.akismet_server.protocol import HTML_PAGE, WRITE_CHUNK, RecordedRequest, protocol_answer

if TYPE_CHECKING:
    from tests.akismet_server.server import AkismetTestServer


class HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], *, owner: AkismetTestServer) -> None:
        self.owner = owner
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="akismet-test-server-handler",
            daemon=True,
        )
        self.owner._track(request, thread, add=True)
        thread.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.owner._track(request, threading.current_thread(), add=False)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "AkismetTestServer/1.0"
    # Headers and body go out in separate writes; without this, delayed ACKs add 40 ms each.
    disable_nagle_algorithm = True
    # Idle keep-alive connections give up on their own; stop() also cuts them.
    timeout = 10
    server: HTTPServer

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: requests are recorded, and printed by _record when verbose."""

    def _handle(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
        url = urlsplit(self.path)
        form = {name: values[-1] for name, values in parse_qs(url.query).items()}
        fields = parse_qs(body, keep_blank_values=True)
        form.update({name: values[-1] for name, values in fields.items()})
        endpoint = url.path.rstrip("/").rsplit("/", 1)[-1]
        mode, options = owner._next()
        owner._record(
            RecordedRequest(
                method=self.command,
                path=url.path,
                endpoint=endpoint,
                headers={name.lower(): value for name, value in self.headers.items()},
                form=form,
                mode=mode,
            )
        )
        try:
            self._answer(endpoint=endpoint, mode=mode, options=options, form=form)
        except OSError:
            # The client gave up (timeout, size cap) or stop() cut the connection.
            self.close_connection = True

    def _answer(
        self, *, endpoint: str, mode: str, options: dict[str, Any], form: dict[str, str]
    ) -> None:
        owner = self.server.owner
        if mode == "close":
            self.close_connection = True
        elif mode in {"403", "500", "503"}:
            status = HTTPStatus(int(mode))
            self._send(status, status.phrase)
        elif mode == "rate_limited":
            retry_after = str(options["retry_after"])
            self._send(HTTPStatus.TOO_MANY_REQUESTS, "Slow down", {"Retry-After": retry_after})
        elif mode == "empty":
            self._send(HTTPStatus.OK, "")
        elif mode == "garbage":
            self._send(HTTPStatus.OK, "banana")
        elif mode == "html":
            self._send(HTTPStatus.OK, HTML_PAGE, {"Content-Type": "text/html; charset=utf-8"})
        elif mode == "huge":
            self._send_huge(options["huge_bytes"])
        elif mode == "invalid_key":
            self._send(HTTPStatus.OK, "invalid", {"X-akismet-debug-help": "Invalid API key."})
        elif mode == "error_header":
            message = "Missing required field: user_ip."
            headers = {"X-akismet-error": message, "X-akismet-debug-help": "Send user_ip."}
            self._send(HTTPStatus.OK, message, headers)
        elif mode == "slow":
            if owner._stopping.wait(options["slow_seconds"]):
                return
            self._send(
                *protocol_answer(
                    endpoint=endpoint, form=form, mode="auto", valid_key=owner.valid_key
                )
            )
        elif mode == "drip":
            status, text, headers = protocol_answer(
                endpoint=endpoint, form=form, mode="auto", valid_key=owner.valid_key
            )
            self._send_drip(status, text, headers, options=options)
        else:
            answer = protocol_answer(
                endpoint=endpoint, form=form, mode=mode, options=options, valid_key=owner.valid_key
            )
            self._send(*answer)

    def _send(
        self, status: HTTPStatus, body: str | bytes, headers: dict[str, str] | None = None
    ) -> None:
        data = body.encode() if isinstance(body, str) else body
        self._send_head(status, len(data), headers)
        self.wfile.write(data)

    def _send_head(self, status: HTTPStatus, length: int, headers: dict[str, str] | None) -> None:
        self.send_response(status)
        headers = {"Content-Type": "text/plain; charset=utf-8", **(headers or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def _send_huge(self, size: int) -> None:
        self._send_head(HTTPStatus.OK, size, None)
        chunk = b"x" * WRITE_CHUNK
        sent = 0
        while sent < size and not self.server.owner._stopping.is_set():
            part = chunk[: size - sent]
            self.wfile.write(part)
            sent += len(part)

    def _send_drip(
        self, status: HTTPStatus, text: str, headers: dict[str, str], *, options: dict[str, Any]
    ) -> None:
        """Send a valid answer, padded with leading spaces, one byte at a time."""
        data = text.encode().rjust(max(options["drip_bytes"], len(text)))
        pause = options["drip_seconds"] / len(data)
        self._send_head(status, len(data), headers)
        self.wfile.flush()
        for index in range(len(data)):
            self.wfile.write(data[index : index + 1])
            self.wfile.flush()
            if self.server.owner._stopping.wait(pause):
                return
