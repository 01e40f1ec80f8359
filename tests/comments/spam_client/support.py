"""What the spam client's tests share: the key, the blog, a comment payload, a free port."""

import socket
from collections.abc import Callable

from comments.spam.client import AkismetClient, build_payload

API_KEY = "k3y-0f-the-marginalia-7d1e"
BLOG = "https://marginalia.example/"
# Correctness bounds, not benchmarks: default budget is 2 s, with up to one connect timeout over.
TIME_BOUND = 4.0

MakeClient = Callable[..., AkismetClient]


def comment(**fields: str) -> dict[str, str]:
    return build_payload(
        **{
            "user_ip": "203.0.113.7",
            "user_agent": "Mozilla/5.0 (test)",
            "comment_author": "Ada",
            "comment_content": "A thoughtful remark about footnotes.",
            **fields,
        }
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
