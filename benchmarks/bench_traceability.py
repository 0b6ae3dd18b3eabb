#!/usr/bin/env python3
"""Traceability benchmark: the EU buyer's GeoJSON of a 10,000-plot lot.

coopdesk's path: ``book.lots.geojson(lot)``: trace the lot back to its tickets
and plots (10,000 tickets, one per plot, 10,000 members), check every ticket
names a plot with a location, read the plots' stored geometries, and write
each Feature as the EU information system reads it (properties, positions
[lon, lat] re-written with exactly six decimals from Decimals, outer ring only,
split under the 25 MB limit), then write the file.

Baseline, measured in the same run: the same features (the same properties
and the stored geometries already parsed into Python objects) written with
the ``json`` module alone (``json.dump`` of a FeatureCollection to a file).
Target: coopdesk's export in at most 5 s.

    .venv/bin/python benchmarks/bench_traceability.py                # 10,000 plots, best of 3
    .venv/bin/python benchmarks/bench_traceability.py --plots 2000   # quicker
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from coopdesk.core import Book  # noqa: E402
from coopdesk.db.models import (Campaign, Delivery, Lot, LotTicket, Member, Plot, Product,  # noqa: E402
                                Zone)
from coopdesk.domain.rules import CooperativeInput  # noqa: E402
RUC = "20600123450"  # a valid check digit
from tests.people import AS_ADMIN  # noqa: E402

NOW = datetime(2026, 6, 1, 8, 0)


def ring(rng: random.Random, lon: float, lat: float, vertices: int = 8) -> str:
    """An irregular star-free outline around (lon, lat), about 1 ha, six decimals."""
    points = []
    for k in range(vertices):
        angle = 2 * math.pi * k / vertices
        radius = 0.0004 + rng.random() * 0.0002
        points.append(f"[{lon + radius * math.cos(angle):.6f},{lat + radius * math.sin(angle):.6f}]")
    return '{"type":"Polygon","coordinates":[[' + ",".join(points + points[:1]) + "]]}"


def build(path: Path, plots: int) -> None:
    """A book with ``plots`` members, each with one cacao plot (three in four a
    polygon, the rest a point), one dry-cacao ticket from it, all in lot L-BENCH.
    Rows are written in one core write transaction (setup, not measured)."""
    rng = random.Random(17)
    book = Book.create(f"sqlite:///{path}", CooperativeInput("Cooperativa Benchmark", RUC, "Jr. 1",
                                                             "Puerto Maldonado"), **AS_ADMIN)
    book.zones.add("LP", "Las Piedras")
    book.campaigns.add("2026", "Campaña 2026", date(2026, 1, 1), date(2026, 12, 31))
    with book.write(None) as session:
        zone = session.scalar(select(Zone.id))
        campaign = session.scalar(select(Campaign.id))
        product = session.scalar(select(Product.id).where(Product.code == "CACAO-SECO"))
        members = [Member(code=f"S{n:05d}", dni=f"{40000000 + n}", first_names="Socia", last_names=f"Número {n}",
                          gender="F", zone_id=zone, status="activo", certification="organico",
                          join_date=date(2019, 1, 1), phone="", sort_key=f"numero {n:05d}",
                          search_key=f"socia numero {n}", created_at=NOW, updated_at=NOW) for n in range(1, plots + 1)]
        session.add_all(members)
        session.flush()
        rows = []
        for n, member in enumerate(members):
            lon, lat = -69.9 + (n % 100) * 0.002, -12.9 + (n // 100) * 0.002
            geometry = (ring(rng, lon, lat) if n % 4 else
                        f'{{"type":"Point","coordinates":[{lon:.6f},{lat:.6f}]}}')
            rows.append(Plot(member_id=member.id, crop="cacao", name=f"Parcela {n}", hectares=Decimal("1.00"),
                             yield_kg_per_ha=Decimal("1000"), certification=None, created_at=NOW, geometry=geometry,
                             area_m2=10000 if n % 4 else None, tenure_document="", geometry_source="bench"))
        session.add_all(rows)
        session.flush()
        tickets = [Delivery(campaign_id=campaign, series="001", number=n + 1, date=date(2026, 3, 1),
                            member_id=plot.member_id, product_id=product, sacks=1, gross_kg=Decimal("60.5"),
                            tare_kg=Decimal("0.5"), net_kg=Decimal("60.0"), humidity_pct=Decimal("7"), grade="A",
                            certification="organico", price=Decimal("18.50"), price_unit="kg",
                            amount=Decimal("1110.00"), created_at=NOW, payable_kg=Decimal("60.0"),
                            equivalent_kg=Decimal("60.0"), plot_id=plot.id) for n, plot in enumerate(rows)]
        session.add_all(tickets)
        session.flush()
        lot = Lot(code="L-BENCH", product_id=product, certification="organico", date=date(2026, 3, 31), note="",
                  created_at=NOW, created_by="bench")
        session.add(lot)
        session.flush()
        session.add_all(LotTicket(lot_id=lot.id, delivery_id=t.id, kg=t.payable_kg, created_at=NOW,
                                  created_by="bench") for t in tickets)
    book.close()


def coopdesk_export(path: Path, out: Path) -> tuple[float, int, int]:
    book = Book.open(f"sqlite:///{path}")
    try:
        start = time.perf_counter()
        files = book.lots.geojson("L-BENCH")
        with open(out, "w", encoding="ascii") as f:
            f.write(files.texts[0])
        elapsed = time.perf_counter() - start
    finally:
        book.close()
    return elapsed, files.plots, len(files.texts[0])


def json_baseline(path: Path, out: Path) -> tuple[float, int]:
    """The same features (properties, geometries parsed) written with json.dump."""
    book = Book.open(f"sqlite:///{path}")
    try:
        trace = book.lots.trace_lot("L-BENCH")
        with book.read() as session:
            geometries = dict(session.execute(select(Plot.id, Plot.geometry)).all())
    finally:
        book.close()
    features = []
    for p in trace.plots:
        geometry = json.loads(geometries[p.plot_id])
        properties = {"ProducerName": p.member_code, "ProducerCountry": "PE",
                      "ProductionPlace": f"{p.member_code}-P{p.plot_id}"}
        if geometry["type"] == "Point":
            properties["Area"] = 1.0
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    start = time.perf_counter()
    with open(out, "w", encoding="ascii") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, separators=(",", ":"))
    return time.perf_counter() - start, out.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plots", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        start = time.perf_counter()
        build(path, args.plots)
        print(f"built {args.plots:,} members, plots, tickets and one lot in {time.perf_counter() - start:.1f} s")
        ours, base = [], []
        for _ in range(args.repeat):
            elapsed, plots, size = coopdesk_export(path, Path(folder) / "coopdesk.geojson")
            ours.append(elapsed)
            elapsed_json, json_size = json_baseline(path, Path(folder) / "json.geojson")
            base.append(elapsed_json)
        print(f"coopdesk lots geojson: {plots:,} plots, {size:,} bytes, best {min(ours):.3f} s "
              f"(runs: {', '.join(f'{t:.3f}' for t in ours)})")
        print(f"json.dump alone:       {json_size:,} bytes, best {min(base):.3f} s "
              f"(runs: {', '.join(f'{t:.3f}' for t in base)})")
        print(f"ratio {min(ours) / min(base):.1f}x; target: coopdesk at most 5 s "
              f"({'met' if min(ours) <= 5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
