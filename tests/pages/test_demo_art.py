"""The demo's generated pictures (pages/demo_art.py): the same for a slug, described truly."""

import io

import pytest
from PIL import Image

from pages.demo_art import MOTIFS, demo_art


def test_a_slug_always_gets_the_same_picture_and_another_slug_another():
    first = demo_art("the-library-pays-twice")
    assert first.png == demo_art("the-library-pays-twice").png
    assert first.png != demo_art("narrow-places").png


@pytest.mark.parametrize(
    ("motif", "said"),
    [("gauge", "a gauge whose needle points to"), ("bars", "a bar chart of"),
     ("line", "a line chart of 12 points that ends")],
)  # fmt: skip
def test_the_alt_text_names_the_motif_drawn_and_the_colours(motif, said):
    art = demo_art("narrow-places", motif=motif)
    assert art.alt.startswith(f"Generated illustration: {said}")
    assert art.alt.endswith(" gradient.")
    with Image.open(io.BytesIO(art.png)) as picture:
        assert (picture.format, picture.size) == ("PNG", (art.width, art.height))
        colours = picture.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 200  # a gradient and shapes, not a flat fill


def test_every_motif_is_drawn_and_an_unknown_one_is_refused():
    assert len({demo_art("x", motif=motif).png for motif in MOTIFS}) == len(MOTIFS)
    with pytest.raises(ValueError, match="use one of gauge, bars, line"):
        demo_art("x", motif="pie")
