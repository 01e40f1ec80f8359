"""Illustrations for the demo essays, drawn with Pillow when the demo is seeded.

Nothing is downloaded and no image is kept in the repository: each picture is a gradient,
a few soft shapes and one motif (a gauge, a bar chart or a line chart), drawn from a seed
(the essay's slug), so the same essay always gets the same picture. Its alt text is written
from what was drawn.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

SIZE = (1200, 675)  # 16:9; renditions are made at 480, 800 and 1,200 pixels wide
CREDIT = "Generated for the demo"
MOTIFS = ("gauge", "bars", "line")


@dataclass(frozen=True)
class Palette:
    names: tuple[str, str]
    top: tuple[int, int, int]
    bottom: tuple[int, int, int]
    ink: tuple[int, int, int]


PALETTES = (
    Palette(("dusk blue", "sand"), (44, 62, 96), (222, 196, 150), (250, 246, 238)),
    Palette(("teal", "pale green"), (22, 94, 98), (196, 222, 180), (248, 250, 244)),
    Palette(("plum", "apricot"), (88, 44, 78), (240, 178, 128), (252, 244, 236)),
    Palette(("slate", "mist grey"), (52, 60, 68), (200, 206, 210), (246, 248, 250)),
)


@dataclass(frozen=True)
class Art:
    png: bytes
    alt: str
    width: int
    height: int


def demo_art(seed: str, *, motif: str | None = None, size: tuple[int, int] = SIZE) -> Art:
    """The picture for `seed`, with `motif` (one of MOTIFS) or one chosen by the seed."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    palette = rng.choice(PALETTES)
    motif = motif or rng.choice(MOTIFS)
    if motif not in MOTIFS:
        raise ValueError(f"Unknown demo picture motif {motif!r}: use one of {', '.join(MOTIFS)}.")
    image = gradient(size, palette.top, palette.bottom)
    draw = ImageDraw.Draw(image, "RGBA")
    soft_shapes(draw, rng, size, palette.ink)
    shown = DRAWERS[motif](draw, rng, size, palette.ink)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    top, bottom = palette.names
    alt = f"Generated illustration: {shown}, over a {top} to {bottom} gradient."
    return Art(png=buffer.getvalue(), alt=alt, width=size[0], height=size[1])


def gradient(size, top, bottom) -> Image.Image:
    """A vertical blend from `top` to `bottom`."""
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def soft_shapes(draw, rng, size, ink) -> None:
    """Large faint circles behind the motif, so no two pictures are flat alike."""
    width, height = size
    for _ in range(5):
        radius = rng.uniform(0.15, 0.45) * height
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*ink, 28))


def draw_gauge(draw, rng, size, ink) -> str:
    width, height = size
    share = rng.randint(15, 90)
    cx, cy, radius = width / 2, height * 0.78, height * 0.55
    box = (cx - radius, cy - radius, cx + radius, cy + radius)
    draw.arc(box, 180, 360, fill=(*ink, 110), width=int(height * 0.06))
    draw.arc(box, 180, 180 + 180 * share / 100, fill=(*ink, 255), width=int(height * 0.06))
    for tick in range(11):
        angle = math.pi * (1 + tick / 10)
        inner, outer = radius * 0.78, radius * 0.86
        draw.line(
            (cx + inner * math.cos(angle), cy + inner * math.sin(angle),
             cx + outer * math.cos(angle), cy + outer * math.sin(angle)),
            fill=(*ink, 200), width=4,
        )  # fmt: skip
    needle = math.pi * (1 + share / 100)
    tip = (cx + radius * 0.7 * math.cos(needle), cy + radius * 0.7 * math.sin(needle))
    draw.line((cx, cy, *tip), fill=(*ink, 255), width=10)
    draw.ellipse((cx - 18, cy - 18, cx + 18, cy + 18), fill=(*ink, 255))
    return f"a gauge whose needle points to {share} percent"


def draw_bars(draw, rng, size, ink) -> str:
    width, height = size
    count = rng.randint(5, 9)
    values = [rng.uniform(0.2, 1) for _ in range(count)]
    slot = width * 0.7 / count
    left, base = width * 0.15, height * 0.85
    for n, value in enumerate(values):
        x = left + n * slot
        draw.rectangle(
            (x + slot * 0.15, base - value * height * 0.6, x + slot * 0.85, base),
            fill=(*ink, 150 + int(100 * value)),
        )
    draw.line((left, base, width * 0.85, base), fill=(*ink, 255), width=4)
    tallest = values.index(max(values)) + 1
    return f"a bar chart of {count} bars, the {ordinal(tallest)} the tallest"


def draw_line(draw, rng, size, ink) -> str:
    width, height = size
    count = 12
    level, points = 0.5, []
    for n in range(count):
        level = min(0.9, max(0.1, level + rng.uniform(-0.2, 0.2)))
        points.append((width * (0.1 + 0.8 * n / (count - 1)), height * (1 - level)))
    draw.line(points, fill=(*ink, 255), width=8, joint="curve")
    for x, y in points:
        draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=(*ink, 255))
    rise = (
        "ends higher than it starts"
        if points[-1][1] < points[0][1]
        else "ends lower than it starts"
    )
    return f"a line chart of {count} points that {rise}"


DRAWERS = {"gauge": draw_gauge, "bars": draw_bars, "line": draw_line}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def ordinal(number: int) -> str:
    return ORDINALS[number - 1]
