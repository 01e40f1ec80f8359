"""Shared set-up for the hardening tests: hostile corpora, posting through the real form."""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core import signing
from django.urls import reverse

from comments.forms import TIMESTAMP_SALT

DATA = Path(__file__).resolve().parents[1] / "data"
# Load tests run at SCALE times the figures (1.0 = 200 posts per fault, 50 posters
# for 60 s, 50 kills ...). CI keeps the default so the slow tests fit its budget.
SCALE = float(os.environ.get("HARDENING_SCALE", "0.25"))


def scaled(figure: int, *, minimum: int = 1) -> int:
    return max(minimum, round(figure * SCALE))


def load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def aged_timestamp(essay_id: int, seconds: float = 60) -> str:
    """A signed form timestamp as if the form had been shown `seconds` ago."""
    return signing.dumps({"essay": essay_id, "t": time.time() - seconds}, salt=TIMESTAMP_SALT)


FIGURES: list[str] = []


def report(title: str, figures: dict) -> None:
    """Print a test's figures on one line; they are repeated at the end of the run, so CI
    logs carry them without -s."""
    line = f"{title}: " + ", ".join(f"{key}={value}" for key, value in figures.items())
    FIGURES.append(line)
    print(f"\nFIGURES {line}")


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("hardening figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def open_posting(settings):
    """No flood control or hourly cap; forms are old enough to look human."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_HOURLY_CAP_PER_IP = 1_000_000
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_MODERATION_POLICY = "all"
    return settings


def form_data(essay, n: int, **fields) -> dict:
    return {
        "author_name": f"Reader {n}",
        "author_email": f"reader{n}@example.org",
        "author_url": "",
        "body": f"A considered remark, number {n}, about the second section.",
        "timestamp": aged_timestamp(essay.pk),
        "homepage_url": "",
    } | fields


@pytest.fixture
def post_form(client, open_posting) -> Callable[..., object]:
    """post_form(essay, **fields) -> the response of the real comment form, from a fresh IP."""
    numbers = itertools.count(1)

    def post(essay, **fields):
        n = next(numbers)
        return client.post(
            reverse("comments:post", args=[essay.slug]),
            form_data(essay, n, **fields),
            REMOTE_ADDR=f"10.{n // 65536}.{n // 256 % 256}.{n % 256}",
        )

    return post
