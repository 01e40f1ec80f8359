"""Finding an imported image: in a copy of wp-content/uploads, or fetched from its address with
the outbound rules (public addresses only, a deadline, a size cap). Failures are returned as
reasons for the report, never swallowed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from essays.outbound import FetchError, fetch

UPLOADS_MARKER = "/wp-content/uploads/"
MAX_IMAGE_BYTES = 20 * 1024 * 1024
IMAGE_DEADLINE = 20.0
STORED_UNDER = "imports"


@dataclass(frozen=True)
class Found:
    name: str  # the path under uploads: 2019/10/river.png
    content: bytes | None  # None: not found
    problem: str = ""


class ImageSource:
    """Images of one import: from `uploads` if given, else fetched (when `fetch_missing`)."""

    def __init__(self, *, uploads: Path | None, fetch_missing: bool):
        self.uploads = uploads.resolve() if uploads else None
        self.fetch_missing = fetch_missing

    def find(self, url: str) -> Found:
        name = uploads_name(url)
        if self.uploads is not None:
            return self._from_uploads(name, url)
        if not self.fetch_missing:
            return Found(name, None, "not fetched (no --uploads, and fetching is off)")
        try:
            result = fetch(
                url,
                deadline=IMAGE_DEADLINE,
                max_bytes=MAX_IMAGE_BYTES,
                allowed_networks=settings.OUTBOUND_ALLOWED_NETWORKS,
            )
        except FetchError as error:
            return Found(name, None, f"could not be fetched: {error}")
        if result.status != 200:
            return Found(name, None, f"answered HTTP {result.status}")
        return Found(name, result.body)

    def _from_uploads(self, name: str, url: str) -> Found:
        if not name or UPLOADS_MARKER not in urlsplit(url).path:
            return Found(name, None, "is not under wp-content/uploads")
        path = (self.uploads / name).resolve()
        # "../" in an address must not read a file outside the uploads folder.
        if not path.is_relative_to(self.uploads) or not path.is_file():
            return Found(name, None, "is not in the uploads folder")
        return Found(name, path.read_bytes())


def uploads_name(url: str) -> str:
    """2019/10/river.png for .../wp-content/uploads/2019/10/river.png; else the file name."""
    path = unquote(urlsplit(url).path)
    if UPLOADS_MARKER in path:
        return path.split(UPLOADS_MARKER, 1)[1]
    return PurePosixPath(path).name


def store_body_image(found: Found) -> str:
    """Save an image shown in a body under media/imports/ (once); its new address."""
    name = f"{STORED_UNDER}/{found.name}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(found.content or b""))
    return default_storage.url(name)
