"""Deep-zoom tiles: the level 0 layout, made by the worker for large photos only, upright and
stripped, and gone with the photo's renditions (retire, new original, deletion, orphan sweep)."""

from __future__ import annotations

import io
import math
import subprocess
import sys
import uuid
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image, ImageChops, ImageStat

from galleries import ingest, tasks
from galleries.imaging import tiles
from galleries.models import Photo
from galleries.zoom import photo_zoom_render
from tests.factories import make_photo
from tests.images import image_upload, jpeg_bytes, real_path


@pytest.fixture
def zoom_on(settings):
    settings.GALLERIES_ZOOM_MIN_PIXELS = 1_000_000


def zoomed_photo(size=(1500, 1000), **fields) -> Photo:
    photo = make_photo(size=size, **fields)
    photo_zoom_render(photo=photo)
    return photo


def decoded(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def test_scale_factors_go_down_to_one_tile():
    assert tiles.scale_factors(1500, 1000) == [1, 2, 4]
    assert tiles.scale_factors(512, 300) == [1]
    assert tiles.scale_factors(9000, 6000) == [1, 2, 4, 8, 16, 32]


def test_each_scale_is_covered_by_its_tiles_with_narrower_edges():
    level = tiles.level_tiles(1500, 1000, 1)
    assert len(level) == 3 * 2
    assert [tile.size for tile in level[:3]] == [(512, 512), (512, 512), (476, 512)]
    assert level[-1].size == (476, 488)
    half = tiles.level_tiles(1500, 1000, 2)
    assert [(tile.x, tile.width, tile.size) for tile in half] == [(0, 1024, (512, 500)), (1024, 476, (238, 500))]


def test_tiles_decode_at_their_declared_sizes():
    stored = dict(tiles.make_tiles(io.BytesIO(jpeg_bytes((1500, 1000)))))
    layout = tiles.stored_layout(1500, 1000, tile_size=512, factors=(1, 2, 4), sizes=((375, 250), (750, 500)))
    assert set(stored) == {tiles.image_path(region, size) for region, sizes in layout.items() for size in sizes}
    for path, data in stored.items():
        width, height = map(int, path.split("/")[1].split(","))
        assert decoded(data).size == (width, height)


def test_the_smallest_scale_is_the_whole_picture_in_one_tile():
    stored = dict(tiles.make_tiles(io.BytesIO(jpeg_bytes((1500, 1000)))))
    assert decoded(stored["full/375,250/0/default.jpg"]).size == (375, 250)
    assert "0,0,1500,1000/375,250/0/default.jpg" not in stored


def test_tiles_are_upright_and_carry_no_metadata():
    img = Image.new("RGB", (1200, 600), "white")
    img.paste((255, 0, 0), (0, 0, 100, 100))  # red in the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x010F] = "Camera maker"
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes(), comment=b"serial 1234")
    stored = dict(tiles.make_tiles(io.BytesIO(out.getvalue())))
    whole = decoded(stored["full/300,600/0/default.jpg"])  # 600x1200 upright at scale 2
    assert whole.size == (300, 600)
    top_right, top_left = whole.getpixel((whole.width - 5, 5)), whole.getpixel((5, 5))
    assert top_right[0] > 200
    assert top_right[1] < 80
    assert min(top_left) > 200
    tile = decoded(stored["0,0,512,512/512,512/0/default.jpg"])
    assert not tile.getexif()
    assert "comment" not in tile.info
    assert "icc_profile" not in tile.info


@pytest.mark.parametrize("orientation", range(2, 9))
def test_a_camera_file_is_tiled_upright_whatever_its_orientation_tag(orientation):
    """The eight EXIF orientations of one photo (stored 1800x1200 or 1200x1800) tile alike."""
    reference = dict(tiles.make_tiles(real_path("Landscape_1.jpg").open("rb")))
    turned = dict(tiles.make_tiles(real_path(f"Landscape_{orientation}.jpg").open("rb")))
    assert set(turned) == set(reference)
    small = "full/450,300/0/default.jpg"
    difference = ImageChops.difference(decoded(turned[small]), decoded(reference[small])).convert("L")
    assert ImageStat.Stat(difference).mean[0] < 8  # the same picture, give or take JPEG's rounding


def test_a_sixty_megapixel_original_is_tiled_in_bounded_memory(tmp_path):
    """One scale in memory at a time: tiling peaks below 1.3 times what decoding the picture
    alone takes (each measured in a fresh process, so the ratio holds on a busy machine)."""
    source = tmp_path / "big.jpg"
    Image.new("RGB", (9600, 6400), "navy").save(source, "JPEG", quality=50)
    peak = "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
    decode = f"import resource\nfrom PIL import Image\nImage.open({str(source)!r}).load()\n{peak}\n"
    tile = (
        "import resource, sys\n"
        "from galleries.imaging import tiles\n"
        f"print(sum(1 for _ in tiles.make_tiles(open({str(source)!r}, 'rb'))))\n{peak}\n"
    )

    def run(script: str) -> list[int]:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300)
        return [int(line) for line in done.stdout.split()]

    (decoded_mb,), (count, tiled_mb) = run(decode), run(tile)
    assert count == sum(math.ceil(9600 / (512 * s)) * math.ceil(6400 / (512 * s)) for s in (1, 2, 4, 8, 16, 32)) + 1
    assert tiled_mb < 1.3 * decoded_mb, (tiled_mb, decoded_mb)


