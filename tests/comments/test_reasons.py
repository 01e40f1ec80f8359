"""Structured reasons: what rule, checker or signal held a comment, with the values that did
it; stored on the comment, printed once, and a filter of the queue."""

import importlib
import re
from http import HTTPStatus

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.admin.reasons import codes_present
from comments.models import Comment, StatusChange
from comments.moderation import hold_reason, prescreen
from comments.services.screening import comment_screen
from comments.spam.checkers import akismet_verdict
from comments.spam.client import CheckResult
from comments.spam.scoring import CommentFacts, Rules, assess
from comments.spam.verdict import LEGACY, Reason, stored_reasons
from tests.comments.factories import CommentFactory
from tests.comments.test_admin import act
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")
HUMAN = {"honeypot_field": "homepage_url", "honeypot": "", "seconds_to_submit": 40.0}
LINKS = " ".join(f"https://{n}.example.com" for n in "abc")


def unchecked(**fields) -> Comment:
    return CommentFactory(check_state="unchecked", verdict="", **fields)


def reason_links(text: str) -> list[tuple[str, str]]:
    """(code, text) of every reason link on a page of the queue."""
    return re.findall(r'class="cm-reason" href="[^"]*" data-code="([^"]+)"[^>]*>([^<]*)</a>', text)


# The dataclass and its storage -------------------------------------------------------
def test_a_reason_round_trips_through_json_and_old_sentences_become_legacy():
    reason = Reason("links", "3 links (limit 2)", {"links": 3, "limit": 2})
    assert reason.as_json() == {"code": "links", "text": "3 links (limit 2)",
                                "values": {"links": 3, "limit": 2}}  # fmt: skip
    assert Reason.from_json(reason.as_json()) == reason
    assert Reason.from_json("first comment") == Reason(LEGACY, "first comment")
    assert stored_reasons(["a", {"code": "timing", "text": "b"}, {"text": "c", "values": 7}]) == (
        Reason(LEGACY, "a"),
        Reason("timing", "b"),
        Reason(LEGACY, "c"),
    )
    assert stored_reasons("not a list") == ()


def test_the_embedded_checker_gives_the_values_that_triggered_each_reason():
    six = " ".join(f"https://{n}.example.com" for n in "abcdef")
    many = assess(CommentFacts(content=f"See {six}", signals=HUMAN), rules=Rules(max_links=6))
    assert many.reasons == (Reason("links", "6 links", {"links": 6, "limit": 6}),)
    quick = CommentFacts(content=f"See {LINKS}", signals=HUMAN | {"seconds_to_submit": 0.4})
    assessment = assess(quick, rules=Rules(min_submit_seconds=3))
    assert assessment.kind == "spam"
    assert assessment.reasons == (
        Reason("timing", "sent 0.4 s after the form was shown", {"seconds": 0.4, "minimum": 3}),
        Reason("link_density", "3 link(s) in 1 words", {"links": 3, "words": 1}),
    )


def test_akismets_answer_and_headers_are_the_reasons_values():
    discard = akismet_verdict(
        CheckResult(is_spam=True, discard=True, raw_body="true", alert_code="10001")
    )
    assert discard.reasons == (
        Reason("akismet_discard", "Akismet: blatant spam", {"answer": "true",
               "X-akismet-pro-tip": "discard", "X-akismet-alert-code": "10001"}),
    )  # fmt: skip
    assert discard.raw == "true; X-akismet-pro-tip: discard; X-akismet-alert-code: 10001"
    later = akismet_verdict(CheckResult(is_spam=False, recheck_after=900, raw_body="false"))
    assert later.reasons[0].code == "akismet_recheck"
    assert later.reasons[0].values["X-akismet-recheck-after"] == 900


def test_the_rules_give_a_code_and_values_for_a_hold(settings):
    settings.COMMENTS_MAX_LINKS = 2
    assert hold_reason(CommentFactory.build(body=f"See {LINKS}")) == Reason(
        "links", "3 links (limit 2)", {"links": 3, "limit": 2}
    )
    settings.COMMENTS_MODERATION_KEYS = ["crypto"]
    held = hold_reason(CommentFactory.build(body="About crypto."))
    assert (held.code, held.values) == ("moderation_key", {"key": "crypto"})


def test_prescreen_reasons_have_codes(settings, make_comment):
    honeypot = make_comment(signals={"honeypot_field": "homepage_url", "honeypot": "x"})
    assert prescreen(honeypot).reasons[0].as_json() == {
        "code": "honeypot",
        "text": "the hidden honeypot field was filled in (not sent to the spam service)",
        "values": {"field": "homepage_url"},
    }
    assert prescreen(make_comment(signals={"timestamp_invalid": True})).reasons[0].code == (
        "timestamp_invalid"
    )


def test_the_screening_stores_the_checkers_and_the_rules_reasons_with_their_codes(settings):
    settings.COMMENTS_MODERATION_POLICY = "all"
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3
    comment = comment_screen(comment=unchecked(signals=HUMAN | {"seconds_to_submit": 1.0}))
    assert comment.status == Comment.Status.PENDING
    checkers, rules = comment.verdict_reasons  # speed alone: the checker says ham, a rule holds
    assert checkers == {"code": "timing", "text": "sent 1.0 s after the form was shown",
                        "values": {"seconds": 1.0, "minimum": 3}}  # fmt: skip
    assert rules["code"] == "timing"
    assert rules["text"].endswith("quicker than most people write, so a moderator has a look")
    assert comment.verdict_codes == ",timing,"


