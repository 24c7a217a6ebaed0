"""Write fieldvisit/resources/map/countries-110m.json: the world's country outlines for the Map page.

Source: Natural Earth 1:110m admin-0 countries (public domain), as pre-built TopoJSON in the npm
package `world-atlas` (ISC licence). Run once by hand, from the project folder:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/make_world_outlines.py package/countries-110m.json

The output is plain JSON, read by fieldvisit/planning/map_outlines.py: {"source", "licence",
"polygons": [[ring, ...], ...]} where a ring is a flat [lon, lat, lon, lat, ...] list rounded to
DECIMALS places (the first ring of a polygon is its outline, the others its holes).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DECIMALS = 1  # about 11 km: finer than a 1:110m outline is drawn
OUT = (
    Path(__file__).resolve().parent.parent
    / "fieldvisit"
    / "resources"
    / "map"
    / "countries-110m.json"
)


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Decode the topology's delta-encoded, quantized arcs into lon/lat points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _points(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Return a ring's points with longitudes unwrapped: a ring across the antimeridian (Russia,
    Fiji) goes on past 180° instead of jumping back across the whole map."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc[1:] if points else arc)  # arcs share their end points
    for n in range(1, len(points)):
        lon, lat = points[n]
        previous = points[n - 1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        points[n] = (lon, lat)
    return points


def _flat(points: list[tuple[float, float]]) -> list[float]:
    flat: list[float] = []
    last = None
    for lon, lat in points:
        here = (round(lon, DECIMALS), round(lat, DECIMALS))
        if here != last:
            flat.extend(here)
            last = here
    return flat


def polygons(topology: dict[str, Any]) -> list[list[list[float]]]:
    """Return every country polygon as rings of flat lon/lat lists."""
    arcs = _arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind, parts = geometry.get("type"), geometry.get("arcs", [])
        shapes = [parts] if kind == "Polygon" else parts if kind == "MultiPolygon" else []
        for shape in shapes:
            rings = [_points(r, arcs) for r in shape]
            lons = [lon for ring in rings for lon, _lat in ring]
            # Drawn once where it lies, and once a world away when it crosses the antimeridian.
            shifts = (
                [0.0]
                + ([-360.0] if max(lons) > 180 else [])
                + ([360.0] if min(lons) < -180 else [])
            )
            for shift in shifts:
                moved = [_flat([(lon + shift, lat) for lon, lat in ring]) for ring in rings]
                moved = [r for r in moved if len(r) >= 6]
                if moved:
                    found.append(moved)
    return found


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    data = {
        "source": "Natural Earth 1:110m admin-0 countries, via the npm package world-atlas 2.0.2",
        "licence": "Natural Earth: public domain; world-atlas: ISC",
        "polygons": polygons(topology),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(data['polygons'])} polygons, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
