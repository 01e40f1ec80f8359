"""Old WordPress addresses of imported essays answer 301 to the new ones."""

from http import HTTPStatus
from pathlib import Path

import pytest

from essays.models import Essay, OldAddress
from pages.wordpress import ImportOptions, import_wordpress

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "wordpress"


@pytest.fixture(autouse=True)
def imported(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    import_wordpress(DATA / "export.xml", options=ImportOptions(uploads=DATA / "uploads"))


def assert_moved(response, slug: str) -> None:
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == Essay.objects.get(slug=slug).get_absolute_url()


def test_the_permalink_answers_301_to_the_essay(client):
    assert_moved(client.get("/2019/10/rivers-of-contention/"), "rivers-of-contention")


def test_the_query_form_answers_301_before_the_front_page(client):
    assert_moved(client.get("/?p=4"), "rivers-of-contention")
    assert_moved(client.get("/?p=6&utm_source=x"), "cities-that-drink-their-rain")


def test_attachment_pages_answer_301_to_their_essay(client):
    assert_moved(client.get("/2019/10/rivers-of-contention/river-at-dawn/"), "rivers-of-contention")
    assert_moved(client.get("/?attachment_id=5"), "rivers-of-contention")


def test_the_redirect_leads_to_the_rendered_essay(client):
    response = client.get("/2022/05/aquifer-ledger/", follow=True)
    assert response.redirect_chain == [("/essays/aquifer-ledger/", HTTPStatus.MOVED_PERMANENTLY)]
    assert response.status_code == HTTPStatus.OK
    assert "Farmers pumped twice what the aquifer could bear." in response.content.decode()


def test_drafts_and_scheduled_essays_are_not_revealed(client):
    assert OldAddress.objects.filter(path="/?p=9").exists()  # the draft
    assert client.get("/?p=9").status_code == HTTPStatus.OK  # the front page, no redirect
    assert client.get("/?p=10").status_code == HTTPStatus.OK  # scheduled for 2031


def test_unknown_and_hostile_values_fall_through(client):
    assert client.get("/?p=999").status_code == HTTPStatus.OK
    assert client.get("/?p=4%00").status_code == HTTPStatus.BAD_REQUEST  # config.middleware
    assert client.get("/?p=-4").status_code == HTTPStatus.OK
    assert client.get("/2019/10/no-such-post/").status_code == HTTPStatus.NOT_FOUND


def test_an_old_address_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/?p=4")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
