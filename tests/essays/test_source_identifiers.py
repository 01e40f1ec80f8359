"""Telling what an editor pasted: a DOI in any common form, an ISBN (checked), or a URL."""

import pytest

from essays.sources import Identifier, NotRecognised, normalise_isbn, recognise


@pytest.mark.parametrize(
    "text",
    [
        "10.1007/s11269-019-02251-7",
        "10.1007/S11269-019-02251-7",
        "doi:10.1007/s11269-019-02251-7",
        "DOI: 10.1007/s11269-019-02251-7",
        "https://doi.org/10.1007/s11269-019-02251-7",
        "http://dx.doi.org/10.1007/s11269-019-02251-7",
        "doi.org/10.1007%2Fs11269-019-02251-7",
        "  10.1007/s11269-019-02251-7.  ",
    ],
)
def test_every_common_form_of_a_doi_is_one_doi(text):
    assert recognise(text) == Identifier("doi", "10.1007/s11269-019-02251-7")


@pytest.mark.parametrize(
    "text",
    ["978-0-14-044913-6", "9780140449136", "0-14-044913-2", "0140449132", "ISBN 0 14 044913 2",
     "ISBN-13: 978–0–14–044913–6"],
)  # fmt: skip
def test_isbn_10_and_13_with_hyphens_become_one_isbn_13(text):
    assert recognise(text) == Identifier("isbn", "9780140449136")


def test_an_isbn_10_ending_in_x_is_converted():
    assert normalise_isbn("0-8044-2957-X") == "9780804429573"


@pytest.mark.parametrize("text", ["978-0-14-044913-7", "0-14-044913-3"])
def test_an_isbn_with_a_wrong_check_digit_is_refused_by_name(text):
    with pytest.raises(NotRecognised, match="looks like an ISBN but its check digit is wrong"):
        recognise(text)


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("https://gazette.example/2023/dam", "https://gazette.example/2023/dam"),
        ("gazette.example/2023/dam", "https://gazette.example/2023/dam"),
        ("http://[2001:db8::1]/a", "http://[2001:db8::1]/a"),
    ],
)
def test_anything_else_with_a_host_is_a_url(text, url):
    assert recognise(text) == Identifier("url", url)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Marsh, Rivers of Contention", "ftp://files.example/x", "javascript:alert(1)",
     "http://[::1", "12345"],
)  # fmt: skip
def test_text_that_is_none_of_them_gets_a_clear_message(text):
    with pytest.raises(NotRecognised, match=r"Paste a DOI|is not a DOI"):
        recognise(text)
