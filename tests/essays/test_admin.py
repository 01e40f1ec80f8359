from http import HTTPStatus

import pytest
from django.urls import reverse

from essays.models import Essay
from tests.factories import EssayFactory
from tests.publication import essay_admin_form

pytestmark = pytest.mark.django_db


def test_editor_opens_the_essay_list_and_change_page(editor_client, essay):
    assert editor_client.get(reverse("admin:essays_essay_changelist")).status_code == 200
    response = editor_client.get(reverse("admin:essays_essay_change", args=[essay.pk]))
    assert response.status_code == HTTPStatus.OK
    assert reverse("essays:preview", args=[essay.pk]) in response.text


def test_moderator_cannot_open_essay_change_page(moderator_client, essay):
    for url in (
        reverse("admin:essays_essay_changelist"),
        reverse("admin:essays_essay_change", args=[essay.pk]),
        reverse("admin:essays_essay_add"),
        reverse("admin:essays_source_changelist"),
    ):
        assert moderator_client.get(url).status_code == HTTPStatus.FORBIDDEN, url


def test_moderator_cannot_change_an_essay_by_posting(moderator_client, essay):
    url = reverse("admin:essays_essay_change", args=[essay.pk])
    response = moderator_client.post(url, {"title": "Defaced"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    essay.refresh_from_db()
    assert essay.title != "Defaced"


def test_editor_creates_an_essay_in_the_admin(editor_client):
    response = editor_client.post(
        reverse("admin:essays_essay_add"),
        essay_admin_form(body="Body text with <script>alert(1)</script>."),
    )
    assert response.status_code == HTTPStatus.FOUND, (
        response.context and response.context["adminform"].form.errors
    )
    essay = Essay.objects.get(slug="fresh-essay")
    assert "<script" not in essay.body_html


def test_publish_and_unpublish_actions(editor_client):
    draft = EssayFactory(status=Essay.Status.DRAFT)
    url = reverse("admin:essays_essay_changelist")

    editor_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Essay.Status.PUBLISHED

    editor_client.post(url, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Essay.Status.DRAFT


def test_view_on_site_only_for_public_essays(editor_client):
    public = EssayFactory()
    draft = EssayFactory(status=Essay.Status.DRAFT)
    public_page = editor_client.get(reverse("admin:essays_essay_change", args=[public.pk]))
    draft_page = editor_client.get(reverse("admin:essays_essay_change", args=[draft.pk]))
    assert "View on site" in public_page.text
    assert "View on site" not in draft_page.text
