"""Everything a post carries is stored within a bound, whatever size it arrives at."""

import json

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from comments.models import Comment
from tests.comments.test_posting import form_data

pytestmark = pytest.mark.django_db
HUGE = "x" * 2_000_000


def stored_size(comment: Comment) -> int:
    row = model_to_dict(comment) | {
        "signals": comment.signals,
        "spam_payload": comment.spam_payload,
    }
    return len(json.dumps(row, default=str))


def test_a_two_megabyte_honeypot_is_not_kept_whole(client, essay):
    url = reverse("comments:post", args=[essay.slug])
    client.post(url, form_data(essay, homepage_url=HUGE))
    comment = Comment.objects.get()
    assert comment.is_discard
    assert 0 < len(comment.signals["honeypot"]) <= 200


@pytest.mark.parametrize(
    "oversized",
    [
        {"HTTP_USER_AGENT": HUGE},
        {"HTTP_REFERER": "https://example.org/" + HUGE},
        {"HTTP_X_FORWARDED_FOR": HUGE},
        {"form": {"homepage_url": HUGE}},
        {"form": {"timestamp": HUGE}},
        {"form": {"parent": HUGE}},
        {"form": {"remember": HUGE}},
        {"form": {HUGE[:100_000]: "extra field"}},
    ],
    ids=["user-agent", "referer", "forwarded-for", "honeypot", "timestamp", "parent",
         "remember", "unknown-field"],
)  # fmt: skip
def test_every_request_derived_value_is_stored_bounded(client, essay, settings, oversized):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    extra = dict(oversized)
    data = form_data(essay, **extra.pop("form", {}))
    client.post(reverse("comments:post", args=[essay.slug]), data, **extra)
    for comment in Comment.objects.all():
        assert stored_size(comment) < 20_000, {k: len(str(v)) for k, v in vars(comment).items()}
