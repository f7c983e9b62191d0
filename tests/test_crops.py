"""Crop geometry (galleries.imaging.crops): where each crop sits for a focal point and rectangle."""

from __future__ import annotations

from PIL import Image, ImageDraw

from galleries.imaging.crops import Box, crop_box, fitted_size, letterbox, salient_point


def test_a_centred_focal_point_takes_the_middle_of_a_wide_picture():
    assert crop_box(size=(3000, 1000), ratio=1.5) == Box(750, 0, 2250, 1000)


def test_a_focal_point_in_a_corner_slides_the_box_to_that_corner():
    assert crop_box(size=(3000, 1000), ratio=1.5, focal=(1.0, 1.0)) == Box(1500, 0, 3000, 1000)
    assert crop_box(size=(1000, 3000), ratio=1.5, focal=(0.0, 0.0)) == Box(0, 0, 1000, 667)


def test_a_portrait_gives_a_full_width_social_box_around_the_focal_point():
    box = crop_box(size=(1200, 1800), ratio=1200 / 630, focal=(0.5, 0.25))
    assert (box.width, box.height) == (1200, 630)
    assert box.top == 450 - 315


def test_the_box_stays_inside_the_crop_rectangle():
    box = crop_box(size=(2000, 1000), ratio=1.5, focal=(0.9, 0.5), rect=(0.25, 0.2, 0.75, 0.8))
    assert box.left >= 500
    assert box.right <= 1500
    assert box.top >= 200
    assert box.bottom <= 800
    assert box.right == 1500  # as near the focal point as the rectangle lets it


def test_a_rectangle_narrower_than_the_shape_gives_a_box_as_wide_as_the_rectangle():
    box = crop_box(size=(1000, 1000), ratio=1200 / 630, rect=(0.4, 0.0, 0.6, 1.0), focal=(0.5, 0.5))
    assert (box.left, box.right) == (400, 600)
    assert box.height == round(200 / (1200 / 630))


def test_a_focal_point_outside_the_rectangle_counts_as_its_nearest_edge():
    box = crop_box(size=(1000, 1000), ratio=1.0, rect=(0.5, 0.5, 1.0, 1.0), focal=(0.0, 0.0))
    assert box == Box(500, 500, 1000, 1000)


def test_a_one_pixel_picture_still_has_a_one_pixel_box():
    assert crop_box(size=(1, 1), ratio=1200 / 630, focal=(0.3, 0.9)) == Box(0, 0, 1, 1)
    assert crop_box(size=(3, 200), ratio=1.5, focal=(0.5, 0.5)) == Box(0, 99, 3, 101)


def test_a_small_box_is_never_enlarged_for_a_card():
    assert fitted_size(Box(0, 0, 300, 200), (960, 640)) == (300, 200)
    assert fitted_size(Box(0, 0, 3000, 2000), (960, 640)) == (960, 640)


def test_a_small_crop_still_makes_a_full_social_card_on_a_blurred_ground():
    small = Image.new("RGB", (120, 63), "red")
    card = letterbox(small, (1200, 630))
    assert card.size == (1200, 630)
    assert card.getpixel((600, 315)) == (255, 0, 0)  # the picture, enlarged at most twice, in the middle
    assert card.getpixel((5, 5)) != (255, 0, 0)  # the darkened ground around it


def test_a_crop_up_to_twice_too_small_is_enlarged_to_fill_the_card():
    card = letterbox(Image.new("RGB", (600, 315), "red"), (1200, 630))
    assert card.size == (1200, 630)
    assert card.getpixel((5, 5)) == (255, 0, 0)


def test_a_flat_picture_has_its_salient_point_in_the_centre():
    assert salient_point(Image.new("RGB", (400, 300), "black")) == (0.5, 0.5)


def test_detail_pulls_the_salient_point_towards_it():
    img = Image.new("RGB", (400, 300), "black")
    draw = ImageDraw.Draw(img)
    for x in range(300, 380, 8):  # stripes in the right third
        draw.line([(x, 100), (x, 200)], fill="white", width=3)
    x, y = salient_point(img)
    assert x > 0.65
    assert 0.4 < y < 0.6
