"""The one way the site fetches a URL that someone else named: source links, imported images,
metadata lookups.

Plain Python on urllib3, so nothing here imports Django. Every fetch accepts only http(s) URLs
without credentials; resolves the host once and refuses it when any address is not public
(https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html);
connects to that vetted address itself; follows redirects itself, vetting each hop; and runs
against one deadline, DNS to last byte, with a cap on the body.
"""

from essays.outbound.addresses import Address, Network, address_refusal
from essays.outbound.client import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_USER_AGENT,
    METHODS,
    REDIRECTS,
    FetchResult,
    fetch,
)
from essays.outbound.errors import (
    BlockedAddress,
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    InvalidURL,
    TooLarge,
    TooManyRedirects,
)

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_USER_AGENT",
    "METHODS",
    "REDIRECTS",
    "Address",
    "BlockedAddress",
    "ConnectionFailed",
    "FetchError",
    "FetchResult",
    "FetchTimeout",
    "InvalidURL",
    "Network",
    "TooLarge",
    "TooManyRedirects",
    "address_refusal",
    "fetch",
]