@pytest.mark.django_db
def test_a_large_photo_gets_tiles_from_the_worker_after_its_renditions(zoom_on):
    photo = make_photo(size=(1500, 1000))
    tasks.photo_renditions_build.enqueue(photo_id=photo.pk)  # the test backend runs it at once
    photo.refresh_from_db()
    assert photo.has_zoom
    assert photo.zoom["scale_factors"] == [1, 2, 4]
    assert photo.zoom["tile"] == 512
    assert all(default_storage.exists(name) for name in photo.rendition_names())


@pytest.mark.django_db
def test_a_photo_below_the_threshold_gets_no_tiles(settings):
    settings.GALLERIES_ZOOM_MIN_PIXELS = 2_000_000
    photo = zoomed_photo()
    assert not photo.has_zoom


@pytest.mark.django_db
def test_no_tiles_when_the_setting_is_zero(settings):
    settings.GALLERIES_ZOOM_MIN_PIXELS = 0
    assert not zoomed_photo().has_zoom


@pytest.mark.django_db
def test_no_tiles_for_a_photo_a_rendition_already_shows_whole(zoom_on, settings):
    settings.GALLERIES_RENDITION_WIDTHS = [160, 320, 2000]
    assert not zoomed_photo().has_zoom


@pytest.mark.django_db
def test_a_failed_attempt_leaves_no_tile_behind(zoom_on, stored_files):
    photo = make_photo(size=(1500, 1000))
    before = stored_files()
    real_save = default_storage.save
    calls = iter(range(100))

    def full_disk(name, content, **kwargs):
        if next(calls) == 4:
            raise OSError("No space left on device")
        return real_save(name, content, **kwargs)

    with mock.patch.object(default_storage, "save", side_effect=full_disk):
        assert photo_zoom_render(photo=photo) == 0
    assert stored_files() == before
    photo.refresh_from_db()
    assert not photo.has_zoom
    assert photo.is_ready


@pytest.mark.django_db
def test_tiles_made_for_a_picture_replaced_meanwhile_are_deleted(
    zoom_on, stored_files, django_capture_on_commit_callbacks
):
    photo = make_photo(size=(1500, 1000))
    before = stored_files()
    Photo.objects.filter(pk=photo.pk).update(key=uuid.uuid4())  # retired while the worker tiled
    with django_capture_on_commit_callbacks(execute=True):
        assert photo_zoom_render(photo=photo) == 0
    assert stored_files() == before
    assert not Photo.objects.get(pk=photo.pk).zoom


@pytest.mark.django_db
def test_hiding_a_photo_deletes_its_tiles(zoom_on, django_capture_on_commit_callbacks):
    photo = zoomed_photo()
    names = photo.rendition_names()
    with django_capture_on_commit_callbacks(execute=True):
        photo.is_hidden = True
        ingest.photo_save(photo=photo)
    assert not any(default_storage.exists(name) for name in names if "/zoom-" in name)


@pytest.mark.django_db
def test_a_new_original_deletes_the_old_tiles(zoom_on, django_capture_on_commit_callbacks):
    photo = zoomed_photo()
    old = [name for name in photo.rendition_names() if "/zoom-" in name]
    with django_capture_on_commit_callbacks(execute=True):
        ingest.photo_ingest(
            mission=photo.mission, upload=image_upload("new.jpg", size=(1500, 1000), color="red"), photo=photo
        )
    assert old
    assert not any(default_storage.exists(name) for name in old)


@pytest.mark.django_db
def test_deleting_a_photo_deletes_its_tiles(zoom_on, django_capture_on_commit_callbacks):
    photo = zoomed_photo()
    names = photo.rendition_names()
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not any(default_storage.exists(name) for name in names)


@pytest.mark.django_db
def test_the_orphan_sweep_keeps_tiles_in_use_and_lists_stray_ones(zoom_on):
    photo = zoomed_photo()
    default_storage.save("renditions/0123/zoom-abcd/full/10,10/0/default.jpg", io.BytesIO(b"x"))
    out = io.StringIO()
    call_command("media_orphans", stdout=out)
    assert "orphan: renditions/0123/zoom-abcd/full/10,10/0/default.jpg" in out.getvalue()
    assert "1 orphan file(s) found" in out.getvalue()
    assert photo.has_zoom


@pytest.mark.django_db
def test_regenerating_renditions_makes_the_tiles_a_large_photo_lacks(zoom_on):
    photo = make_photo(size=(1500, 1000))
    out = io.StringIO()
    call_command("regenerate_renditions", "--missing", stdout=out)
    photo.refresh_from_db()
    assert photo.has_zoom
    assert "10 zoom tiles" in out.getvalue()  # 6 + 2 + the whole picture at 375 and 750 wide


@pytest.mark.django_db
def test_a_photo_with_hundreds_of_tiles_has_them_deleted_by_the_worker(zoom_on, django_capture_on_commit_callbacks):
    photo = zoomed_photo(size=(6000, 4000))
    names = photo.rendition_names()
    assert len(names) > 100
    worker = mock.patch("galleries.tasks.stored_files_delete")
    with worker as queued, django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert queued.enqueue.call_args.kwargs["names"] == names  # the renditions and the tiles, in one task
    assert all(default_storage.exists(name) for name in names)  # until the worker runs


@pytest.mark.django_db
def test_the_worker_deletes_the_tiles_it_is_given(zoom_on, django_capture_on_commit_callbacks):
    photo = zoomed_photo(size=(6000, 4000))
    names = photo.rendition_names()
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()  # the test backend runs the task at once
    assert not any(default_storage.exists(name) for name in names)
