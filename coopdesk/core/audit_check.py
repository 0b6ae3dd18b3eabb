"""The audit trail, checked (``coopdesk check --integrity``; docs/security.md).

Two passes, and the printed heads, each naming what it finds in Spanish:

1. **The chain.** Every record, in order: a record without a hash was written
   outside coopdesk (a SQL tool with the audit triggers in place); a record whose
   hash does not match its content was edited; a record that does not follow
   the one before it means records were deleted or reordered in between.
2. **The tables against the trail.** Each audited table, row by row, against
   the state its records leave it in (its ``alta`` and each ``cambio``): a
   figure that differs was changed with the triggers dropped; a row the trail
   still has was deleted without a record; a row newer than the trail's
   beginning with no ``alta`` was written without one.
3. **The printed heads.** In the chain's pass, the chain is also recomputed
   from the records' content alone and compared with every head printed on
   paper (``core.audit_heads``): one reading of the trail for both.

Reads only. Rows recorded before the trail began (up to its ``inicio`` record)
are compared only in the columns changed since.
"""

from __future__ import annotations

import json
from itertools import groupby
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import LargeBinary, inspect, text

from coopdesk.core.audit import AUDITED, HIDDEN
from coopdesk.domain.audit_chain import GENESIS, content, link
from coopdesk.domain.problems import N_, Problem, Text

if TYPE_CHECKING:
    from coopdesk.core.audit_heads import Recomputed

TABLES = {
    "deliveries": N_("Entregas"), "account_movements": N_("Movimientos de cuenta de socios"),
    "input_items": N_("Insumos entregados"), "loans": N_("Préstamos"), "loan_installments": N_("Cuotas de préstamos"),
    "journal_entries": N_("Asientos contables"), "journal_lines": N_("Líneas de asientos contables"),
    "ledger_periods": N_("Periodos contables"), "ledger_accounts": N_("Plan de cuentas"),
    "distribution_criteria": N_("Criterios de distribución"), "distribution_runs": N_("Distribuciones"),
    "distribution_lines": N_("Líneas de distribuciones"), "distribution_payments": N_("Pagos de distribuciones"),
    "settings": N_("Ajustes"), "price_entries": N_("Precios"), "quality_standards": N_("Estándares de calidad"),
    "sales": N_("Ventas"), "expenses": N_("Gastos"), "members": N_("Socios"),
    "collection_points": N_("Centros de acopio"), "users": N_("Usuarios"),
    "audit_heads": N_("Cabezas impresas del registro de cambios"),
    "payment_batches": N_("Lotes de pagos"), "payment_batch_proofs": N_("Comprobantes de lotes de pagos"),
    "cash_confirmations": N_("Saldos negativos confirmados"), "lots": N_("Lotes del almacén"),
    "lot_tickets": N_("Tickets en lotes"), "lot_sources": N_("Lotes de origen de una transformación"),
    "sale_lots": N_("Lotes de las ventas"), "dds_references": N_("Referencias de las declaraciones del comprador"),
    "opening_stocks": N_("Saldos iniciales del almacén"),
    "plot_screenings": N_("Resultados de deforestación de las parcelas"),
    "risk_overrides": N_("Excepciones a parcelas con riesgo de deforestación"),
    "credit_notes": N_("Notas de crédito de las ventas"),
    "diario_numbers": N_("Correlativos del Libro Diario"),
}
ACTIONS = {"alta": N_("alta"), "cambio": N_("cambio"), "baja": N_("baja"), "inicio": N_("inicio del registro")}
SHOWN = 240  # characters of a row's figures quoted in a finding


def _value(v) -> str:
    return json.dumps(v, ensure_ascii=False)


def _short(said: str) -> str:
    return said if len(said) <= SHOWN else said[:SHOWN - 1] + "…"


def what_changed(before: str | None, after: str | None) -> str:
    """A record's change in words: «net_g: 120100 → 150000», or the row's figures."""
    old, new = json.loads(before) if before else None, json.loads(after) if after else None
    if old is not None and new is not None:
        return _short("; ".join(f"{k}: {_value(old.get(k))} → {_value(new.get(k))}" for k in sorted(new)))
    row = new if new is not None else old or {}
    # the id first, then the columns in alphabetical order (the same on SQLite and PostgreSQL)
    return _short(", ".join(f"{k}: {_value(row[k])}" for k in sorted(row, key=lambda k: (k != "id", k))))


def chain_problems(conn, recomputed: "Recomputed | None" = None) -> tuple[int, list[Problem]]:
    """Every record of the trail, in order, against its hash and the one before it.
    ``recomputed``: also note the chain recomputed from the records' content alone
    (``core.audit_heads``; one more hash only where a stored link is broken)."""
    findings: list[Problem] = []
    checked, prev, prev_id = 0, GENESIS, None
    computed_prev = GENESIS
    rows = conn.execution_options(stream_results=True, yield_per=5000).execute(text(
        "SELECT id, at, who, action, table_name, row_id, before, after, prev_hash, hash FROM audit_log ORDER BY id"))
    for row in rows:
        checked += 1
        id_, _at, _who, action, table, row_id, before, after, prev_hash, digest = row
        where = {"id": id_, "action": Text(ACTIONS.get(action, action)), "table": Text(TABLES.get(table, table)),
                 "row": row_id, "change": what_changed(before, after)}
        if digest is None:
            findings.append(Problem("audit", N_(
                "Registro de cambios N.º %(id)s: %(action)s en %(table)s, fila %(row)s, hecho fuera de coopdesk (no "
                "tiene huella; quién y cuándo no se saben): %(change)s."), where))
            continue
        if prev_hash != prev:
            findings.append(Problem("audit", N_(
                "Registro de cambios N.º %(id)s: no sigue al registro anterior (N.º %(prev)s); se borraron o "
                "alteraron registros entre ambos."), {"id": id_, "prev": prev_id if prev_id is not None else 0}))
        linked = link(prev_hash or "", content(*row[:8]))
        if linked != digest:
            findings.append(Problem("audit", N_(
                "Registro de cambios N.º %(id)s (%(action)s en %(table)s, fila %(row)s) se alteró después de "
                "escribirse: su huella no corresponde a lo que dice ahora: %(change)s."), where))
        if recomputed is not None:
            computed_prev = linked if prev_hash == computed_prev else link(computed_prev, content(*row[:8]))
            recomputed.note(id_, checked, digest, computed_prev)
        prev, prev_id = digest, id_
    return checked, findings


