"""The checkers: the embedded checker's rules and history, Akismet's answers, configuration."""

import json
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from comments.models import Comment
from comments.moderation import prescreen
from comments.services import comment_approve, comment_mark_spam
from comments.services.screening import comment_screen
from comments.spam.bayes import NaiveBayesModel, comment_tokens
from comments.spam.checkers import (
    AkismetChecker,
    EmbeddedChecker,
    Verdict,
    akismet_verdict,
    author_history,
    get_checker,
)
from comments.spam.client import CheckResult
from comments.spam.learning import Lesson, spam_model, spam_model_learn
from comments.spam.scoring import AuthorHistory, CommentFacts, Rules, assess
from comments.spam.verdict import Reason, reason_texts

DATASET = Path(__file__).resolve().parents[1] / "data" / "spam_eval" / "comments.jsonl"
pytestmark = pytest.mark.django_db

RULES = Rules(min_submit_seconds=3)
HUMAN = {"honeypot_field": "homepage_url", "honeypot": "", "seconds_to_submit": 40.0}


def facts(content="A fair point about the second section.", **fields):
    return CommentFacts(content=content, signals=fields.pop("signals", HUMAN), **fields)


@pytest.fixture(scope="module")
def trained_model():
    model = NaiveBayesModel()
    with DATASET.open(encoding="utf-8") as lines:
        for record in map(json.loads, lines):
            tokens = comment_tokens(
                record["content"], author=record["author"], email=record["email"], url=record["url"]
            )
            model.train(tokens, is_spam=record["label"] == "spam")
    return model


SPAMMY = (
    "Buy cheap viagra online without prescription, best casino bonus and crypto recovery "
    "https://cheap-pills-online.xyz"
)


def test_an_ordinary_comment_is_ham():
    assert assess(facts(), rules=RULES).kind == "ham"


def test_a_form_sent_quickly_is_not_spam_on_that_alone():
    assessment = assess(facts(signals=HUMAN | {"seconds_to_submit": 0.4}), rules=RULES)
    assert assessment.kind == "ham"
    assert reason_texts(assessment.reasons) == ("sent 0.4 s after the form was shown",)


@pytest.mark.parametrize(
    ("content", "history"),
    [
        ("Read this https://a.example https://b.example", AuthorHistory()),  # mostly links
        ("A fair point about the second section.", AuthorHistory(spam_ip=True)),
    ],
)
def test_a_quick_form_counts_toward_spam_with_another_signal(content, history):
    quick = facts(content, signals=HUMAN | {"seconds_to_submit": 1.9})
    assessment = assess(quick, rules=RULES, history=history)
    assert assessment.kind == "spam"
    assert "sent 1.9 s after the form was shown" in reason_texts(assessment.reasons)
    slow = assess(facts(content), rules=RULES, history=history)
    assert slow.kind == "ham"


def test_a_quick_comment_by_a_new_reader_is_held_not_spam(make_comment, settings):
    settings.COMMENTS_MODERATION_POLICY = "none"
    quick = {"honeypot_field": "homepage_url", "honeypot": "", "seconds_to_submit": 1.9}
    comment = comment_screen(comment=make_comment(body="Thanks, very clear.", signals=quick))
    assert (comment.verdict, comment.status) == (Comment.Verdict.HAM, Comment.Status.PENDING)
    held = comment.history.order_by("-pk").first()
    assert held.note == (
        "sent 1.9 s after the form was shown: quicker than most people write, so a moderator "
        "has a look"
    )
    assert not Comment.objects.filter(author_email=comment.author_email, status="spam").exists()


def test_a_quick_comment_by_a_known_reader_is_not_held_for_its_speed(make_comment, settings):
    settings.COMMENTS_MODERATION_POLICY = "none"
    comment_approve(comment=make_comment(author_name="Rosa", author_email="rosa@example.org"))
    quick = {"honeypot_field": "homepage_url", "honeypot": "", "seconds_to_submit": 1.2}
    comment = make_comment(author_name="Rosa", author_email="rosa@example.org", signals=quick)
    assert comment_screen(comment=comment).status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    ("signals", "kind", "reason"),
    [
        ({"honeypot": "http://x.example"}, "discard", "honeypot"),
        ({"timestamp_invalid": True}, "spam", "tampered"),
    ],
)
def test_cheap_form_signals_are_decided_before_any_checker(make_comment, signals, kind, reason):
    verdict = prescreen(make_comment(signals=HUMAN | signals))
    assert (verdict.kind, verdict.checker) == (kind, "rules")
    assert reason in " ".join(reason_texts(verdict.reasons))


