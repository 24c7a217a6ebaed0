"""The Map page's geometry: a box around the pins, the projection that fits it, zoom that keeps
the place under the pointer, pan, and the world outlines shipped with the app."""

from __future__ import annotations

import math

import pytest

from fieldvisit.planning.map_geometry import (
    MIN_SPAN_DEG,
    Box,
    Projection,
    outlines_in,
    world_outlines,
)
from tests.planning.builders import CITIES

CHICAGO, BOSTON, LONDON = CITIES["Chicago"][:2], CITIES["Boston"][:2], CITIES["London"][:2]


def test_the_box_holds_every_pin_and_a_single_city_still_shows_its_region() -> None:
    assert Box.around([]) is None
    box = Box.around([CHICAGO, BOSTON])
    assert box == Box(CHICAGO[0], CHICAGO[1], BOSTON[0], BOSTON[1])
    one = Box.around([CHICAGO])
    assert one is not None
    padded = one.padded()
    assert padded.north - padded.south >= MIN_SPAN_DEG
    assert padded.south < CHICAGO[0] < padded.north and padded.west < CHICAGO[1] < padded.east


def test_the_fitted_projection_shows_the_whole_box_inside_the_area() -> None:
    box = Box.around([CHICAGO, BOSTON, LONDON])
    assert box is not None
    view = Projection.fit(box.padded(), 800, 500)
    for lat, lon in (CHICAGO, BOSTON, LONDON):
        x, y = view.to_screen(lat, lon)
        assert 0 <= x <= 800 and 0 <= y <= 500
    # North is up, east is right.
    assert view.to_screen(*LONDON)[0] > view.to_screen(*CHICAGO)[0]
    assert view.to_screen(*LONDON)[1] < view.to_screen(*CHICAGO)[1]
    # One side fills the area: the box is as large as it can be.
    x0, y0 = view.to_screen(box.padded().north, box.padded().west)
    x1, y1 = view.to_screen(box.padded().south, box.padded().east)
    assert math.isclose(x1 - x0, 800, rel_tol=1e-6) or math.isclose(y1 - y0, 500, rel_tol=1e-6)


def test_longitudes_shrink_with_latitude_so_a_region_keeps_its_shape() -> None:
    view = Projection.fit(Box(50, -5, 55, 5), 1000, 1000)
    x0, _ = view.to_screen(52.5, 0)
    x1, _ = view.to_screen(52.5, 1)
    _, y0 = view.to_screen(52.5, 0)
    _, y1 = view.to_screen(53.5, 0)
    assert (x1 - x0) / (y0 - y1) == pytest.approx(math.cos(math.radians(52.5)))


def test_screen_and_geo_round_trip() -> None:
    view = Projection.fit(Box(30, -100, 50, -70), 640, 480)
    lat, lon = view.to_geo(*view.to_screen(*BOSTON))
    assert (lat, lon) == pytest.approx(BOSTON)


def test_zoom_keeps_the_place_under_the_pointer_and_pan_moves_the_view() -> None:
    view = Projection.fit(Box(30, -100, 50, -70), 640, 480)
    x, y = view.to_screen(*CHICAGO)
    closer = view.zoomed(2.0, x, y)
    assert closer.scale == pytest.approx(view.scale * 2)
    assert closer.to_screen(*CHICAGO) == pytest.approx((x, y))
    assert closer.zoomed(0.5, x, y).scale == pytest.approx(view.scale)
    moved = view.panned(100, -50)  # the view moves right and up: places move left and down
    bx, by = view.to_screen(*BOSTON)
    assert moved.to_screen(*BOSTON) == pytest.approx((bx - 100, by + 50))
    assert view.resized(1000, 800).to_geo(500, 400) == pytest.approx(view.to_geo(320, 240))


def test_world_outlines_ship_with_the_app_and_only_nearby_ones_are_drawn() -> None:
    polygons = world_outlines()
    assert len(polygons) > 150
    near = outlines_in(Box(41, -88, 43, -87))  # Chicago
    assert 1 <= len(near) < 5
    # Chicago lies inside the United States' outline (ray casting on the nearby polygons).
    assert any(_inside(CHICAGO[1], CHICAGO[0], polygon[0]) for polygon in near)
    assert not any(_inside(-40.0, 35.0, p[0]) for p in outlines_in(Box(34, -41, 36, -39)))


def _inside(x: float, y: float, ring: tuple[tuple[float, float], ...]) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def test_pins_at_one_place_are_set_apart_and_others_stay_put() -> None:
    from fieldvisit.planning.map_geometry import spread

    out = spread([(100, 100), (100, 100), (101, 100), (300, 300)], gap=16)
    assert out[3] == (300, 300)
    together = out[:3]
    for i, a in enumerate(together):
        for b in together[i + 1 :]:
            assert math.dist(a, b) >= 16
        assert math.dist(a, (100, 100)) < 40


def test_the_outlines_are_small_package_data_with_their_source_and_licence() -> None:
    from importlib import resources

    folder = resources.files("fieldvisit.resources").joinpath("map")
    data = folder.joinpath("countries-110m.json")
    assert len(data.read_bytes()) < 500_000
    readme = folder.joinpath("README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme
