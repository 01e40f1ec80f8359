import datetime
import json
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from essays.models import Essay
from tests.factories import AuthorFactory, EssayFactory, TopicFactory

pytestmark = pytest.mark.django_db

# essay, authors, topics, previous, next; comment count, page of threads, replies, total.
ESSAY_PAGE_QUERIES = 9


@pytest.fixture
def hidden_essays():
    return [
        EssayFactory(title="A quiet draft", status=Essay.Status.DRAFT),
        EssayFactory(
            title="A scheduled piece", publish_at=timezone.now() + datetime.timedelta(days=3)
        ),
    ]


def test_index_lists_published_essays_and_hides_drafts_and_scheduled(client, hidden_essays):
    published = EssayFactory(title="A published piece")

    response = client.get(reverse("essays:index"))

    assert response.status_code == HTTPStatus.OK
    assert published.title in response.text
    for essay in hidden_essays:
        assert essay.title not in response.text


def test_index_paginates(client, settings):
    for _ in range(12):
        EssayFactory()
    first = client.get(reverse("essays:index"))
    second = client.get(reverse("essays:index"), {"page": 2})

    assert len(first.context["essay_list"]) == 10
    assert len(second.context["essay_list"]) == 2


def test_essay_page_shows_the_essay(client):
    author = AuthorFactory(name="Ada Brook")
    topic = TopicFactory(name="Water")
    essay = EssayFactory(title="Rivers", authors=[author], topics=[topic], hero_credit="Photo: X")

    response = client.get(essay.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert "<h1" in response.text and "Rivers" in response.text
    assert "Ada Brook" in response.text
    assert topic.get_absolute_url() in response.text
    assert f'<link rel="canonical" href="http://testserver{essay.get_absolute_url()}">' in (
        response.text
    )


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_hidden_essay_gives_404_to_readers(client, hidden_essays, kind):
    essay = hidden_essays[0 if kind == "draft" else 1]

    assert client.get(essay.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_unknown_slugs_give_404(client):
    assert client.get("/essays/no-such-essay/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/topics/no-such-topic/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/authors/no-such-author/").status_code == HTTPStatus.NOT_FOUND


def test_404_page_is_our_own(client):
    response = client.get("/essays/no-such-essay/")
    assert "Page not found" in response.text


def test_editor_previews_a_draft_exactly_as_readers_will_see_it(editor_client, hidden_essays):
    draft = hidden_essays[0]

    response = editor_client.get(reverse("essays:preview", args=[draft.pk]))

    assert response.status_code == HTTPStatus.OK
    assert draft.title in response.text
    assert "not visible to readers" in response.text
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_is_refused_to_anonymous_readers_and_moderators(
    client, moderator_client, hidden_essays
):
    url = reverse("essays:preview", args=[hidden_essays[0].pk])
    assert moderator_client.get(url).status_code == HTTPStatus.FORBIDDEN
    client.logout()
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_topic_and_author_pages_list_only_their_published_essays(client, hidden_essays):
    topic, author = TopicFactory(), AuthorFactory()
    on_topic = EssayFactory(topics=[topic], authors=[author])
    elsewhere = EssayFactory()
    hidden_essays[0].topics.add(topic)
    hidden_essays[1].authors.add(author)

    for url in (topic.get_absolute_url(), author.get_absolute_url()):
        listed = client.get(url).context["essay_list"]
        assert list(listed) == [on_topic], url
        assert elsewhere not in listed


def test_monthly_archive_lists_published_essays_of_that_month(client, hidden_essays):
    essay = EssayFactory(publish_at=timezone.make_aware(datetime.datetime(2024, 3, 5, 9)))
    EssayFactory(publish_at=timezone.make_aware(datetime.datetime(2024, 4, 5, 9)))

    index = client.get(reverse("essays:archive"))
    month = client.get(reverse("essays:archive-month", args=[2024, 3]))

    assert "/archive/2024/03/" in index.text
    assert list(month.context["essay_list"]) == [essay]
    assert client.get(reverse("essays:archive-month", args=[2031, 1])).status_code == 404


def test_search_finds_words_in_title_dek_and_body_of_published_essays(client, hidden_essays):
    by_title = EssayFactory(title="Aquifers under pressure")
    by_dek = EssayFactory(dek="Why aquifers matter")
    by_body = EssayFactory(body="A paragraph about aquifers and wells.")
    EssayFactory(title="Nothing relevant")
    hidden_essays[0].body = "aquifers in a draft"
    hidden_essays[0].save()

    response = client.get(reverse("essays:search"), {"q": "aquifers"})

    assert set(response.context["essay_list"]) == {by_title, by_dek, by_body}


def test_empty_search_lists_nothing(client):
    EssayFactory()
    response = client.get(reverse("essays:search"), {"q": "  "})
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["essay_list"]) == []


def test_json_ld_is_valid_json_with_article_fields(client):
    essay = EssayFactory(title="Grid storage", authors=[AuthorFactory(name="Ines Park")])

    html = client.get(essay.get_absolute_url()).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))

    assert data["@type"] == "Article"
    assert data["headline"] == "Grid storage"
    assert data["author"][0]["name"] == "Ines Park"
    assert data["datePublished"] == essay.publish_at.isoformat()
    assert data["dateModified"] == essay.updated_at.isoformat()


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    essay = EssayFactory(title="</script><script>alert(1)</script>")
    html = client.get(essay.get_absolute_url()).text
    assert "<script>alert(1)" not in html


def test_open_graph_and_twitter_meta(client):
    essay = EssayFactory(title="Ports", dek="Where goods wait.")
    html = client.get(essay.get_absolute_url()).text
    assert '<meta property="og:title" content="Ports">' in html
    assert '<meta property="og:description" content="Where goods wait.">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_essay_page_query_count_does_not_grow_with_authors_and_topics(
    client, django_assert_max_num_queries
):
    small = EssayFactory()
    large = EssayFactory(authors=AuthorFactory.create_batch(6), topics=TopicFactory.create_batch(8))
    with django_assert_max_num_queries(ESSAY_PAGE_QUERIES) as small_queries:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(ESSAY_PAGE_QUERIES) as large_queries:
        client.get(large.get_absolute_url())
    assert len(small_queries) == len(large_queries)


def test_index_query_count_is_fixed(client, django_assert_max_num_queries):
    for _ in range(10):
        EssayFactory(topics=TopicFactory.create_batch(2))
    with django_assert_max_num_queries(5):  # a cache miss: its stamps, then the page
        client.get(reverse("essays:index"))


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def test_topic_index_lists_topics_with_published_essays_only(client, hidden_essays):
    shown, empty, hidden_only = TopicFactory(name="Ports"), TopicFactory(), TopicFactory()
    EssayFactory(topics=[shown])
    EssayFactory(topics=[shown])
    hidden_essays[0].topics.add(hidden_only)

    response = client.get(reverse("essays:topics"))

    assert [(t.name, t.essay_count) for t in response.context["topics"]] == [("Ports", 2)]
    assert empty.name not in response.text and hidden_only.name not in response.text
