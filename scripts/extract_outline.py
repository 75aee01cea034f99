"""Extract Kazakhstan's outline from Natural Earth 1:110m into datasets/kazakhstan.geojson.

Run once, by hand; the kit never runs it. Natural Earth data is in the public domain. We read the copy
of "Admin 0 - Countries" (1:110m) that ships inside the geopandas 0.14.4 wheel, so no map package is
needed at run time:

    pip download --no-deps -d /tmp/wheels geopandas==0.14.4
    pip install pyshp
    python scripts/extract_outline.py /tmp/wheels/geopandas-0.14.4-py3-none-any.whl
"""
import io
import json
import sys
import zipfile
from pathlib import Path

import shapefile  # pyshp: only needed for this one-off extraction

INSIDE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).resolve().parents[1] / "datasets" / "kazakhstan.geojson"


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        parts = {ext: io.BytesIO(z.read(f"{INSIDE}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(**parts)
    names = [f[0] for f in reader.fields[1:]]
    for shape_record in reader.iterShapeRecords():
        record = dict(zip(names, shape_record.record))
        if record.get("iso_a3") == "KAZ":
            shape = shape_record.shape
            bounds = list(shape.parts) + [len(shape.points)]
            rings = [[[round(x, 4), round(y, 4)] for x, y in shape.points[a:b]] for a, b in zip(bounds, bounds[1:])]
            break
    else:
        sys.exit("Kazakhstan (iso_a3 KAZ) not found in the shapefile")
    feature = {
        "type": "Feature",
        "properties": {"name": "Kazakhstan", "iso_a3": "KAZ",
                       "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), via the geopandas 0.14.4 wheel",
                       "source_ids": "naturalearth-110m-admin0"},
        "geometry": {"type": "Polygon" if len(rings) == 1 else "MultiPolygon",
                     "coordinates": rings if len(rings) == 1 else [[r] for r in rings]},
    }
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(rings)} ring(s), {sum(len(r) for r in rings)} points)")


if __name__ == "__main__":
    main(sys.argv[1])
