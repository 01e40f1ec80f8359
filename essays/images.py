"""Responsive renditions of uploaded images: a few widths, in WebP and a widely read format.

Renditions are made on first request, not at upload, so no model or admin code needs to know
about them: the first page view after an upload pays for Pillow once, under a file lock, and
writes a manifest that every later request reads instead. Their folder name is derived from
the original's name, size and modification time, so a replaced upload gets new renditions
(and new URLs, which caches may keep forever).

An image over IMAGE_MAX_PIXELS gets no renditions: a 20 KB PNG may promise 169 megapixels,
which Pillow would decode into a gigabyte of memory. Only its header is read to find out.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

WIDTHS = (480, 800, 1200, 1600)
RENDITIONS_DIR = "renditions"
# Pillow's encoders; "fallback" is JPEG, or PNG for images with transparency.
QUALITY = {"WEBP": 80, "JPEG": 82}
MIME_TYPES = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
EXTENSIONS = {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
MANIFEST_VERSION = 1
MEMO_SIZE = 500  # manifests kept in memory per process
# The hero and figures span the text column: 42rem inside the 46rem wrap, the viewport less
# its padding below that (see .wrap in static/css/site.css).
COLUMN_SIZES = (
    "(min-width: 46rem) 42rem, (min-width: 40rem) calc(100vw - 4rem), calc(100vw - 2.5rem)"
)

_memo: dict[tuple[str, int, int], Renditions | None] = {}


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Renditions:
    """An image's renditions: WebP and fallback files at the same widths, smallest first."""

    width: int
    height: int
    webp: tuple[Rendition, ...]
    fallback: tuple[Rendition, ...]
    fallback_type: str

    @property
    def webp_srcset(self) -> str:
        return srcset(self.webp)

    @property
    def fallback_srcset(self) -> str:
        return srcset(self.fallback)

    @property
    def src(self) -> str:
        """The fallback closest to 800 pixels wide, for browsers that ignore srcset."""
        return min(self.fallback, key=lambda r: abs(r.width - 800)).url


class ImageTooLarge(ValueError):
    """An image with more pixels than IMAGE_MAX_PIXELS; the message tells the editor what to do."""


def megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def _too_large(what: str) -> ImageTooLarge:
    return ImageTooLarge(
        f"This image {what}; the limit is {megapixels(settings.IMAGE_MAX_PIXELS)} megapixels. "
        "Resize it and upload again."
    )


def check_pixels(size: tuple[int, int]) -> None:
    """Raise ImageTooLarge if an image of `size` has more pixels than IMAGE_MAX_PIXELS."""
    width, height = size
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_large(f"is {width} × {height} pixels ({megapixels(width * height)} megapixels)")


def open_image(file) -> Image.Image:
    """Image.open, which reads the header and decodes nothing until asked.

    Pillow refuses an image over twice Image.MAX_IMAGE_PIXELS before telling its size; that
    refusal becomes an ImageTooLarge too.
    """
    try:
        return Image.open(file)
    except Image.DecompressionBombError:
        raise _too_large(
            f"has more than {megapixels(2 * Image.MAX_IMAGE_PIXELS)} megapixels"
        ) from None


def srcset(renditions: tuple[Rendition, ...]) -> str:
    return ", ".join(f"{r.url} {r.width}w" for r in renditions)


def target_widths(original_width: int) -> list[int]:
    """The widths to make: each standard width narrower than the original, and the original
    itself when it is narrower than the widest (never enlarged)."""
    widths = [w for w in WIDTHS if w < original_width]
    if original_width <= WIDTHS[-1]:
        widths.append(original_width)
    return widths


