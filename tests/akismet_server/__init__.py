"""A local Akismet-compatible server for tests, and for trying failures by hand.

    python -m tests.akismet_server --port 8765 --mode slow

then point the site at it with ``AKISMET_API_URL=http://127.0.0.1:8765/1.1/``.
protocol.py holds what it answers, handler.py its HTTP side, server.py the scripted server.
"""

from tests.akismet_server.protocol import (
    MODES,
    SPAM_AUTHOR,
    SPAM_CONTENT,
    SPAM_EMAIL,
    THANKS,
    RecordedRequest,
)
from tests.akismet_server.server import AkismetTestServer

__all__ = [
    "MODES",
    "SPAM_AUTHOR",
    "SPAM_CONTENT",
    "SPAM_EMAIL",
    "THANKS",
    "AkismetTestServer",
    "RecordedRequest",
]
