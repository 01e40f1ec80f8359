"""The clock that holds a fetch to one deadline, the connections it watches, and how transport
errors are told to an editor."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from typing import TYPE_CHECKING

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

from essays.outbound.errors import ConnectionFailed, FetchError, FetchTimeout

if TYPE_CHECKING:
    from essays.outbound.target import _Target


class _Clock:
    """One deadline for a whole fetch. When it passes, the sockets it watches are shut down, so
    no read can outlast it: a socket timeout alone restarts with every byte that trickles in."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()

    def left(self, target: _Target) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise self.timeout(target)
        return left

    def timeout(self, target: _Target) -> FetchTimeout:
        return FetchTimeout(f"No complete answer within {self.seconds:g} s.", url=target.url)

    def watch(self, sock: socket.socket) -> None:
        # A duplicate descriptor: TLS wrapping detaches the original socket object, and ours
        # cannot be reused by another connection before we close it.
        with self._lock:
            self._sockets.append(sock.dup())
            if self.expired:
                self._shut(self._sockets[-1])

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _Watched:
    """Hands each new socket to the fetch's clock before TLS or HTTP touch it."""

    clock: _Clock

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        self.clock.watch(sock)
        return sock


class _HTTP(_Watched, HTTPConnection):
    pass


class _HTTPS(_Watched, HTTPSConnection):
    pass


def _failure(error: Exception, target: _Target, clock: _Clock) -> FetchError:
    """The transport error as an editor would want it told."""
    url = target.url
    if clock.expired:
        return clock.timeout(target)
    cause = error.__cause__ or error.__context__ or error
    # NewConnectionError is a ConnectTimeoutError in urllib3 2, so it comes first.
    if isinstance(error, urllib3.exceptions.NewConnectionError | ConnectionRefusedError):
        return ConnectionFailed(f"Could not connect: {_reason(cause)}", url=url)
    if isinstance(error, TimeoutError | urllib3.exceptions.TimeoutError):
        return clock.timeout(target)
    if isinstance(error, ssl.SSLError | urllib3.exceptions.SSLError):
        reason = getattr(error, "verify_message", None) or _reason(error)
        return ConnectionFailed(f"Could not connect securely to {target.host}: {reason}", url=url)
    return FetchError(f"Bad answer: {type(error).__name__}: {_reason(error)}", url=url)


def _reason(error: BaseException) -> str:
    return (getattr(error, "strerror", None) or str(error) or type(error).__name__)[:120]