def renditions_for(field_file) -> Renditions | None:
    """The renditions of an uploaded image (an ImageField's file), made if missing.

    None when there is no file, it is missing from storage, or Pillow cannot read it; the
    page then shows no picture rather than failing.
    """
    if not field_file or not field_file.name:
        return None
    try:
        original = Path(field_file.path)
        stat = original.stat()
    except (NotImplementedError, FileNotFoundError, ValueError):
        return None
    key = (field_file.name, stat.st_size, stat.st_mtime_ns)
    if key not in _memo:
        if len(_memo) >= MEMO_SIZE:
            _memo.clear()
        _memo[key] = _load_or_make(field_file.name, original, stat)
    return _memo[key]


def delete_image_files(storage, name: str) -> None:
    """Delete an uploaded image and the renditions made of it (a deleted or replaced image);
    what is already gone is not an error."""
    if not name:
        return
    with contextlib.suppress(NotImplementedError, FileNotFoundError, ValueError):
        stat = Path(storage.path(name)).stat()
        shutil.rmtree(Path(settings.MEDIA_ROOT) / rendition_folder(name, stat), ignore_errors=True)
    storage.delete(name)
    for key in [key for key in _memo if key[0] == name]:
        del _memo[key]


def rendition_folder(name: str, stat: os.stat_result) -> PurePosixPath:
    """renditions/<stem>-<digest>: readable, and new whenever the upload is replaced."""
    digest = hashlib.sha256(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()
    stem = PurePosixPath(name).stem[:60] or "image"
    return PurePosixPath(RENDITIONS_DIR) / f"{stem}-{digest[:12]}"


def _load_or_make(name: str, original: Path, stat: os.stat_result) -> Renditions | None:
    folder = rendition_folder(name, stat)
    directory = Path(settings.MEDIA_ROOT) / folder
    manifest = directory / "manifest.json"
    data = _read_manifest(manifest)
    if data is None:
        directory.mkdir(parents=True, exist_ok=True)
        with _locked(directory / ".lock"):
            data = _read_manifest(manifest)  # another process may have made them meanwhile
            if data is None:
                try:
                    data = make_renditions(original, directory)
                except ImageTooLarge as error:
                    logger.warning("Not making renditions of %s: %s", name, error)
                    return None
                except (UnidentifiedImageError, OSError):
                    logger.warning("Cannot make renditions of %s", name, exc_info=True)
                    return None
                _write_atomically(manifest, json.dumps(data))
    return _from_manifest(data, folder)


def make_renditions(original: Path, directory: Path) -> dict:
    """Write every rendition of `original` into `directory`; return the manifest data."""
    with open_image(original) as opened:
        check_pixels(opened.size)
        image = ImageOps.exif_transpose(opened)  # phones store rotation as a tag
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    fallback_format = "PNG" if has_alpha else "JPEG"
    files = []
    for width in target_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        for fmt in ("WEBP", fallback_format):
            filename = f"{width}.{EXTENSIONS[fmt]}"
            options = {"quality": QUALITY[fmt]} if fmt in QUALITY else {"optimize": True}
            if fmt == "JPEG":
                options |= {"optimize": True, "progressive": True}
            resized.save(directory / f".{filename}.tmp", fmt, **options)
            os.replace(directory / f".{filename}.tmp", directory / filename)
            files.append({"format": fmt, "file": filename, "width": width, "height": height})
    return {
        "version": MANIFEST_VERSION,
        "width": image.width,
        "height": image.height,
        "fallback": fallback_format,
        "files": files,
    }


def _from_manifest(data: dict, folder: PurePosixPath) -> Renditions:
    def pick(fmt: str) -> tuple[Rendition, ...]:
        return tuple(
            Rendition(f"{settings.MEDIA_URL}{folder}/{f['file']}", f["width"], f["height"])
            for f in data["files"]
            if f["format"] == fmt
        )

    return Renditions(
        width=data["width"],
        height=data["height"],
        webp=pick("WEBP"),
        fallback=pick(data["fallback"]),
        fallback_type=MIME_TYPES[data["fallback"]],
    )


def _read_manifest(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return None
    return data if data.get("version") == MANIFEST_VERSION else None


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


@contextmanager
def _locked(path: Path):
    """An exclusive lock between the web server's processes while renditions are made."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
