"""Images fetched from the old site when no uploads folder is given: through essays.outbound,
so only allowed addresses, within a deadline and a size cap; every failure is reported."""

import io
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from essays.models import Essay
from pages.wordpress import ImportOptions, import_wordpress
from tests.local_server import serving

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "wordpress"
PNG = (DATA / "uploads" / "2019" / "10" / "river.png").read_bytes()


class OldSite(BaseHTTPRequestHandler):
    """Serves the uploads folder, and nothing else."""

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path == "/wp-content/uploads/2019/10/river.png":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


def export_served_from(base: str) -> io.BytesIO:
    text = (DATA / "export.xml").read_text().replace("https://old.example.org", base)
    return io.BytesIO(text.encode())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_images_are_fetched_from_the_old_site(settings):
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with serving(OldSite) as server:
        report = import_wordpress(export_served_from(server.base), options=ImportOptions())
    assert report.images_copied == 2 and report.images_missing == []
    essay = Essay.objects.get(slug="rivers-of-contention")
    assert essay.hero_image.read() == PNG
    assert server.requests == ["/wp-content/uploads/2019/10/river.png"] * 2


def test_a_private_address_is_refused_and_reported(settings):
    settings.OUTBOUND_ALLOWED_NETWORKS = []  # as in production: 127.0.0.1 is not public
    with serving(OldSite) as server:
        report = import_wordpress(export_served_from(server.base), options=ImportOptions())
    assert server.requests == []
    assert len(report.images_missing) == 2
    assert all("could not be fetched" in text for _, text in report.images_missing)
    assert not Essay.objects.get(slug="rivers-of-contention").hero_image


def test_an_image_the_old_site_lost_is_reported(settings):
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with serving(OldSite) as server:
        text = export_served_from(server.base).getvalue().replace(b"river.png", b"gone.png")
        report = import_wordpress(io.BytesIO(text), options=ImportOptions())
    assert len(report.images_missing) == 2
    assert all("gone.png answered HTTP 404" in text for _, text in report.images_missing)
