"""pages/gzip_splice.py: a gzip member made of a head deflated once and a tail deflated per
request decodes to head + tail in every decoder, and the tail is compressed apart."""

import gzip
import io
import os
import zlib

import pytest

from pages.gzip_splice import deflate_head, gzip_spliced
from pages.personal import DeflatedHeads

PAGE = ("<p>Le café coûte 3 €: " + "a long comment, said again and again. " * 2000).encode()
CASES = {
    "page and form": (PAGE, b"<form>name=Ada</form></body></html>"),
    "empty head": (b"", b"<form></form>"),
    "empty tail": (PAGE, b""),
    "both empty": (b"", b""),
    "incompressible, over 64 KB each": (os.urandom(70_000), os.urandom(70_000)),
    "one byte each": (b"<", b">"),
}


@pytest.mark.parametrize(("head", "tail"), CASES.values(), ids=CASES.keys())
def test_every_decoder_reads_head_then_tail(head, tail):
    spliced = gzip_spliced(deflate_head(head), tail)

    assert gzip.decompress(spliced) == head + tail
    assert zlib.decompress(spliced, wbits=31) == head + tail  # checks the CRC and the size
    with gzip.GzipFile(fileobj=io.BytesIO(spliced)) as stream:  # read in small steps
        assert b"".join(iter(lambda: stream.read(997), b"")) == head + tail


def test_a_wrong_crc_or_size_would_be_caught():
    """The decoders above do check the trailer, so the CRC carried over is really tested."""
    spliced = bytearray(gzip_spliced(deflate_head(PAGE), b"tail"))
    spliced[-5] ^= 1  # a bit of the CRC
    with pytest.raises(zlib.error):
        zlib.decompress(bytes(spliced), wbits=31)


def test_the_tail_is_compressed_with_nothing_from_the_head():
    """A secret in the tail is never matched against comments in the head (BREACH)."""
    tail = b'<input name="csrfmiddlewaretoken" value="Secret123"></form>'

    def deflated_tail(head: bytes) -> bytes:
        deflated = deflate_head(head)
        spliced = gzip_spliced(deflated, tail)
        name_end = spliced.index(b"\0", 10) + 1
        return spliced[name_end + len(deflated.deflated) : -8]

    assert deflated_tail(PAGE) == deflated_tail(PAGE + b'value="Secret12') == deflated_tail(b"")


def test_the_header_carries_a_random_length_name_as_gzip_middleware_does():
    head = deflate_head(PAGE)
    lengths = {len(gzip_spliced(head, b"tail")) for _ in range(20)}
    assert len(lengths) > 1
    assert gzip_spliced(head, b"tail")[3] == gzip.FNAME


def test_kept_heads_are_bounded_and_deflated_once_per_key():
    heads = DeflatedHeads(size=2)
    asked = []

    def head(text: bytes):
        return lambda: asked.append(text) or text

    first = heads.get(("v1", 5), head(b"first"))
    assert heads.get(("v1", 5), head(b"not read")) is first
    heads.get(("v2", 5), head(b"second"))
    heads.get(("v3", 5), head(b"third"))  # the oldest, v1, goes
    assert asked == [b"first", b"second", b"third"]
    assert list(heads.heads) == [("v2", 5), ("v3", 5)]
