"""The Map page's geometry, without Qt: a latitude/longitude box, the projection that fits it to
a drawing area (and zooms and pans it), and the world's country outlines shipped with the app.

The projection is equirectangular with longitudes shrunk by the cosine of a reference latitude
(the middle of the box it was fitted to), so a region looks right without a tile server; it is
kept while zooming and panning so the map never changes shape under the pointer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

MIN_SPAN_DEG = 1.0  # a box around one city still shows the region around it
PAD = 0.15  # share of the box added on every side
MAX_LAT = 85.0
MIN_SCALE, MAX_SCALE = 0.5, 2000.0  # pixels per degree: the whole world … a few streets


@dataclass(frozen=True)
class Box:
    """A latitude/longitude box (degrees; west < east, no wrap across the antimeridian)."""

    south: float
    west: float
    north: float
    east: float

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> Box | None:
        """Return the smallest box holding every (lat, lon), or None when there are none."""
        pts = list(points)
        if not pts:
            return None
        lats, lons = [p[0] for p in pts], [p[1] for p in pts]
        return cls(min(lats), min(lons), max(lats), max(lons))

    def padded(self, share: float = PAD, min_span: float = MIN_SPAN_DEG) -> Box:
        """Return the box grown by `share` on each side and to at least `min_span` degrees."""
        lat_half = max(self.north - self.south, min_span) * (0.5 + share)
        lon_half = max(self.east - self.west, min_span) * (0.5 + share)
        lat_mid, lon_mid = (self.north + self.south) / 2, (self.east + self.west) / 2
        return Box(
            max(lat_mid - lat_half, -MAX_LAT),
            max(lon_mid - lon_half, -180.0),
            min(lat_mid + lat_half, MAX_LAT),
            min(lon_mid + lon_half, 180.0),
        )

    @property
    def centre(self) -> tuple[float, float]:
        """Return the (lat, lon) in the middle of the box."""
        return (self.north + self.south) / 2, (self.east + self.west) / 2


WORLD = Box(-60.0, -180.0, MAX_LAT, 180.0)


@dataclass(frozen=True)
class Projection:
    """Maps (lat, lon) to pixels of a `width` × `height` area, and back.

    `scale` is pixels per degree of latitude; a degree of longitude is `scale * kx` pixels,
    where kx is the cosine of the reference latitude. (centre_lat, centre_lon) is drawn in the
    middle of the area.
    """

    centre_lat: float
    centre_lon: float
    scale: float
    kx: float
    width: float
    height: float

    @classmethod
    def fit(cls, box: Box, width: float, height: float) -> Projection:
        """Return the projection that shows all of `box` as large as the area allows."""
        lat, lon = box.centre
        kx = max(math.cos(math.radians(lat)), 0.2)
        span_x = max((box.east - box.west) * kx, 1e-6)
        span_y = max(box.north - box.south, 1e-6)
        scale = min(max(width, 1.0) / span_x, max(height, 1.0) / span_y)
        return cls(lat, lon, _clamp(scale, MIN_SCALE, MAX_SCALE), kx, width, height)

    def to_screen(self, lat: float, lon: float) -> tuple[float, float]:
        """Return the pixel (x, y) of a place; y grows downwards."""
        x = self.width / 2 + (lon - self.centre_lon) * self.scale * self.kx
        y = self.height / 2 - (lat - self.centre_lat) * self.scale
        return x, y

    def to_geo(self, x: float, y: float) -> tuple[float, float]:
        """Return the (lat, lon) drawn at pixel (x, y)."""
        lon = self.centre_lon + (x - self.width / 2) / (self.scale * self.kx)
        lat = self.centre_lat - (y - self.height / 2) / self.scale
        return lat, lon

    def zoomed(self, factor: float, x: float | None = None, y: float | None = None) -> Projection:
        """Return the projection zoomed by `factor` (>1 closer), keeping the place under pixel
        (x, y) where it is (the middle of the area when not given)."""
        x = self.width / 2 if x is None else x
        y = self.height / 2 if y is None else y
        lat, lon = self.to_geo(x, y)
        scale = _clamp(self.scale * factor, MIN_SCALE, MAX_SCALE)
        moved = replace(self, scale=scale)
        # Shift the centre so (lat, lon) lands on (x, y) again.
        nx, ny = moved.to_screen(lat, lon)
        return moved.panned(nx - x, ny - y)

    def panned(self, dx: float, dy: float) -> Projection:
        """Return the projection with the map moved by (-dx, -dy) pixels: the area's view moves
        right by dx and down by dy."""
        lon = self.centre_lon + dx / (self.scale * self.kx)
        lat = self.centre_lat - dy / self.scale
        return replace(self, centre_lat=_clamp(lat, -MAX_LAT, MAX_LAT), centre_lon=_wrap(lon))

    def resized(self, width: float, height: float) -> Projection:
        """Return the same view (centre and scale) in an area of another size."""
        return replace(self, width=width, height=height)

    def visible(self) -> Box:
        """Return the box the area shows."""
        south, west = self.to_geo(0, self.height)
        north, east = self.to_geo(self.width, 0)
        return Box(south, west, north, east)


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _wrap(lon: float) -> float:
    return _clamp(lon, -180.0, 180.0)


Ring = tuple[tuple[float, float], ...]  # (lon, lat) points


@cache
def world_outlines() -> tuple[tuple[Ring, ...], ...]:
    """Return the countries' polygons (each an outline then its holes), lon/lat, from the
    Natural Earth 1:110m data shipped in fieldvisit/resources/map (see its README)."""
    text = (
        resources.files("fieldvisit.resources")
        .joinpath("map/countries-110m.json")
        .read_text(encoding="utf-8")
    )
    found = []
    for polygon in json.loads(text)["polygons"]:
        rings = tuple(tuple(zip(ring[0::2], ring[1::2], strict=True)) for ring in polygon)
        found.append(rings)
    return tuple(found)


@cache
def _extents() -> tuple[Box, ...]:
    boxes = []
    for polygon in world_outlines():
        box = Box.around((lat, lon) for lon, lat in polygon[0])
        boxes.append(box or WORLD)
    return tuple(boxes)


def outlines_in(box: Box) -> list[tuple[Ring, ...]]:
    """Return the polygons whose extent overlaps `box` (the rest need not be drawn)."""
    return [
        polygon
        for polygon, extent in zip(world_outlines(), _extents(), strict=True)
        if extent.west <= box.east
        and extent.east >= box.west
        and extent.south <= box.north
        and extent.north >= box.south
    ]


def spread(points: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Return the screen points with those closer than `gap` to an earlier one set around it on
    a small circle, so pins at one address (or two addresses next door) stay apart."""
    groups: list[list[int]] = []
    for i, (x, y) in enumerate(points):
        home = next(
            (g for g in groups if math.dist(points[g[0]], (x, y)) < gap),
            None,
        )
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    out = list(points)
    for group in groups:
        if len(group) < 2:
            continue
        cx, cy = points[group[0]]
        radius = gap * max(0.6, len(group) / (2 * math.pi) * 1.1)
        for n, i in enumerate(group):
            angle = 2 * math.pi * n / len(group) - math.pi / 2
            out[i] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return out
