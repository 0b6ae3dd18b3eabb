"""The audit trail, as coopdesk writes it (docs/security.md, «Registro de cambios»).

The database's triggers write a record of every change to an audited table
(migration 0007). For the length of each coopdesk write transaction, a row in
``audit_context`` tells them who is writing and when; it is deleted before the
transaction commits, so a change made with a SQL tool finds none and is recorded
with an unknown person and time. Before committing, coopdesk chains the records
its transaction wrote (``domain.audit_chain``): a record left without a hash was
written behind coopdesk's back, and ``coopdesk check --integrity`` says so.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

from coopdesk.domain.audit_chain import GENESIS, content, link

TABLE = "audit_log"
# the tables whose every change the triggers record (as migrations 0007, 0009 and 0011 set them up)
AUDITED = ("deliveries", "account_movements", "input_items", "loans", "loan_installments", "journal_entries",
           "journal_lines", "ledger_periods", "ledger_accounts", "distribution_criteria", "distribution_runs",
           "distribution_lines", "distribution_payments", "settings", "price_entries", "quality_standards",
           "sales", "expenses", "members", "collection_points", "users", "audit_heads", "cash_confirmations",
           "lots", "lot_tickets", "lot_sources", "sale_lots", "dds_references", "opening_stocks",
           "payment_batches", "payment_batch_proofs", "plot_screenings", "risk_overrides",
           "credit_notes", "diario_numbers")
AUDITED += ("fixed_assets", "asset_depreciations")  # migration 0023
# columns the trail records by their length only (migration 0009: a password's hash)
HIDDEN = {"users": ("password_hash",)}


@dataclass(frozen=True)
class Pending:
    """A transaction's place in the trail: its context row, and the last record before it."""

    token: str
    start: int


def stamp(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="seconds")


def begin(conn: Connection, who: str, at: datetime, since: int | None = None) -> Pending:
    """Tell the triggers who writes, and when, until ``seal``. ``since``: the last
    record not this transaction's (by default, the newest one now)."""
    token = secrets.token_hex(16)
    conn.execute(text("INSERT INTO audit_context (token, who, at) VALUES (:token, :who, :at)"),
                 {"token": token, "who": who[:100], "at": stamp(at)})
    if since is None:
        since = conn.execute(text("SELECT coalesce(max(id), 0) FROM audit_log")).scalar_one()
    return Pending(token, since)


def seal(conn: Connection, pending: Pending) -> int:
    """Before commit: remove the context row, and chain every record this
    transaction wrote to the last hashed one. How many were chained."""
    conn.execute(text("DELETE FROM audit_context WHERE token = :token"), {"token": pending.token})
    rows = conn.execute(text(
        "SELECT id, at, who, action, table_name, row_id, before, after FROM audit_log "
        "WHERE id > :start AND hash IS NULL ORDER BY id"), {"start": pending.start}).all()
    if not rows:
        return 0
    prev = conn.execute(text("SELECT hash FROM audit_log WHERE id < :first AND hash IS NOT NULL "
                             "ORDER BY id DESC LIMIT 1"), {"first": rows[0][0]}).scalar() or GENESIS
    hashes = []
    for row in rows:
        digest = link(prev, content(*row))
        hashes.append((prev, digest, row[0]))
        prev = digest
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"UPDATE audit_log SET prev_hash = {mark}, hash = {mark} WHERE id = {mark}", hashes)
    return len(hashes)
