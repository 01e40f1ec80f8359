"""The admin's WordPress import page: only for staff granted the import permission."""

from http import HTTPStatus
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comments.models import Comment
from essays.models import Essay
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).resolve().parent.parent / "data" / "wordpress" / "export.xml"
URL = "admin:pages_wordpress_import"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def importer_client(client):
    user = StaffFactory(username="importer")
    user.user_permissions.add(Permission.objects.get(codename="import_wordpress"))
    client.force_login(user)
    return client


def upload(client, **fields):
    export = SimpleUploadedFile("export.xml", EXPORT.read_bytes(), content_type="text/xml")
    return client.post(reverse(URL), {"export": export, "fetch_images": "", **fields})


def test_staff_without_the_permission_are_refused(editor_client):
    assert editor_client.get(reverse(URL)).status_code == HTTPStatus.FORBIDDEN
    assert upload(editor_client).status_code == HTTPStatus.FORBIDDEN
    assert not Essay.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse(URL))
    assert response.status_code == HTTPStatus.FOUND
    assert "/login/" in response["Location"]


def test_a_dry_run_shows_the_report_and_writes_nothing(importer_client):
    response = upload(importer_client, dry_run="on")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Dry run: nothing was written." in html
    assert "posts: 7 (1 draft, 1 future, 1 private, 4 publish); 7 new" in html
    assert not Essay.objects.exists() and not Comment.objects.exists()


def test_the_import_writes_and_reports(importer_client):
    html = upload(importer_client).content.decode()
    assert "Import finished." in html
    assert Essay.objects.count() == 7 and Comment.objects.count() == 7
    # Images were neither fetched nor uploaded: each is named.
    assert "image missing (post 4)" in html


def test_a_file_that_is_not_an_export_is_reported(importer_client):
    bad = SimpleUploadedFile("export.xml", b"<html>nope</html>", content_type="text/xml")
    html = importer_client.post(reverse(URL), {"export": bad}).content.decode()
    assert "Import stopped: The file starts with &lt;html&gt;" in html
