"""An image deleted from the library, or replaced by another file, leaves no file behind:
its upload and its renditions go once the change is committed, and a rollback keeps them."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from essays.images import renditions_for
from essays.models import MediaItem
from essays.services.media import media_item_add, media_item_delete, media_item_update
from tests.factories import MediaItemFactory

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit runs for real


def files_under(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def heron(media_root):
    return media_item_add(item=MediaItemFactory.build(alt="A heron"), uploaded_by=None)


def test_deleting_an_image_deletes_its_file_and_renditions(media_root, heron):
    other = media_item_add(item=MediaItemFactory.build(alt="A weir"), uploaded_by=None)
    folder = Path(renditions_for(other.image).webp[0].url).parent.name
    kept = {other.image.name} | {
        name for name in files_under(media_root) if name.startswith(f"renditions/{folder}/")
    }
    assert Path(heron.image.path).exists()

    media_item_delete(item=heron)

    assert files_under(media_root) == kept  # the other image and its renditions, no more


def test_a_rolled_back_delete_keeps_the_files(media_root, heron):
    before, pk = files_under(media_root), heron.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        media_item_delete(item=heron)
        raise RuntimeError("the admin's transaction failed after the delete")
    assert MediaItem.objects.filter(pk=pk).exists()
    assert files_under(media_root) == before


def test_replacing_the_file_deletes_the_old_one_and_its_renditions(media_root, heron):
    old = Path(heron.image.path)
    old_renditions = {Path(r.url).name for r in renditions_for(heron.image).webp}
    heron.image = SimpleUploadedFile("weir.jpg", new_jpeg(), content_type="image/jpeg")
    media_item_update(item=heron)
    assert not old.exists() and Path(heron.image.path).exists()
    folders = [path for path in (media_root / "renditions").iterdir() if path.is_dir()]
    assert len(folders) == 1 and folders[0].name.startswith("weir")
    assert old_renditions <= {path.name for path in folders[0].iterdir()}  # same widths, new


def test_editing_the_text_keeps_the_file(media_root, heron):
    before = files_under(media_root)
    heron.alt = "A grey heron"
    media_item_update(item=heron)
    assert files_under(media_root) == before


def new_jpeg() -> bytes:
    return MediaItemFactory.build(alt="x").image.read()