def test_an_expired_form_alone_is_not_spam():
    assessment = assess(facts(signals={"timestamp_expired": True}), rules=RULES)
    assert assessment.kind == "ham"


def test_many_links_are_spam_a_few_are_left_to_the_moderation_rules():
    three = " ".join(f"https://{n}.example.com" for n in "abc")
    six = " ".join(f"https://{n}.example.com" for n in "abcdef")
    assert assess(facts(f"See {three}"), rules=RULES).kind == "ham"
    assert assess(facts(f"See {six}"), rules=RULES).reasons == (
        Reason("links", "6 links", {"links": 6, "limit": 6}),
    )


def test_link_density_and_a_spammers_ip_together_are_spam():
    history = AuthorHistory(spam_ip=True)
    assert assess(facts("Thoughtful, thanks."), rules=RULES, history=history).kind == "ham"
    assessment = assess(facts("Nice https://shop.example.com"), rules=RULES, history=history)
    assert assessment.kind == "spam"
    assert reason_texts(assessment.reasons) == (
        "1 link(s) in 1 words",
        "moderators marked a comment from this IP address as spam",
    )


def test_an_email_or_website_moderators_marked_as_spam_is_spam():
    assert assess(facts(), rules=RULES, history=AuthorHistory(spam_email=True)).kind == "spam"
    assert assess(facts(), rules=RULES, history=AuthorHistory(spam_website=True)).kind == "spam"


def test_disallowed_keys_are_spam_in_any_field(make_comment, settings):
    settings.COMMENTS_DISALLOWED_KEYS = ["casino"]
    assert prescreen(make_comment(author_name="Casino Royale")).reasons == (
        Reason("disallowed_key", "contains the disallowed key “casino”", {"key": "casino"}),
    )


def test_the_model_flags_spam_with_the_tokens_that_gave_it_away(trained_model):
    assessment = assess(facts(SPAMMY), rules=Rules(), model=trained_model)
    assert assessment.kind == "spam"
    assert assessment.spam_probability >= 0.9
    assert "the spam model scores it" in assessment.reasons[0].text


def test_an_untrained_model_decides_nothing():
    assessment = assess(facts(SPAMMY.replace("casino", "")), rules=RULES, model=NaiveBayesModel())
    assert assessment.spam_probability is None
    assert assessment.kind == "ham"


@pytest.mark.parametrize(
    "evidence",
    [
        {"signals": HUMAN | {"honeypot": "autofilled"}},
        {"signals": HUMAN | {"seconds_to_submit": 0.1, "timestamp_invalid": True}},
    ],
)
def test_an_authors_approved_history_outweighs_form_and_sender_signals(trained_model, evidence):
    history = AuthorHistory(approved_comments=2, spam_ip=True, spam_email=True)
    assessment = assess(facts(**evidence), rules=RULES, history=history, model=trained_model)
    assert assessment.kind == "ham"
    assert reason_texts(assessment.reasons) == ("the author has 2 approved comment(s) here",)


def test_an_approved_author_is_still_spam_when_the_content_is_disallowed(make_comment, settings):
    settings.COMMENTS_DISALLOWED_KEYS = ["casino"]
    comment_approve(comment=make_comment(author_name="Rosa", author_email="rosa@example.org"))
    comment = make_comment(author_name="Rosa", author_email="rosa@example.org", body="casino")
    assert prescreen(comment).kind == "spam"


def test_content_rules_apply_to_a_known_name_and_email_too(trained_model):
    """A known commenter's name and email are easy to borrow: link spam under them is spam."""
    history = AuthorHistory(approved_comments=2)
    content = SPAMMY.replace("casino", "") + " https://b.xyz " * 6
    assessment = assess(facts(content), rules=RULES, history=history, model=trained_model)
    assert assessment.kind == "spam"
    assert "content rules apply to all" in assessment.reasons[-1].text


