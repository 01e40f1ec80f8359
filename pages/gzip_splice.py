"""Gzip for a page made of a shared head and a short personal tail: the head compressed once.

A reader with a cookie of their own gets the shared essay page (200 KB with its comments)
with their comment form spliced in (pages/personal.py). GZipMiddleware compressed all of it
for every such request: half the time of the answer (issue #17). A gzip member's deflate
stream may be cut into pieces that know nothing of each other: after a full flush the
compressor starts afresh, so the piece that follows can be made by another compressor, at
another time, as pigz does to compress in parallel (RFC 1951, 3.2.3 and zlib's Z_FULL_FLUSH).
So the head is deflated once and kept, and each request deflates only its tail.

As the tail is compressed with an empty dictionary, nothing in it is matched against the
comments above: a secret in it (a logged-in reader's CSRF token) cannot be guessed from the
page's size by posting comments (BREACH). A random-length file name in the header, as
GZipMiddleware adds ("Heal The Breach"), varies the size as well.
"""

from __future__ import annotations

import random
import string
import struct
import zlib
from dataclasses import dataclass

from django.middleware.gzip import GZipMiddleware

LEVEL = 6  # GZipMiddleware's (django.utils.text.compress_string)
RAW_DEFLATE = -zlib.MAX_WBITS  # no zlib header or trailer: the gzip member supplies its own
# Magic, deflate, FNAME (the random name follows), mtime 0, no extra flags, OS unknown.
_HEADER = b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff"
_random = random.SystemRandom()


@dataclass(frozen=True)
class DeflatedHead:
    """The head of a page deflated up to a full flush, with what the gzip trailer needs."""

    deflated: bytes
    crc: int
    size: int


def deflate_head(head: bytes) -> DeflatedHead:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, RAW_DEFLATE)
    deflated = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    return DeflatedHead(deflated, zlib.crc32(head), len(head))


def gzip_spliced(head: DeflatedHead, tail: bytes) -> bytes:
    """One gzip member whose content is the head's bytes followed by `tail`."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, RAW_DEFLATE)
    deflated_tail = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(tail, head.crc)
    trailer = struct.pack("<II", crc, (head.size + len(tail)) & 0xFFFFFFFF)
    return b"".join((_HEADER, _random_name(), head.deflated, deflated_tail, trailer))


def _random_name() -> bytes:
    length = _random.randint(1, GZipMiddleware.max_random_bytes)
    return "".join(_random.choices(string.ascii_letters, k=length)).encode() + b"\0"
