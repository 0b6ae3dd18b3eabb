#!/usr/bin/env python3
"""Foundation benchmark: demo generation, statement printing, list paging.

Each figure is compared with a bare baseline measured in the same run:
- demo: ``build_demo`` against a bare ``sqlite3`` ``executemany`` of the same
  member and delivery rows into an empty database with the same schema
  (indexes included), in one transaction;
- statements: coopdesk's path (statement data from the core, view model,
  ReportLab layout, PDF file) against bare ReportLab drawing the same strings
  with ``canvas.drawString`` in the same embedded fonts, one file per member;
- paging: a page of 200 rows through the Book against the same SQL run with
  bare ``sqlite3``.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from coopdesk.core import Book  # noqa: E402
from coopdesk.core.demo import build_demo  # noqa: E402
from coopdesk.reports import render_member_statement, statement_filename  # noqa: E402
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts  # noqa: E402
from coopdesk.reports.views import statement_view  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_demo(work: Path, members: int, deliveries: int) -> tuple[float, float, Path]:
    db = work / "demo.sqlite"
    ours, _ = timed(lambda: build_demo(str(db), members=members, deliveries=deliveries))
    # Bare baseline: the same rows, read back, into an empty copy of the schema.
    source = sqlite3.connect(db)
    member_rows = source.execute("SELECT * FROM members").fetchall()
    delivery_rows = source.execute("SELECT * FROM deliveries").fetchall()
    schema = [sql for (sql,) in source.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")]
    other = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in ("cooperative", "campaigns", "zones", "products")}
    source.close()
    bare_db = work / "bare.sqlite"
    conn = sqlite3.connect(bare_db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    for sql in schema:
        conn.execute(sql)
    for table, rows in other.items():
        if rows:
            conn.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)
    conn.commit()

    def bare():
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO members VALUES ({','.join('?' * len(member_rows[0]))})", member_rows)
        conn.executemany(f"INSERT INTO deliveries VALUES ({','.join('?' * len(delivery_rows[0]))})", delivery_rows)
        conn.execute("COMMIT")

    baseline, _ = timed(bare)
    conn.close()
    bare_db.unlink()
    return ours, baseline, db


def bare_statement(path: Path, view) -> None:
    """The same strings a statement prints, drawn line by line with bare ReportLab."""
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    lines = [(BOLD, 11, view.cooperative_name), (REGULAR, 9, view.cooperative_ruc),
             (REGULAR, 9, view.cooperative_address), (BOLD, 12, view.title), (BOLD, 10, view.number),
             (REGULAR, 9, view.campaign), (REGULAR, 9, view.dateline)]
    lines += [(REGULAR, 9, f"{k}: {v}") for k, v in view.member_fields]
    lines += [(BOLD, 8, "  ".join(view.deliveries_header))]
    lines += [(REGULAR, 8, "  ".join(row)) for row in view.deliveries]
    lines += [(BOLD, 8, "  ".join(view.deliveries_total))]
    lines += [(BOLD, 8, "  ".join(view.summary_header))]
    lines += [(REGULAR, 8, "  ".join(row)) for row in view.summary]
    lines += [(BOLD, 9, view.total_line), (BOLD, 9, view.amount_in_words)]
    lines += [(REGULAR, 8, text) for text in view.signatures]
    lines += [(BOLD, 9, view.receipt_title), (REGULAR, 8, view.receipt_name), (REGULAR, 8, view.receipt_dni),
              (REGULAR, 7, view.thumbprint)]
    page = 1

    def footer():
        c.setFont(REGULAR, 7)
        c.drawString(40, 30, view.footer_left)
        c.drawCentredString(width / 2, 20, view.footer_center)
        c.drawRightString(width - 40, 30, str(page))

    y = height - 50
    for font, size, text in lines:
        if y < 60:
            footer()
            c.showPage()
            page += 1
            y = height - 50
        c.setFont(font, size)
        c.drawString(40, y, text)
        y -= size + 4
    footer()
    c.showPage()
    c.save()


def bench_statements(db: Path, work: Path, count: int, repeat: int) -> dict:
    register_fonts()
    with Book.open(str(db)) as book:
        codes = book.statements.members_with_deliveries()[:count]
        data_time, statements = timed(lambda: list(book.statements.campaign_statements(member_codes=codes)))
    views = [statement_view(s) for s in statements]
    ours_runs, bare_runs = [], []
    for r in range(repeat):
        out = work / f"ours-{r}"
        out.mkdir()
        t, _ = timed(lambda: [render_member_statement(s, out / statement_filename(s)) for s in statements])
        ours_runs.append(t)
        bare = work / f"bare-{r}"
        bare.mkdir()
        t, _ = timed(lambda: [bare_statement(bare / f"{i}.pdf", v) for i, v in enumerate(views)])
        bare_runs.append(t)
        shutil.rmtree(out)
        shutil.rmtree(bare)
    ours, bare = statistics.median(ours_runs), statistics.median(bare_runs)
    return {"count": len(statements), "data": data_time, "ours": ours, "bare": bare, "ratio": ours / bare,
            "lines": sum(len(s.lines) for s in statements)}


def bench_paging(db: Path, repeat: int = 7) -> list[tuple[str, float, float]]:
    results = []
    with Book.open(str(db)) as book:
        conn = sqlite3.connect(db)
        campaign = book.campaigns.current()
        cases = [
            ("socios, primera página", lambda: book.members.page(limit=200),
             "SELECT * FROM members JOIN zones ON zones.id = members.zone_id "
             "ORDER BY members.sort_key, members.id LIMIT 200", ()),
            ("entregas de la campaña, primera página", lambda: book.deliveries.page(campaign_code=campaign.code),
             "SELECT * FROM deliveries JOIN campaigns ON campaigns.id = deliveries.campaign_id "
             "JOIN members ON members.id = deliveries.member_id JOIN products ON products.id = deliveries.product_id "
             "WHERE deliveries.campaign_id = ? ORDER BY deliveries.date DESC, deliveries.id DESC LIMIT 200",
             (campaign.id,)),
            ("entregas de un socio", lambda: book.deliveries.page(member_code="S00123", campaign_code=campaign.code),
             "SELECT * FROM deliveries JOIN campaigns ON campaigns.id = deliveries.campaign_id "
             "JOIN members ON members.id = deliveries.member_id JOIN products ON products.id = deliveries.product_id "
             "WHERE deliveries.campaign_id = ? AND deliveries.member_id = (SELECT id FROM members WHERE code = ?) "
             "ORDER BY deliveries.date DESC, deliveries.id DESC LIMIT 200", (campaign.id, "S00123")),
        ]
        for name, ours, sql, params in cases:
            ours_t = statistics.median(timed(ours)[0] for _ in range(repeat))
            bare_t = statistics.median(timed(lambda: conn.execute(sql, params).fetchall())[0] for _ in range(repeat))
            results.append((name, ours_t, bare_t))
        conn.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="5,000 members, 100,000 deliveries, 200 statements")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    members, deliveries, count = (5_000, 100_000, 200) if args.small else (50_000, 1_000_000, 1_000)
    work = Path(tempfile.mkdtemp(prefix="coopdesk-bench-"))
    try:
        print(f"demo: {members:,} members, {deliveries:,} deliveries")
        ours, bare, db = bench_demo(work, members, deliveries)
        print(f"  build_demo        {ours:8.1f} s")
        print(f"  bare executemany  {bare:8.1f} s   (same rows, same schema)")
        print(f"  ratio             {ours / bare:8.2f}x")
        print(f"statements: {count:,} members, median of {args.repeat}")
        s = bench_statements(db, work, count, args.repeat)
        print(f"  statement data from the core  {s['data']:7.2f} s for {s['count']} statements ({s['lines']} lines)")
        print(f"  coopdesk layout + PDF         {s['ours']:7.2f} s   {1000 * s['ours'] / s['count']:6.1f} ms each")
        print(f"  bare ReportLab, same strings  {s['bare']:7.2f} s   {1000 * s['bare'] / s['count']:6.1f} ms each")
        print(f"  ratio                         {s['ratio']:7.2f}x")
        print("paging (median of 7), through the Book vs bare sqlite3:")
        for name, ours_t, bare_t in bench_paging(db):
            print(f"  {name:40s} {1000 * ours_t:7.1f} ms  bare {1000 * bare_t:6.1f} ms  ratio {ours_t / bare_t:5.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