def test_known_authors_signals_are_forgiven_but_not_their_content(make_comment, settings):
    settings.COMMENTS_DISALLOWED_KEYS = ["casino"]
    earlier = make_comment(author_name="Rosa", author_email="rosa@example.org")
    comment_approve(comment=earlier)
    spam_model_learn(lessons=[Lesson(["cheap", "pills"], is_spam=True)] * 10
                     + [Lesson(["essay"], is_spam=False)] * 10)  # fmt: skip
    bot_like = {"honeypot_field": "homepage_url", "honeypot": "x", "seconds_to_submit": 0.2}

    comment = make_comment(
        author_name="Rosa", author_email="Rosa@Example.org", body="my essay", signals=bot_like
    )
    assert EmbeddedChecker().check(comment).kind == "ham"
    comment = comment_screen(comment=comment)
    assert (comment.verdict, comment.status) == (Comment.Verdict.HAM, Comment.Status.APPROVED)

    borrowed = make_comment(author_name="Rosa", author_email="rosa@example.org", body="cheap pills")
    borrowed = comment_screen(comment=borrowed)
    assert (borrowed.verdict, borrowed.status) == (Comment.Verdict.SPAM, Comment.Status.SPAM)

    disallowed = make_comment(author_email="rosa@example.org", body="casino night")
    assert prescreen(disallowed).kind == "spam"


def test_only_moderators_spam_decisions_count_against_an_author(make_comment, moderator):
    caught = make_comment(author_email="bot@spam.example", author_url="https://spam.example/")
    caught.status = Comment.Status.SPAM  # the checker's own decision: not held against anyone
    caught.save()
    newcomer = make_comment(author_email="bot@spam.example", ip="192.0.2.99")
    assert author_history(newcomer) == AuthorHistory()

    comment_mark_spam(comment=make_comment(ip="192.0.2.99"), actor=moderator)
    comment_mark_spam(comment=caught, actor=moderator)
    Comment.objects.filter(pk=caught.pk).update(status=Comment.Status.PENDING)
    comment_mark_spam(comment=Comment.objects.get(pk=caught.pk), actor=moderator)
    again = make_comment(
        author_email="BOT@spam.example", author_url="https://spam.example/", ip="192.0.2.99"
    )
    assert author_history(again) == AuthorHistory(spam_email=True, spam_website=True, spam_ip=True)
    assert EmbeddedChecker().check(again).kind == "spam"


def test_the_stored_model_is_reloaded_only_after_it_changes():
    assert not spam_model().is_ready
    lessons = [Lesson(["a"], is_spam=True), Lesson(["b"], is_spam=False)] * 10
    spam_model_learn(lessons=lessons)
    first = spam_model()
    assert first.is_ready
    assert spam_model() is first
    spam_model_learn(lessons=[Lesson(["c"], is_spam=True)])
    assert spam_model() is not first
    assert spam_model().spam_docs == 11


def test_akismet_answers_map_to_verdicts():
    payload = {"user_ip": "192.0.2.1"}
    ham = akismet_verdict(CheckResult(is_spam=False, raw_body="false", payload=payload))
    spam = akismet_verdict(CheckResult(is_spam=True, raw_body="true"))
    discard = akismet_verdict(CheckResult(is_spam=True, discard=True, raw_body="true"))
    provisional = akismet_verdict(CheckResult(is_spam=False, recheck_after=900, raw_body="false"))
    assert ham == Verdict("ham", "akismet", (), "false", payload)
    assert (spam.kind, discard.kind) == ("spam", "discard")
    assert provisional.recheck_after == 900
    assert provisional.raw == "false; X-akismet-recheck-after: 900"


def test_the_checker_follows_the_settings(settings):
    settings.SPAM_CHECKER = "embedded"
    assert isinstance(get_checker(), EmbeddedChecker)
    settings.SPAM_CHECKER = "akismet"
    settings.AKISMET_API_KEY = "a-key-of-twelve"
    assert isinstance(get_checker(), AkismetChecker)
    assert get_checker() is get_checker()


def test_a_missing_setting_is_named(settings):
    settings.SPAM_CHECKER = "akismet"
    settings.AKISMET_API_KEY = ""
    settings.SITE_URL = ""
    with pytest.raises(ImproperlyConfigured, match="needs AKISMET_API_KEY, SITE_URL"):
        get_checker()


def test_a_misconfigured_checker_holds_the_comment(settings, make_comment):
    settings.SPAM_CHECKER = "bogus"
    comment = comment_screen(comment=make_comment())
    assert comment.check_state == Comment.CheckState.UNCHECKED
    assert "ImproperlyConfigured" in comment.check_error


def test_verify_spam_key_says_whether_the_key_works(akismet_settings, akismet_server, capsys):
    call_command("verify_spam_key")
    assert "The key is valid for http://testserver" in capsys.readouterr().out
    akismet_settings.AKISMET_API_KEY = "not-the-key"
    with pytest.raises(CommandError, match="rejects the API key"):
        call_command("verify_spam_key")
