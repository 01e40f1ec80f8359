"""Security tests for comments.validators: website, name and email fields.

Vectors come from tests/data/ (see tests/data/README.md for their sources and licences).
"""

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.exceptions import ValidationError

from comments.validators import (
    validate_no_control_characters,
    validate_single_line,
    validate_website_url,
)

DATA = Path(__file__).resolve().parent.parent / "data"


def _load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


WEBSITE_VECTORS = _load("website_url_vectors.json")
HEADER_VECTORS = _load("header_injection_vectors.json")
UNICODE_CASES = _load("unicode_edge_cases.json")
LONG_INPUTS = _load("long_input_generators.json")

# Spelled out here, not imported: C0 except tab/LF/CR, DEL, C1, and surrogates.
CONTROL_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# CR, LF, VT, FF, NEL, LS, PS, plus the FS/GS/RS separators that str.splitlines() breaks on.
LINE_BREAK_RE = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _rejection(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    assert excinfo.value.messages  # each rejection has a message a commenter can act on
    return excinfo.value


def assert_harmless_url(url: str) -> None:
    """What every URL validate_website_url hands back is like, whatever was typed."""
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and url.startswith(f"{parts.scheme}://")
    assert parts.hostname and parts.hostname.isascii()
    assert parts.username is None and parts.password is None
    assert len(url) <= 200
    assert not re.search(r'[<>"`\\\s]', url)
    assert not any(unicodedata.category(ch)[0] in "CZ" for ch in url)


# Website ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", WEBSITE_VECTORS, ids=[f"url-{i}-{c['expect']}" for i, c in enumerate(WEBSITE_VECTORS)]
)
def test_website_vector_is_accepted_rejected_or_neutralised_as_the_corpus_says(case):
    if case["expect"] == "reject":
        _rejection(validate_website_url, case["value"])
        return
    try:
        url = validate_website_url(case["value"])
    except ValidationError:
        assert case["expect"] == "reject_or_neutralise", "benign controls must be accepted"
        return
    assert_harmless_url(url)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://example.com", "https://example.com"),
        ("http://example.com/path?x=1#frag", "http://example.com/path?x=1#frag"),
        ("https://example.com/~user/", "https://example.com/~user/"),
        ("HTTPS://Example.COM/Path", "https://example.com/Path"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("  https://example.com  ", "https://example.com"),
        ("example.com", "https://example.com"),
        ("www.example.com/blog", "https://www.example.com/blog"),
        (
            "https://en.wikipedia.org/wiki/Hitchhiker's",
            "https://en.wikipedia.org/wiki/Hitchhiker's",
        ),
        ("https://例え.jp/", "https://xn--r8jz45g.jp/"),
        # A whole-script look-alike of "apple.com" shows its punycode, as browsers do.
        ("https://аррӏе.com", "https://xn--80ak6aa92e.com"),
    ],
)
def test_website_is_stored_normalised(typed, stored):
    assert validate_website_url(typed) == stored


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("javascript:alert(1)", "scheme"),
        ("JaVaScRiPt:alert(1)", "scheme"),
        ("data:text/html;base64,PHNjcmlwdD4=", "scheme"),
        ("vbscript:msgbox(1)", "scheme"),
        ("ftp://example.com/", "scheme"),
        ("//evil.example", "scheme"),
        ("https:evil.example", "scheme"),
        ("java\tscript:alert(1)", "invisible"),
        ("https://exa\tmple.com", "invisible"),
        ("https://example.com/\n", "invisible"),
        ("https://example.com/a b", "invisible"),
        ("https://example.com/\u200b", "invisible"),
        ("https://example.com\u202e/moc.live", "bidi"),
        ("https://example.com/\u2066x\u2069", "bidi"),
        ("https://example.com/?q=<script>", "markup"),
        ("https://example.com\\@evil.example", "markup"),
        ("http://example.com/%0d%0aSet-Cookie:x=1", "encoded_control"),
        ("https://user:pass@example.com/", "credentials"),
        ("https://user@example.com/", "credentials"),
        ("https://example.com:99999/", "invalid"),
        ("https://exa_mple", "invalid"),
        ("https://e.com/" + "a" * 187, "max_length"),
    ],
)
def test_website_rejection_says_what_is_wrong(value, code):
    assert _rejection(validate_website_url, value).code == code


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "10.0.0.1",
        "169.254.169.254",
        "8.8.8.8",  # public addresses too: one rule, no table of reserved ranges to keep
        "[::1]",
        "[2001:4860:4860::8888]",
        "0x7f000001",
        "2130706433",
        "0x7f.1",
        "localhost",
        "admin.localhost",
    ],
)
def test_website_must_name_a_domain_not_an_ip_address_or_localhost(host):
    assert _rejection(validate_website_url, f"http://{host}/").code == "host"


