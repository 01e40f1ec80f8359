"""Draft, Scheduled and Published in the essay admin: the list, the form and their actions."""

import datetime
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from essays.models import Essay
from tests.essays.test_admin_citations import essay_post
from tests.factories import AuthorFactory, EssayFactory
from tests.publication import essay_admin_form

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:essays_essay_changelist")


def later(**delta):
    return timezone.now() + datetime.timedelta(**(delta or {"days": 2}))


def change_url(essay):
    return reverse("admin:essays_essay_change", args=[essay.pk])


def test_the_list_shows_state_date_and_word_count(editor_client):
    EssayFactory(title="Out now", body="One two three four.")
    EssayFactory(title="Coming soon", publish_at=later())
    EssayFactory(title="Not yet", status=Essay.Status.DRAFT)

    response = editor_client.get(CHANGELIST)

    rows = {essay.title: essay for essay in response.context["cl"].result_list}
    assert response.status_code == HTTPStatus.OK
    headers = [str(header["text"]) for header in response.context["result_headers"]]
    assert headers[2:5] == ["State", "Date", "Words"]
    for title, state in [("Out now", "Published"), ("Coming soon", "Scheduled"),
                         ("Not yet", "Draft")]:  # fmt: skip
        assert rows[title].state.label == state
    assert '<td class="field-state">Scheduled</td>' in response.text
    assert '<td class="field-words">4</td>' in response.text


@pytest.mark.parametrize(
    ("state", "titles"),
    [("draft", ["Not yet"]), ("scheduled", ["Coming soon"]), ("published", ["Out now"])],
)
def test_the_list_filters_by_state(editor_client, state, titles):
    EssayFactory(title="Out now")
    EssayFactory(title="Coming soon", publish_at=later())
    EssayFactory(title="Not yet", status=Essay.Status.DRAFT)

    response = editor_client.get(CHANGELIST, {"state": state})

    assert [essay.title for essay in response.context["cl"].result_list] == titles


def test_the_form_says_scheduled_with_the_date_and_offers_both_buttons(editor_client):
    essay = EssayFactory(publish_at=later())

    page = editor_client.get(change_url(essay)).text

    assert "Scheduled: readers see it from" in page
    assert 'name="_publish_now"' in page and 'name="_unschedule"' in page


def test_a_public_essay_offers_no_state_button(editor_client, essay):
    page = editor_client.get(change_url(essay)).text
    assert 'name="_publish_now"' not in page and 'name="_unschedule"' not in page


def test_publish_now_in_the_form_saves_the_edits_and_makes_the_essay_public(editor_client):
    essay = EssayFactory(publish_at=later())
    data = essay_post(essay, body="Edited before publishing.") | {"_publish_now": "Publish now"}

    response = editor_client.post(change_url(essay), data)

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == change_url(essay)  # the editor stays on the essay
    essay.refresh_from_db()
    assert essay.state == Essay.State.PUBLISHED
    assert essay.body == "Edited before publishing."


def test_publish_now_in_the_form_is_refused_when_notes_are_missing(editor_client):
    essay = EssayFactory(status=Essay.Status.DRAFT, body="Claim.[^ghost]")
    data = essay_post(essay, body="Claim.[^ghost]", status="draft") | {"_publish_now": "1"}

    response = editor_client.post(change_url(essay), data)

    assert response.status_code == HTTPStatus.OK
    assert "[^ghost]" in response.text
    essay.refresh_from_db()
    assert essay.status == Essay.Status.DRAFT


def test_unschedule_in_the_form_keeps_the_date_and_returns_to_draft(editor_client):
    when = later()
    essay = EssayFactory(publish_at=when)
    data = essay_post(essay, body=essay.body)
    local = timezone.localtime(when)
    data |= {"publish_at_0": f"{local:%Y-%m-%d}", "publish_at_1": f"{local:%H:%M:%S}"}
    data["_unschedule"] = "1"

    response = editor_client.post(change_url(essay), data)

    assert response.status_code == HTTPStatus.FOUND
    essay.refresh_from_db()
    assert essay.state == Essay.State.DRAFT
    assert essay.publish_at == when.replace(microsecond=0)


