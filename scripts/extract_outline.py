"""Extract Kazakhstan's outline and its neighbours' shapes from Natural Earth 1:110m into datasets/.

Run once, by hand; the kit never runs it. Natural Earth data is in the public domain. We read the copy
of "Admin 0 - Countries" (1:110m) that ships inside the geopandas 0.14.4 wheel, so no map package is
needed at run time:

    pip download --no-deps -d /tmp/wheels geopandas==0.14.4
    pip install pyshp
    python scripts/extract_outline.py /tmp/wheels/geopandas-0.14.4-py3-none-any.whl

It writes two files:
- datasets/kazakhstan.geojson: Kazakhstan's outline;
- datasets/neighbours.csv: every other country that shows on the kit's map, one row per point of its
  outline, cut to the map's frame (a country as big as Russia would otherwise weigh more than the rest of
  the map). The Caspian Sea is the water between them: Natural Earth's countries stop at its shore.
"""
import csv
import io
import json
import sys
import zipfile
from pathlib import Path

import shapefile  # pyshp: only needed for this one-off extraction

INSIDE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
DATASETS = Path(__file__).resolve().parents[1] / "datasets"
OUT = DATASETS / "kazakhstan.geojson"
NEIGHBOURS = DATASETS / "neighbours.csv"
SOURCE_ID = "naturalearth-110m-admin0"
# The map's frame (maps.base_map shows lon 45.5-88.5, lat 40-56), with a margin so that no cut edge shows.
FRAME = (44.0, 38.5, 90.0, 57.5)  # west, south, east, north


def read_countries(wheel: str):
    """(record, rings) for every country of the shapefile; a ring is a list of [lon, lat]."""
    with zipfile.ZipFile(wheel) as z:
        parts = {ext: io.BytesIO(z.read(f"{INSIDE}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(**parts, encoding="latin-1")  # the .cpg file says ISO-8859-1
    names = [f[0] for f in reader.fields[1:]]
    for shape_record in reader.iterShapeRecords():
        shape = shape_record.shape
        bounds = list(shape.parts) + [len(shape.points)]
        rings = [[[round(x, 4), round(y, 4)] for x, y in shape.points[a:b]] for a, b in zip(bounds, bounds[1:])]
        yield dict(zip(names, shape_record.record)), rings


def clip(ring, frame=FRAME):
    """The part of a ring inside the frame (Sutherland-Hodgman: cut by each of the four edges in turn)."""
    west, south, east, north = frame
    edges = [(lambda p: p[0] >= west, 0, west), (lambda p: p[0] <= east, 0, east),
             (lambda p: p[1] >= south, 1, south), (lambda p: p[1] <= north, 1, north)]
    points = ring
    for inside, axis, value in edges:
        kept = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current) != inside(previous):
                t = (value - previous[axis]) / (current[axis] - previous[axis])
                cut = [previous[0] + t * (current[0] - previous[0]), previous[1] + t * (current[1] - previous[1])]
                cut[axis] = value
                kept.append([round(cut[0], 4), round(cut[1], 4)])
            if inside(current):
                kept.append(current)
        points = kept
        if not points:
            return []
    return points


def write_outline(record, rings) -> None:
    feature = {
        "type": "Feature",
        "properties": {"name": "Kazakhstan", "iso_a3": "KAZ",
                       "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), via the geopandas 0.14.4 wheel",
                       "source_ids": SOURCE_ID},
        "geometry": {"type": "Polygon" if len(rings) == 1 else "MultiPolygon",
                     "coordinates": rings if len(rings) == 1 else [[r] for r in rings]},
    }
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(rings)} ring(s), {sum(len(r) for r in rings)} points)")


def write_neighbours(countries) -> None:
    rows = []
    for record, rings in sorted(countries, key=lambda c: c[0]["name"]):
        kept = [part for part in (clip(ring) for ring in rings) if len(part) >= 3]
        for number, part in enumerate(kept, start=1):
            rows += [{"country": record["name"], "iso_a3": record["iso_a3"], "part": number, "point": i,
                      "lon": lon, "lat": lat, "source_ids": SOURCE_ID} for i, (lon, lat) in enumerate(part, start=1)]
    with open(NEIGHBOURS, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    shown = sorted({r["country"] for r in rows})
    print(f"wrote {NEIGHBOURS} ({len(rows)} points of {len(shown)} countries: {', '.join(shown)})")


def main(wheel: str) -> None:
    countries = list(read_countries(wheel))
    kazakhstan = [c for c in countries if c[0].get("iso_a3") == "KAZ"]
    if not kazakhstan:
        sys.exit("Kazakhstan (iso_a3 KAZ) not found in the shapefile")
    write_outline(*kazakhstan[0])
    write_neighbours([c for c in countries if c[0].get("iso_a3") != "KAZ"])


if __name__ == "__main__":
    main(sys.argv[1])
