"""The demo cooperative's plots, screenings and lots (issue 17), from their own
seeded generator so the rest of the demo stays as it was for the same seed.

Each zone of Madre de Dios has a slot north and west of Puerto Maldonado; its
members' plots lie on a grid of cells of 0.005° (about 550 m) in it, one cell
per member: a cacao plot in the cell's west half and a copoazú plot in its east
half, each an irregular polygon of 5 to 8 vertices at sorted angles around its
centre (a star-shaped ring never crosses itself), moved a little but kept in
its half cell, so no two plots overlap and every ring is valid. About 8 % of the plots are not mapped
yet, most mapped plots have a screening (a few at risk, one with an override),
and a few lots (one for the EU, made partly from baba) make up part of a sale.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

import shapely
from sqlalchemy import text

from coopdesk.db.models import LotTicket
from coopdesk.domain import roles
from coopdesk.domain.quantities import from_grams

# each zone's slot (column west to east, row north to south) around Puerto Maldonado; a slot is as
# wide as the largest zone's grid and a little more, so the zones are near each other in a small
# demo and still apart in a full-size one (100 cells a side: slots of 0.51°, from 11.79° S to 13.32° S,
# 69.0° W to 70.0° W: inside Madre de Dios); the top edge moves north as the slots grow
SLOTS = {"PL": (0, 0), "LP": (1, 0), "LB": (0, 1), "TB": (1, 1), "IN": (0, 2)}
TOP, MIDDLE = -12.3, -69.5
CELL = 0.005
JITTER = (0.0001, 0.001)   # (longitude, latitude): a plot's radius leaves this much room in its half cell
PLOT_NAMES = ("La Loma", "Bajial", "Quebrada Honda", "El Cedro", "Santa Rosa", "Shiringal", "Castañal", "Aguajal",
              "Pampa Grande", "Los Pinos", "San Juan", "Lupuna", "Tornillo", "Copaiba", "Chonta")
CROPS = (("cacao", -0.00125, (0.0007, 0.0011), (600, 900)), ("copoazu", 0.00125, (0.0004, 0.0008), (1500, 3000)))
UNMAPPED = 0.08
WGS84_A, WGS84_F = 6378137.0, 1 / 298.257223563
E2 = WGS84_F * (2 - WGS84_F)
SCREENED = 0.85
RESULTS = (("sin_riesgo", 0.93), ("riesgo", 0.04), ("revisar", 0.03))
SOURCE = "Exportadora Amazonas S.A.C., análisis satelital (Global Forest Watch)"
SCREENED_ON = date(2026, 10, 20)
OVERRIDE = ("Visita de campo del 28/10/2026 (técnico de campo): cacao en sistema agroforestal desde 2012; la "
            "pérdida de cobertura es una chacra de yuca de 2019")
PLOT_COLUMNS = ("id", "member_id", "crop", "name", "hectares_hundredths", "yield_g_per_ha", "certification",
                "created_at", "geometry", "area_m2", "tenure_document", "mapped_on", "geometry_source")


def _ring(rng: random.Random, lat: float, lon: float, radius: tuple[float, float]) -> list[tuple[str, str]]:
    n = rng.randint(5, 8)
    start = rng.uniform(0, 2 * math.pi)
    angles = sorted((start + 2 * math.pi * (k + rng.uniform(-0.3, 0.3)) / n) for k in range(n))
    r = rng.uniform(*radius)
    ring = [(f"{lon + r * rng.uniform(0.75, 1.0) * math.cos(a):.6f}",
             f"{lat + r * rng.uniform(0.75, 1.0) * math.sin(a):.6f}") for a in angles]
    return ring + ring[:1]


def _area(ring: list[tuple[str, str]]) -> int:
    """The ring's area in whole m², as shapely measures it once the ring is laid flat
    at its own latitude (the WGS 84 ellipsoid's radii of curvature there, each
    vertex's parallel at its own length). Within 1 m² of the geodesic area an
    import measures (GeographicLib, coopdesk.core.geometry) for plots this small,
    and ten times faster: a full-size demo has 100,000 plots."""
    lat0 = math.radians(sum(float(lat) for _lon, lat in ring[:-1]) / (len(ring) - 1))
    w = math.sqrt(1 - E2 * math.sin(lat0) ** 2)
    n, m = WGS84_A / w, WGS84_A * (1 - E2) / w ** 3
    flat = [(math.radians(float(lon)) * n * math.cos(math.radians(float(lat))), (math.radians(float(lat)) - lat0) * m)
            for lon, lat in ring]
    return int(shapely.Polygon(flat).area + 0.5)


def plot_rows(rng: random.Random, members: list[dict], zone_codes: dict[int, str], as_text: bool, stamp):
    """The plots' rows (``PLOT_COLUMNS``) and each (member id, crop)'s plot id."""
    zone_of = [zone_codes[m["zone_id"]] for m in members]
    sides = {code: math.isqrt(max(zone_of.count(code) - 1, 0)) + 1 for code in set(zone_of)}
    placed: dict[str, int] = {}
    rows, plot_of = [], {}
    slot = (max(sides.values(), default=1) + 2) * CELL
    others = sorted(set(zone_of) - set(SLOTS))
    slots = {**SLOTS, **{code: (i % 2, 3 + i // 2) for i, code in enumerate(others)}}
    for member, code in zip(members, zone_of):
        k, side = placed.get(code, 0), sides[code]
        placed[code] = k + 1
        col, row = slots[code]
        lat = TOP + slot - (row + 0.5) * slot + (side / 2 - k // side - 0.5) * CELL
        lon = MIDDLE + (col - 0.5) * slot + (k % side - side / 2 + 0.5) * CELL
        mapped = rng.random() >= UNMAPPED
        mapped_on = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
        for crop, shift, radius, yields in CROPS:
            plot_id = len(rows) + 1
            name = rng.choice(PLOT_NAMES)
            geometry_text, area = None, None
            if mapped:
                ring = _ring(rng, lat + rng.uniform(-JITTER[1], JITTER[1]),
                             lon + shift + rng.uniform(-JITTER[0], JITTER[0]), radius)
                geometry_text = ('{"type":"Polygon","coordinates":[[' +
                                 ",".join(f"[{x},{y}]" for x, y in ring) + "]]}")
                area = _area(ring)
                hundredths = max(1, round(area / 100 * rng.uniform(0.95, 1.05)))
            else:
                hundredths = rng.randint(50, 600)
            rows.append((plot_id, member["id"], crop, name, hundredths, rng.randint(*yields) * 1000, None,
                         stamp(datetime.combine(mapped_on, datetime.min.time()), as_text), geometry_text, area,
                         f"Constancia de posesión N.° {rng.randint(100, 999)}-{mapped_on.year}" if mapped else "",
                         stamp(mapped_on, as_text) if mapped else None, "demostración" if mapped else ""))
            plot_of[(member["id"], crop)] = plot_id
    return rows, plot_of


def screening_rows(rng: random.Random, plots: list[tuple], as_text: bool, stamp, who: str):
    rows = []
    results, weights = zip(*RESULTS)
    for plot in plots:
        if plot[8] is None or rng.random() >= SCREENED:
            continue
        rows.append((len(rows) + 1, plot[0], rng.choices(results, weights)[0], SOURCE, stamp(SCREENED_ON, as_text),
                     "evaluacion-exportadora-2026-10.csv", stamp(datetime(2026, 10, 22, 10, 0), as_text), who))
    return rows


def store(book, conn, rng: random.Random, members: list[dict], zone_ids: dict[str, int], as_text: bool, stamp,
          insert) -> dict[tuple[int, str], int]:
    """Plots, screenings and one override, in the caller's write transaction."""
    zone_codes = {zone_id: code for code, zone_id in zone_ids.items()}
    plots, plot_of = plot_rows(rng, members, zone_codes, as_text, stamp)
    insert(conn, "plots", PLOT_COLUMNS, plots)
    who = book.user or ""
    screenings = screening_rows(rng, plots, as_text, stamp, who)
    insert(conn, "plot_screenings", ("id", "plot_id", "result", "source", "screened_on", "file", "recorded_at",
                                     "recorded_by"), screenings)
    risky = next((s for s in screenings if s[2] == "riesgo"), None)
    if risky is not None:
        insert(conn, "risk_overrides", ("id", "plot_id", "screening_id", "reason", "recorded_at", "recorded_by"),
               [(1, risky[1], risky[0], OVERRIDE, stamp(datetime(2026, 10, 29, 16, 30), as_text), who)])
    return plot_of


def delivery_plot(plot_of: dict, member_id: int, product: str):
    return plot_of.get((member_id, "cacao" if product.startswith("CACAO") else "copoazu"))


def lots(book) -> None:
    """A few lots at the season's end, from tickets of mapped plots that are not
    flagged: organic cacao for the EU (dry, and baba made into dry) and
    conventional cacao, each making up part of its sale."""
    sales = {(s.product_code, s.certification): s for s in reversed(book.sales.list())}
    flagged = {s.plot_id for s in book.screenings.statuses() if s.flagged}
    with book.read() as session:
        rows = session.execute(text(
            "SELECT d.id, d.series, d.number, d.payable_g, d.plot_id, p.code, d.certification FROM deliveries d "
            "JOIN products p ON p.id = d.product_id JOIN plots pl ON pl.id = d.plot_id "
            "WHERE d.voided_at IS NULL AND pl.geometry IS NOT NULL AND p.code IN ('CACAO-SECO', 'CACAO-BABA') "
            "ORDER BY d.date DESC, d.id DESC")).all()
    wanted = (("L-2026-001", "CACAO-SECO", "organico", True, 25), ("L-2026-002", "CACAO-BABA", "organico", True, 12),
              ("L-2026-004", "CACAO-SECO", "convencional", False, 15))
    made = []
    for code, product, certification, eu, count in wanted:
        sale = sales.get(("CACAO-SECO", certification))
        tickets = [r for r in rows if r[5] == product and r[6] == certification and r[4] not in flagged][:count]
        if sale is None or not tickets:
            continue
        lot_id = book.lots.create(code, product, certification, sale.date, "Almacén de Puerto Maldonado", eu)
        with book.write(roles.RECORD_DELIVERY) as session:   # fresh tickets: all their payable kilos
            now = book.clock.now()
            session.add_all(LotTicket(lot_id=lot_id, delivery_id=r[0], kg=from_grams(r[3]), created_at=now,
                                      created_by=book.user or "") for r in tickets)
        made.append((code, product, sale))
    if any(code == "L-2026-002" for code, _p, _s in made):
        sale = sales[("CACAO-SECO", "organico")]
        book.lots.create("L-2026-003", "CACAO-SECO", "organico", sale.date, "Secado de L-2026-002", True)
        book.lots.add_from_lot("L-2026-003", "L-2026-002")
        made.append(("L-2026-003", "CACAO-SECO", sale))
    for code, product, sale in made:
        if product == "CACAO-SECO":
            book.lots.attach(sale.id, code)
