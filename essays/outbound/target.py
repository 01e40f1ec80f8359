"""Where a fetch goes: one parse of the URL decides both what is vetted and what is dialled."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from requests.utils import requote_uri

from essays.outbound.errors import InvalidURL


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA), without brackets
    port: int
    path: str  # what goes on the request line

    @classmethod
    def parse(cls, url: str) -> _Target:
        # One parser decides both what is vetted and where we connect: no parser differential.
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise InvalidURL(f"Only http and https URLs can be fetched: {url[:100]}", url=url)
        if "@" in parts.netloc:
            raise InvalidURL("URLs with a user name or password are refused.", url=url)
        try:
            port = parts.port or (443 if scheme == "https" else 80)
            host = (parts.hostname or "").encode("idna").decode("ascii")
        except (ValueError, UnicodeError) as error:
            raise InvalidURL(f"Not a valid URL ({error}): {url[:100]}", url=url) from None
        if not host:
            raise InvalidURL(f"The URL has no host: {url[:100]}", url=url)
        path = requote_uri((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        return cls(url, scheme, host, port, path)

    @property
    def origin(self) -> tuple[str, str, int]:
        return self.scheme, self.host, self.port

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return (
            host if self.port == (443 if self.scheme == "https" else 80) else f"{host}:{self.port}"
        )