def test_a_hold_reason_is_stored_beside_the_verdicts_and_the_history_keeps_both(settings):
    settings.COMMENTS_MODERATION_POLICY = "first-time"
    comment = comment_screen(comment=unchecked())
    assert comment.verdict_reasons == [
        {"code": "first_time", "text": "first comment from this commenter",
         "values": {"policy": "first-time"}}
    ]  # fmt: skip
    notes = list(comment.history.values_list("reason", "note"))
    assert notes == [
        (StatusChange.Reason.SPAM_CHECK, "Verdict of embedded: ham"),
        (StatusChange.Reason.RULE, "first comment from this commenter"),
    ]


def test_the_data_migration_turns_old_sentences_into_legacy_reasons():
    migration = importlib.import_module("comments.migrations.0013_comment_verdict_codes")
    old = CommentFactory(verdict_reasons=["sent 0.4 s after the form was shown", "2 links"])
    new = CommentFactory(verdict_reasons=[Reason("timing", "quick").as_json()])
    untouched = CommentFactory(verdict_reasons=[])
    migration.structure_reasons(apps, None)
    old.refresh_from_db()
    assert old.verdict_reasons == [
        {"code": "legacy", "text": "sent 0.4 s after the form was shown", "values": {}},
        {"code": "legacy", "text": "2 links", "values": {}},
    ]
    assert old.verdict_codes == ",legacy,"
    assert Comment.objects.get(pk=new.pk).verdict_codes == ",timing,"
    assert Comment.objects.get(pk=untouched.pk).verdict_codes == ""
    migration.sentences_again(apps, None)
    assert Comment.objects.get(pk=old.pk).verdict_reasons == [
        "sent 0.4 s after the form was shown",
        "2 links",
    ]


# The queue ---------------------------------------------------------------------------
def test_each_reason_prints_once_as_a_link_that_filters_the_queue(moderator_client, settings):
    settings.COMMENTS_MODERATION_POLICY = "all"
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3
    quick = comment_screen(comment=unchecked(signals=HUMAN | {"seconds_to_submit": 1.0}))
    held = comment_screen(comment=unchecked())
    page = moderator_client.get(CHANGELIST).text
    assert reason_links(page) == [
        ("timing", "sent 1.0 s after the form was shown"),
        ("timing", "sent 1.0 s after the form was shown: quicker than most people write, "
                   "so a moderator has a look"),
        ("policy_all", "every comment is held for a moderator"),
    ]  # fmt: skip
    assert page.count("every comment is held for a moderator") == 1
    filtered = moderator_client.get(CHANGELIST, {"tab": "pending", "reason": "timing"})
    assert [c.pk for c in filtered.context["cl"].result_list] == [quick.pk]
    assert 'href="/admin/comments/comment/?tab=pending&amp;reason=policy_all"' in page
    held_only = moderator_client.get(CHANGELIST, {"reason": "policy_all"})
    assert [c.pk for c in held_only.context["cl"].result_list] == [held.pk]


def test_the_reason_filter_offers_the_codes_present_by_name(moderator_client):
    CommentFactory(verdict_reasons=[], verdict_codes=",links,timing,")
    CommentFactory(verdict_codes=",akismet_spam,", status=Comment.Status.SPAM)
    CommentFactory(verdict_codes=",timing,")
    assert codes_present() == ["akismet_spam", "links", "timing"]
    page = moderator_client.get(CHANGELIST).text
    for label in ("Akismet: spam", "Many links", "Sent quickly"):
        assert f'title="{label}"' in page or f">{label}</a>" in page


@pytest.mark.parametrize("value", ["links%", "_", "%", ",", "links,timing", "' OR 1=1", "x" * 60])
def test_a_hostile_reason_finds_nothing(moderator_client, value):
    CommentFactory(verdict_codes=",links,timing,")
    response = moderator_client.get(CHANGELIST, {"tab": "all", "reason": value})
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["cl"].result_list) == []


def test_a_restore_keeps_the_original_reason_and_its_link(moderator_client, settings):
    settings.COMMENTS_MAX_LINKS = 2
    comment = comment_screen(comment=unchecked(body=f"See {LINKS}"))
    act(moderator_client, comment, "spam")
    act(moderator_client, Comment.objects.get(pk=comment.pk), "restore")
    page = moderator_client.get(CHANGELIST).text
    assert ("links", "3 links (limit 2)") in reason_links(page)
    assert "Moderation rule: " in page
    assert Comment.objects.get(pk=comment.pk).verdict_codes == ",link_density,links,"


def test_the_queue_filtered_by_reason_runs_the_same_queries_for_5_and_60(moderator_client):
    essay = EssayFactory()

    def build(count):
        for n in range(count):
            code = "timing" if n % 2 else "links"
            CommentFactory(essay=essay, verdict_codes=f",{code},",
                           verdict_reasons=[Reason(code, f"reason {n}").as_json()])  # fmt: skip

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = moderator_client.get(CHANGELIST, {"tab": "all", "reason": "timing"})
        assert response.status_code == HTTPStatus.OK
        return len(queries)

    build(5)
    moderator_client.get(CHANGELIST)
    few = count_queries()
    build(55)
    assert count_queries() == few