def test_publish_now_and_unschedule_actions(editor_client):
    scheduled = EssayFactory(publish_at=later())
    other = EssayFactory(publish_at=later())
    draft = EssayFactory(status=Essay.Status.DRAFT, publish_at=later())
    public = EssayFactory()
    public_since = public.publish_at

    editor_client.post(CHANGELIST, {"action": "unschedule", "_selected_action": [other.pk]})
    editor_client.post(
        CHANGELIST,
        {"action": "publish_now", "_selected_action": [scheduled.pk, draft.pk, public.pk]},
    )

    for essay in (scheduled, other, draft, public):
        essay.refresh_from_db()
    assert (scheduled.state, draft.state, other.state) == ("published", "published", "draft")
    assert public.publish_at == public_since  # already public: its date is not moved


def test_publish_now_action_refuses_an_essay_citing_missing_notes(editor_client):
    essay = EssayFactory(status=Essay.Status.DRAFT, body="Claim.[^ghost]", title="Unready")

    response = editor_client.post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [essay.pk]}
    )

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Unready" in m and "[^ghost]" in m for m in messages)
    essay.refresh_from_db()
    assert essay.state == Essay.State.DRAFT


def test_the_admin_is_named_after_the_publication_with_its_favicon(editor_client):
    page = editor_client.get(reverse("admin:index")).text

    assert "Django administration" not in page and "Django site admin" not in page
    home = reverse("admin:index")
    assert f'<div id="site-name"><a href="{home}">{settings.SITE_NAME}</a>' in page
    assert f"| {settings.SITE_NAME}</title>" in page
    assert 'rel="icon" href="/static/img/favicon.svg"' in page


def test_the_login_page_is_named_after_the_publication(client):
    page = client.get(reverse("admin:login")).text
    assert "Django administration" not in page and settings.SITE_NAME in page


# Scheduling a new essay in one step, by its writer (the counted journey's last steps).


def new_essay_post(**fields) -> dict:
    return essay_admin_form(**fields) | {"corrections-TOTAL_FORMS": "0",
                                         "corrections-INITIAL_FORMS": "0"}  # fmt: skip


def test_a_new_draft_offers_schedule_and_publish_now(editor_client):
    page = editor_client.get(reverse("admin:essays_essay_add")).text
    assert "Draft until published." in page
    assert 'name="_schedule"' in page and 'name="_publish_now"' in page


def test_schedule_saves_a_new_essay_for_its_future_date(editor_client):
    when = timezone.localtime(later(days=3)).replace(microsecond=0)
    data = new_essay_post(title="Coming", slug="coming", status="draft")
    data |= {"publish_at_0": f"{when:%Y-%m-%d}", "publish_at_1": f"{when:%H:%M:%S}"}

    response = editor_client.post(reverse("admin:essays_essay_add"), data | {"_schedule": "1"})

    essay = Essay.objects.get(slug="coming")
    assert response.status_code == HTTPStatus.FOUND and response.url == change_url(essay)
    assert essay.state == Essay.State.SCHEDULED and essay.publish_at == when


def test_schedule_without_a_future_date_keeps_a_draft_and_says_what_to_do(editor_client):
    data = new_essay_post(title="Too soon", slug="too-soon", status="published")

    response = editor_client.post(
        reverse("admin:essays_essay_add"), data | {"_schedule": "1"}, follow=True
    )

    assert Essay.objects.get(slug="too-soon").state == Essay.State.DRAFT
    assert [str(m) for m in get_messages(response.wsgi_request)][:1] == [
        "To schedule, set a publish date and time in the future; the essay stays a draft."
    ]


def test_a_new_essay_is_by_its_writer_until_they_say_otherwise(editor_client, editor):
    author = AuthorFactory(name="Ada Brook", user=editor)
    AuthorFactory(name="Someone Else")

    form = editor_client.get(reverse("admin:essays_essay_add")).context["adminform"].form

    assert form.initial["authors"] == [author.pk]
    assert f'<option value="{author.pk}" selected>Ada Brook</option>' in str(form["authors"])


def test_a_staff_member_without_an_author_page_starts_with_no_author(editor_client):
    form = editor_client.get(reverse("admin:essays_essay_add")).context["adminform"].form
    assert "authors" not in form.initial
