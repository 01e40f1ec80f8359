"""Queries compiled once per process: the same rows as the queryset, or a refusal to compile."""

import datetime

import pytest
from django.db import models
from django.utils import timezone

from comments.compiled import (
    STAND_IN_ADDRESS,
    STAND_IN_ID,
    STAND_IN_TIME,
    compile_query,
    stand_in_text,
)
from comments.models import Comment
from essays.models import Essay
from tests.comments.factories import CommentFactory
from tests.factories import EssayFactory

pytestmark = pytest.mark.django_db

# Values a careless fill would get wrong: LIKE's wildcards, a quote, a backslash, non-ASCII.
AWKWARD_EMAILS = [
    "o'brien_%@example.org",
    "a\\b@example.org",
    "zoë@exämple.org",
    "plain@example.org",
]


def by_sender_since():
    since, email, address = STAND_IN_TIME, stand_in_text("email"), STAND_IN_ADDRESS
    rows = Comment.objects.filter(
        author_email=email, ip_address=address, submitted_at__gt=since
    ).values_list("pk", flat=True)
    return compile_query(rows.order_by("pk"), since=since, email=email, address=address)


@pytest.mark.parametrize("email", AWKWARD_EMAILS)
def test_a_compiled_query_finds_what_the_queryset_finds(email):
    now = timezone.now()
    for ip, hours_ago in (("192.0.2.1", 2), ("192.0.2.1", 0), ("2001:db8::1", 0)):
        CommentFactory(
            author_email=email,
            ip_address=ip,
            submitted_at=now - datetime.timedelta(hours=hours_ago),
        )
    CommentFactory(author_email="other@example.org", ip_address="192.0.2.1", submitted_at=now)
    query = by_sender_since()
    for ip in ("192.0.2.1", "2001:db8::1", "198.51.100.9"):
        since = now - datetime.timedelta(hours=1)
        expected = list(
            Comment.objects.filter(author_email=email, ip_address=ip, submitted_at__gt=since)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert [pk for (pk,) in query.rows(since=since, email=email, address=ip)] == expected
        assert len(expected) == (1 if ip != "198.51.100.9" else 0)


def test_a_count_and_a_list_of_values(django_assert_num_queries):
    CommentFactory.create_batch(2, author_email="ann@example.org", status=Comment.Status.APPROVED)
    CommentFactory(author_email="bo@example.org", status=Comment.Status.APPROVED)
    CommentFactory(author_email="bo@example.org", status=Comment.Status.PENDING)
    stand_ins = (stand_in_text("a"), stand_in_text("b"))
    approved = Comment.objects.approved().filter(author_email__in=stand_ins)
    query = compile_query(approved, count=True, emails=stand_ins)
    with django_assert_num_queries(1):
        assert query.scalar(emails=("ann@example.org", "bo@example.org")) == 3
    assert query.scalar(emails=("bo@example.org", "nobody@example.org")) == 1


def test_a_lookup_that_changes_its_value_is_refused_at_compile_time():
    # `contains` wraps the value in wildcards (and escapes it): filled in as given, it would
    # look for the exact text instead, so it must not compile.
    text = stand_in_text("body")
    with pytest.raises(ValueError, match="body"):
        compile_query(Comment.objects.filter(body__contains=text), body=text)


def test_a_stand_in_the_query_does_not_hold_is_refused():
    with pytest.raises(ValueError, match="pk"):
        compile_query(Comment.objects.filter(pk=1), pk=STAND_IN_ID)


def test_each_run_must_give_every_value_and_lists_of_the_compiled_length():
    stand_ins = (STAND_IN_ID, STAND_IN_ID - 1)
    query = compile_query(Comment.objects.filter(pk__in=stand_ins), ids=stand_ins)
    with pytest.raises(TypeError, match="ids"):
        query.rows()
    with pytest.raises(TypeError, match="ids"):
        query.rows(ids=(1, 2), pk=3)
    with pytest.raises(ValueError, match="compiled for 2 values, given 3"):
        query.rows(ids=(1, 2, 3))
    comment = CommentFactory()
    assert [row[0] for row in query.rows(ids=(comment.pk, 0))] == [comment.pk]


def test_an_ip_address_is_prepared_as_the_field_prepares_it():
    stored = CommentFactory(author_email="v6@example.org", ip_address="2001:db8::1")
    since = timezone.now() - datetime.timedelta(hours=1)
    for written in ("2001:DB8:0:0::1", "2001:0db8::0001"):
        orm = Comment.objects.filter(author_email="v6@example.org", ip_address=written)
        assert list(orm.values_list("pk", flat=True)) == [stored.pk]
        rows = by_sender_since().rows(since=since, email="v6@example.org", address=written)
        assert rows == [(stored.pk,)]


def test_whole_rows_come_back_as_the_models_instances(django_assert_num_queries):
    now = timezone.now()
    shown = EssayFactory(slug="o'brien_%-essay", title="Zoë’s essay")
    EssayFactory(slug="later", publish_at=now + datetime.timedelta(hours=1))
    EssayFactory(slug="draft", status=Essay.Status.DRAFT)
    slug = stand_in_text("slug")
    query = compile_query(
        Essay.objects.published(now=STAND_IN_TIME).filter(slug=slug), now=STAND_IN_TIME, slug=slug
    )
    with django_assert_num_queries(1):
        (found,) = query.instances(now=now, slug=shown.slug)
    expected = Essay.objects.get(pk=shown.pk)
    fields = [field.attname for field in Essay._meta.concrete_fields]
    assert [getattr(found, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert not found._state.adding and found._state.db == "default"
    for hidden in ("later", "draft", "o'brien__-essay"):
        assert query.instances(now=now, slug=hidden) == []
    (later,) = query.instances(now=now + datetime.timedelta(hours=2), slug="later")
    assert later.slug == "later"


@pytest.mark.parametrize(
    "narrowed",
    [
        lambda essays: essays.values("pk"),
        lambda essays: essays.only("pk"),
        lambda essays: essays.select_related("hero_media"),
        lambda essays: essays.annotate(n=models.Count("authors")),
    ],
)
def test_only_whole_rows_of_one_model_can_come_back_as_instances(narrowed):
    slug = stand_in_text("slug")
    query = compile_query(narrowed(Essay.objects.filter(slug=slug)), slug=slug)
    with pytest.raises(TypeError, match="whole rows"):
        query.instances(slug="any")