def _row_json(conn, table: str) -> str:
    """The SQL that gives a row as its audit records do (a binary column, or a
    password's hash, as its length)."""
    columns = [(c["name"], isinstance(c["type"], LargeBinary) or c["name"] in HIDDEN.get(table, ()))
               for c in inspect(conn).get_columns(table)]
    build = "json_object" if conn.dialect.name == "sqlite" else "jsonb_build_object"
    return build + "(" + ", ".join(f"'{name}', " + (f"length({name})" if blob else name)
                                   for name, blob in columns) + ")"


def _states(conn, table: str) -> Iterator[tuple[int, dict | None, bool]]:
    """(row id, the state the trail leaves it in or None if deleted, whether it has its «alta»), by row id."""
    records = conn.execution_options(stream_results=True, yield_per=5000).execute(text(
        "SELECT row_id, action, after FROM audit_log WHERE table_name = :t AND action <> 'inicio' "
        "ORDER BY row_id, id"), {"t": table})
    for row_id, group in groupby(records, key=lambda r: r[0]):
        state: dict | None = {}
        born = False
        for _row_id, action, after in group:
            if action == "baja":
                state = None
            elif action == "alta":
                state, born = json.loads(after), True
            else:
                state = {**(state or {}), **json.loads(after)}
        yield row_id, state, born


def table_problems(conn, table: str) -> tuple[int, list[Problem]]:
    """One table, row by row, against the state its records leave it in."""
    findings: list[Problem] = []
    label = Text(TABLES.get(table, table))
    start = conn.execute(text("SELECT max(row_id) FROM audit_log WHERE table_name = :t AND action = 'inicio'"),
                         {"t": table}).scalar() or 0
    rows = conn.execution_options(stream_results=True, yield_per=5000).execute(text(
        f"SELECT id, {_row_json(conn, table)} FROM {table} ORDER BY id"))
    current = ((id_, json.loads(row) if isinstance(row, str) else row) for id_, row in rows)
    states = _states(conn, table)
    now, trail = next(current, None), next(states, None)
    checked = 0
    while now is not None or trail is not None:
        checked += 1
        if trail is None or (now is not None and now[0] < trail[0]):
            if now[0] > start:
                findings.append(Problem("audit", N_(
                    "%(table)s, fila %(row)s: se escribió sin dejar registro (no tiene alta en el registro de "
                    "cambios): %(change)s."), {"table": label, "row": now[0],
                                               "change": what_changed(None, json.dumps(now[1]))}))
            now = next(current, None)
            continue
        row_id, state, _born = trail
        if now is None or trail[0] < now[0]:
            if state is not None:
                findings.append(Problem("audit", N_(
                    "%(table)s, fila %(row)s: se borró sin dejar registro; el registro de cambios la tenía así: "
                    "%(change)s."), {"table": label, "row": row_id, "change": what_changed(json.dumps(state), None)}))
            trail = next(states, None)
            continue
        row = now[1]
        if state is None:
            findings.append(Problem("audit", N_(
                "%(table)s, fila %(row)s: el registro de cambios dice que se borró, y está: %(change)s."),
                {"table": label, "row": row_id, "change": what_changed(None, json.dumps(row))}))
        else:
            differ = [k for k in state if state[k] != row.get(k)]
            if differ:
                findings.append(Problem("audit", N_(
                    "%(table)s, fila %(row)s: se cambió sin dejar registro (lo registrado → lo que hay ahora): "
                    "%(change)s."), {"table": label, "row": row_id, "change": what_changed(
                        json.dumps({k: state[k] for k in differ}), json.dumps({k: row.get(k) for k in differ}))}))
        now, trail = next(current, None), next(states, None)
    return checked, findings


def review(book) -> tuple[int, list[Problem], list[Problem]]:
    """The chain, every audited table against it, and the trail recomputed against
    each head printed on paper (``core.audit_heads``), in one reading of the trail:
    (figures compared, findings, what matched and is worth saying)."""
    from coopdesk.core.audit_heads import Recomputed, judge, printed_heads

    with book.read() as session:
        conn = session.connection()
        if not inspect(conn).has_table("audit_log"):
            return 0, [], []
        heads = printed_heads(conn)
        recomputed = Recomputed(frozenset(p.record_id for p in heads)) if heads else None
        checked, findings = chain_problems(conn, recomputed)
        for table in AUDITED:
            n, found = table_problems(conn, table)
            checked, findings = checked + n, findings + found
    if recomputed is None:
        return checked, findings, []
    differ, agreements = judge(heads, recomputed)
    return checked + len(heads), findings + differ, agreements


def problems(book) -> tuple[int, list[Problem]]:
    """The chain, then every audited table against it, then the printed heads: (figures compared, findings)."""
    checked, findings, _agreements = review(book)
    return checked, findings
