"""The errors a fetch raises: FetchError, and one subclass for each way a fetch fails."""

from __future__ import annotations


class FetchError(Exception):
    """A URL could not be fetched; the message says why, in words an editor can act on."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class InvalidURL(FetchError):
    """Not an http(s) URL with a host, or one carrying a user name or password."""


class BlockedAddress(FetchError):
    """The host is, or resolves to, an address that is not public; nothing was sent to it."""

    def __init__(self, message: str, *, url: str, address: str) -> None:
        super().__init__(message, url=url)
        self.address = address


class ConnectionFailed(FetchError):
    """The name did not resolve, the connection was refused, or TLS failed."""


class FetchTimeout(FetchError):
    """The deadline passed before the answer was complete."""


class TooLarge(FetchError):
    """The body is longer than max_bytes."""


class TooManyRedirects(FetchError):
    """More redirects than max_redirects."""