def _website_length_cases():
    for entry in LONG_INPUTS:
        if entry["field"] == "website":
            for n in entry["n"]:
                yield pytest.param("https://e.com/" + "a" * n, id=f"{entry['gen']}-{n}")


@pytest.mark.parametrize("url", list(_website_length_cases()))
def test_website_longer_than_200_characters_is_rejected(url):
    if len(url) <= 200:
        assert validate_website_url(url) == url
    else:
        assert _rejection(validate_website_url, url).code == "max_length"


# Control characters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", UNICODE_CASES, ids=[f"unicode-{i}" for i in range(len(UNICODE_CASES))]
)
def test_control_characters_and_surrogates_are_refused_and_other_text_accepted(case):
    if CONTROL_RE.search(case["value"]):
        assert _rejection(validate_no_control_characters, case["value"]).code == (
            "control_characters"
        )
    else:
        validate_no_control_characters(case["value"])


@pytest.mark.parametrize(
    "category",
    ["NUL byte", "NUL only", "C1 control CSI", "ANSI escape", "DEL", "Terminal escape codes"],
)
def test_named_control_character_cases_are_refused(category):
    cases = [c["value"] for c in UNICODE_CASES if c["category"] == category]
    assert cases
    for value in cases:
        _rejection(validate_no_control_characters, value)


@pytest.mark.parametrize(
    "category",
    [
        "Right-To-Left Strings",
        "Emoji",
        "ZWJ emoji",
        "Zalgo Text",
        "combining stack",
        "Two-Byte Characters",
        "Japanese Emoticons",
        "astral plane",
        "Scunthorpe Problem",
    ],
)
def test_ordinary_writing_in_any_script_is_accepted(category):
    cases = [c["value"] for c in UNICODE_CASES if c["category"] == category]
    assert cases
    for value in cases:
        validate_no_control_characters(value)


@pytest.mark.parametrize(
    "case",
    [c for c in UNICODE_CASES if "send raw" in c["category"]],
    ids=lambda c: c["value"],
)
def test_raw_bytes_are_refused_only_if_they_survive_decoding_as_surrogates(case):
    # Django decodes request bodies with errors="replace": U+FFFD is ordinary text.
    validate_no_control_characters(unquote(case["value"], errors="replace"))
    _rejection(validate_no_control_characters, unquote(case["value"], errors="surrogateescape"))


def test_control_character_message_names_the_code_point():
    error = _rejection(validate_no_control_characters, "Alice\x00Admin")
    assert "U+0000" in error.messages[0]


def test_tab_and_line_breaks_are_not_control_characters_for_multiline_text():
    validate_no_control_characters("one\ttwo\r\nthree\n")


# Single-line fields (name, email) --------------------------------------------------------


@pytest.mark.parametrize(
    "case", HEADER_VECTORS, ids=[f"header-{i}" for i in range(len(HEADER_VECTORS))]
)
def test_header_injection_vector_is_refused_where_it_breaks_a_line(case):
    values = [case["value"]]
    if case["field"].startswith("any"):  # URL-encoded: the HTTP layer decodes once, a bug twice
        values += [unquote(case["value"]), unquote(unquote(case["value"]))]
    for value in values:
        if LINE_BREAK_RE.search(value):
            assert _rejection(validate_single_line, value).code == "multiline"
        else:
            # Still one line: encoded words and address lists are text to Django's mail code.
            validate_single_line(value)


@pytest.mark.parametrize(
    "value",
    [
        "Alice\r\nBcc: victim@example.com",
        "Alice\rBcc: victim@example.com",
        "Alice\nBcc: victim@example.com",
        "Alice\x85Bcc: victim@example.com",
        "Alice\u2028Bcc: victim@example.com",
        "Alice\u2029Bcc: victim@example.com",
        "Alice\x0bBcc: victim@example.com",
        "Alice\x0cBcc: victim@example.com",
        "Alice\x1eBcc: victim@example.com",
    ],
)
def test_every_kind_of_line_break_is_refused_in_a_single_line_field(value):
    assert value.splitlines() != [value]  # each of these really does split a line
    error = _rejection(validate_single_line, value)
    assert error.messages == ["Enter this on a single line, without line breaks."]


def test_single_line_accepts_names_in_any_script():
    for value in ["Zoë O'Brien-Łukasiewicz", "田中さん", "محمد", "δοκιμή@παράδειγμα.δοκιμή"]:
        validate_single_line(value)


def test_nul_in_an_email_address_is_caught_by_the_control_character_check():
    value = next(c["value"] for c in HEADER_VECTORS if "\x00" in c["value"])
    validate_single_line(value)
    _rejection(validate_no_control_characters, value)
