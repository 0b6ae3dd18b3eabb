"""``book.screenings``: deforestation evidence per plot (issue 17, item 5;
docs/traceability.md, «Deforestation evidence»).

- ``import_file``: a buyer's or a public service's screening result per plot,
  from a CSV, XLSX or GeoJSON file (plot, result, source, date), all or nothing;
  every problem names its row or element.
- A plot's **status** is its newest screening (by date, then as recorded):
  ``riesgo`` or ``revisar`` flag it. A flagged plot's tickets do not enter a lot
  for the EU (``lots.eu_market``) unless an **override** of that screening is
  recorded with its reason (``override``): who and when are the row's and the
  audit trail's, and the row is never changed or deleted (migration 0021).
- ``pending``: the plots field staff must visit, without a location, without a
  screening, or at risk, by zone and member.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.core.errors import BookError, InvalidInput, N_, NotFound, Problem
from coopdesk.core.members import same_code
from coopdesk.core.plot_files import _date as mapped_date
from coopdesk.core.sheets import _chunks, _regular_file, read_rows
from coopdesk.db.models import Delivery, Member, Plot, PlotScreening, Product, RiskOverride, Zone
from coopdesk.domain import limits, roles
from coopdesk.domain.names import list_name
from coopdesk.domain.problems import Text
from coopdesk.domain.quantities import from_grams
from coopdesk.domain.screening import FLAGGED, RESULT_LABELS, read_plot_reference, read_result
from coopdesk.domain.tabular import Column, build_table, cell_text, header_key

if TYPE_CHECKING:
    from coopdesk.core.book import Book

COLUMNS = (
    Column("plot", "Parcela", ("plot", "plot id", "plot_id", "id parcela", "parcela id", "codigo parcela",
                               "productionplace", "production place", "id", "parcela n", "lugar de produccion"),
           required=True),
    Column("result", "Resultado", ("result", "riesgo", "risk", "estado", "status", "risk level", "nivel de riesgo",
                                   "deforestacion", "deforestation", "resultado evaluacion"), required=True),
    Column("source", "Fuente", ("source", "proveedor", "provider", "origen", "evaluador", "screened by")),
    Column("date", "Fecha", ("fecha evaluacion", "date", "screened on", "analysis date", "fecha analisis",
                             "fecha de analisis")),
)
_KEYS = {header_key(alias): c.key for c in COLUMNS for alias in (c.header, *c.aliases)}
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class ScreeningRow:
    plot_id: int
    member_code: str
    plot_name: str
    result: str
    source: str
    screened_on: date


@dataclass(frozen=True)
class ScreeningImport:
    rows: tuple[ScreeningRow, ...]

    def count(self, result: str) -> int:
        return sum(1 for r in self.rows if r.result == result)


@dataclass(frozen=True)
class PlotStatus:
    """A plot with what is known of it for the EU file: its location, its newest
    screening and the override of that screening, if any."""

    plot_id: int
    name: str
    crop: str
    hectares: object
    member_code: str
    member_name: str
    zone_code: str
    zone_name: str
    geometry_kind: str | None           # Point, Polygon or None (not mapped)
    result: str | None                  # the newest screening's, None when never screened
    source: str = ""
    screened_on: date | None = None
    screening_id: int | None = None
    override_reason: str = ""
    override_by: str = ""
    override_at: datetime | None = None

    @property
    def at_risk(self) -> bool:
        return self.result in FLAGGED

    @property
    def flagged(self) -> bool:
        """At risk and no override of its newest screening: kept out of lots for the EU."""
        return self.at_risk and not self.override_reason

    @property
    def pending(self) -> bool:
        return self.geometry_kind is None or self.result is None or self.at_risk


@dataclass(frozen=True)
class MapPlot:
    """A plot as the Parcelas screen draws it: its status, its GeoJSON geometry
    (None: not mapped), its measured area and what its tickets delivered."""

    status: PlotStatus
    geometry: str | None
    area_m2: int | None
    tickets: int               # not voided
    kg: Decimal                # their equivalent kilos (reference form: grano seco, pergamino)


@dataclass(frozen=True)
class PlotDelivery:
    ticket: str
    date: date
    product: str
    net_kg: Decimal
    equivalent_kg: Decimal
    voided: bool


@dataclass(frozen=True)
class _Line:
    place: Problem
    cells: dict


def _place(kind: str, number: int) -> Problem:
    return Problem("", N_("fila %(n)s") if kind == "table" else N_("elemento %(n)s"), {"n": number})


def _at(place: Problem, reason: Problem) -> Problem:
    return Problem(reason.field or "plot", N_("%(place)s: %(reason)s"), {"place": place, "reason": reason})


def _read_lines(path: Path) -> list[_Line]:
    if path.suffix.lower() in TABLE_SUFFIXES:
        table = build_table(read_rows(path), COLUMNS)
        if table.problems and not table.rows:
            raise BookError(table.problems[0].problem.message, **dict(table.problems[0].problem.params))
        if not (table.has("plot") and table.has("result")):
            raise BookError(N_("El archivo %(file)s no tiene las columnas «Parcela» y «Resultado» (o «plot» y "
                               "«result»): coopdesk no sabe de qué parcela es cada resultado."), file=path.name)
        return [_Line(_place("table", row.number), dict(row.cells)) for row in table.rows]
    _regular_file(path)
    try:
        doc = json.loads(b"".join(_chunks(path)).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BookError(N_("El archivo %(file)s no está escrito en UTF-8."), file=path.name) from None
    except json.JSONDecodeError as exc:
        raise BookError(N_("El archivo %(file)s no es un GeoJSON válido: está dañado en la línea %(n)s."),
                        file=path.name, n=exc.lineno) from None
    features = doc.get("features") if isinstance(doc, dict) and doc.get("type") == "FeatureCollection" else None
    if not isinstance(features, list):
        raise BookError(N_("El archivo %(file)s no es una colección de elementos GeoJSON (FeatureCollection)."),
                        file=path.name)
    lines = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        cells = {}
        for name, value in (properties.items() if isinstance(properties, dict) else ()):
            key = _KEYS.get(header_key(str(name)))
            if key and key not in cells and value not in (None, ""):
                cells[key] = str(value)
        lines.append(_Line(_place("geojson", number), cells))
    return lines


class Screenings:
    def __init__(self, book: "Book"):
        self._book = book

    # -- importing --------------------------------------------------------------------

    def import_file(self, path: str | Path, source: str = "", screened_on: date | None = None,
                    check_only: bool = False) -> ScreeningImport:
        """Each plot's result from a screening file, all or nothing. ``source`` and
        ``screened_on`` are for rows whose file does not say (the date: today)."""
        path = Path(path)
        lines = _read_lines(path)
        if not lines:
            raise BookError(N_("El archivo %(file)s no tiene resultados de parcelas."), file=path.name)
        today = self._book.clock.today()
        default_day = screened_on or today
        if check_only:
            self._book.require(roles.EDIT_MEMBERS)
        with (self._book.read() if check_only else self._book.write(roles.EDIT_MEMBERS)) as session:
            plots = {p.id: (p, m) for p, m in session.execute(select(Plot, Member).join(
                Member, Member.id == Plot.member_id))}
            rows, problems, seen = [], [], {}
            for line in lines:
                found = []
                text = cell_text(line.cells.get("plot", "")).strip()
                reference = read_plot_reference(text)
                plot = member = None
                if not text:
                    found.append(Problem("plot", N_("no dice de qué parcela es (columna «Parcela»).")))
                elif reference is None:
                    found.append(Problem("plot", N_("«%(text)s» no es una parcela: escriba su número (12) o el "
                                                    "lugar de producción del archivo para la UE (S0001-P12)."),
                                         {"text": text}))
                elif reference[1] not in plots:
                    found.append(Problem("plot", N_("no existe la parcela n.° %(id)s."), {"id": reference[1]}))
                else:
                    plot, member = plots[reference[1]]
                    if reference[0] and reference[0].upper() != member.code.upper():
                        found.append(Problem("plot", N_(
                            "la parcela n.° %(id)s es de %(code)s, no de %(other)s: revise el archivo."),
                            {"id": plot.id, "code": member.code, "other": reference[0]}))
                    elif plot.id in seen:
                        found.append(Problem("plot", N_("la parcela n.° %(id)s ya está en %(first)s."),
                                             {"id": plot.id, "first": seen[plot.id]}))
                    else:
                        seen[plot.id] = line.place
                result_text = cell_text(line.cells.get("result", "")).strip()
                result = read_result(result_text)
                if result is None:
                    found.append(Problem("result", N_(
                        "el resultado «%(text)s» no se entiende: escriba sin riesgo (bajo, low), riesgo (alto, "
                        "high) o revisar (medio, no concluyente)."), {"text": result_text}))
                row_source = cell_text(line.cells.get("source", "")).strip() or (source or "").strip()
                if not row_source:
                    found.append(Problem("source", N_("no dice la fuente del resultado (columna «Fuente», o "
                                                      "la fuente del archivo entero).")))
                elif len(row_source) > limits.DESCRIPTION:
                    found.append(Problem("source", N_("la fuente es demasiado larga: %(limit)s caracteres como "
                                                      "máximo."), {"limit": limits.DESCRIPTION}))
                day = default_day
                if line.cells.get("date") not in (None, ""):
                    day, bad = mapped_date(line.cells["date"])
                    if bad:
                        found.append(Problem("date", N_("la fecha «%(text)s» no se entiende: escríbala como "
                                                        "31/12/2026."), {"text": cell_text(line.cells["date"])}))
                if day is not None and day > today:
                    found.append(Problem("date", N_("la fecha %(date)s es posterior a hoy."), {"date": day}))
                if found:
                    problems += [_at(line.place, p) for p in found]
                    continue
                rows.append(ScreeningRow(plot.id, member.code, plot.name, result, row_source, day))
            if problems:
                raise InvalidInput(problems)
            if not check_only:
                now, who = self._book.clock.now(), self._book.user or ""
                session.add_all(PlotScreening(plot_id=r.plot_id, result=r.result, source=r.source,
                                              screened_on=r.screened_on, file=path.name[:limits.DESCRIPTION],
                                              recorded_at=now, recorded_by=who) for r in rows)
        return ScreeningImport(tuple(rows))

    # -- overrides ----------------------------------------------------------------------

    def override(self, plot_id: int, reason: str) -> int:
        """Let a flagged plot's deliveries into lots for the EU despite its newest
        screening, for ``reason`` (a field visit, an agroforestry system, the
        buyer's own review…). Recorded with who and when; never changed."""
        reason = (reason or "").strip()
        problems = []
        if not reason:
            problems.append(Problem("reason", N_("Diga el motivo de la excepción (por ejemplo la visita de campo, "
                                                 "su fecha y quién la hizo).")))
        elif len(reason) > limits.DESCRIPTION:
            problems.append(Problem("reason", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                    {"limit": limits.DESCRIPTION}))
        with self._book.write(roles.EDIT_MEMBERS) as session:
            status = self._statuses(session, [plot_id])
            if not status:
                raise NotFound(N_("No existe la parcela n.° %(id)s."), id=plot_id)
            status = status[0]
            if not status.at_risk:
                problems.append(Problem("plot", N_(
                    "La parcela n.° %(id)s no tiene riesgo de deforestación en su última evaluación: no necesita "
                    "excepción."), {"id": plot_id}))
            elif status.override_reason:
                problems.append(Problem("plot", N_(
                    "La parcela n.° %(id)s ya tiene una excepción para su última evaluación (%(by)s: «%(reason)s»)."),
                    {"id": plot_id, "by": status.override_by, "reason": status.override_reason}))
            if problems:
                raise InvalidInput(problems)
            row = RiskOverride(plot_id=plot_id, screening_id=status.screening_id, reason=reason,
                               recorded_at=self._book.clock.now(), recorded_by=self._book.user or "")
            session.add(row)
            session.flush()
            return row.id

    # -- reading ------------------------------------------------------------------------

    def _statuses(self, session, plot_ids: Iterable[int] | None = None) -> list[PlotStatus]:
        query = (select(Plot, Member.code, Member.first_names, Member.last_names, Zone.code, Zone.name)
                 .join(Member, Member.id == Plot.member_id).join(Zone, Zone.id == Member.zone_id))
        screening_query = select(PlotScreening).order_by(PlotScreening.screened_on, PlotScreening.id)
        override_query = select(RiskOverride).order_by(RiskOverride.id)
        if plot_ids is not None:
            ids = list(plot_ids)
            query = query.where(Plot.id.in_(ids))
            screening_query = screening_query.where(PlotScreening.plot_id.in_(ids))
            override_query = override_query.where(RiskOverride.plot_id.in_(ids))
        newest = {s.plot_id: s for s in session.scalars(screening_query)}   # the last one wins
        overrides = {o.screening_id: o for o in session.scalars(override_query)}
        result = []
        for plot, code, first, last, zone_code, zone_name in session.execute(query):
            s = newest.get(plot.id)
            o = overrides.get(s.id) if s is not None else None
            kind = None if not plot.geometry else ("Point" if '"Point"' in plot.geometry else "Polygon")
            result.append(PlotStatus(plot.id, plot.name, plot.crop, plot.hectares, code, list_name(first, last),
                                     zone_code, zone_name, kind, s.result if s else None, s.source if s else "",
                                     s.screened_on if s else None, s.id if s else None,
                                     o.reason if o else "", o.recorded_by if o else "",
                                     o.recorded_at if o else None))
        result.sort(key=lambda p: (p.zone_code, p.member_code, p.plot_id))
        return result

    def statuses(self, member_code: str | None = None) -> list[PlotStatus]:
        """Every plot's status, by zone, member and plot."""
        with self._book.read() as session:
            rows = self._statuses(session)
            if member_code:
                member = session.scalars(select(Member).where(same_code(member_code))).first()
                if member is None:
                    raise NotFound(N_("No existe el socio con código %(code)s."), code=member_code)
                rows = [r for r in rows if r.member_code == member.code]
            return rows

    def flagged(self, session, plot_ids: Iterable[int]) -> list[PlotStatus]:
        """The plots among ``plot_ids`` kept out of lots for the EU (in the caller's session)."""
        ids = sorted(set(i for i in plot_ids if i is not None))
        risky: list[int] = []
        for chunk in range(0, len(ids), 900):   # SQLite's bound parameters; only plots ever screened at risk
            risky += session.scalars(select(PlotScreening.plot_id).distinct().where(
                PlotScreening.plot_id.in_(ids[chunk:chunk + 900]), PlotScreening.result.in_(sorted(FLAGGED))))
        risky.sort()
        found = []
        for chunk in range(0, len(risky), 900):
            found += [s for s in self._statuses(session, risky[chunk:chunk + 900]) if s.flagged]
        return found

    def pending(self, zone_code: str | None = None) -> list[PlotStatus]:
        """The plots field staff must visit: without a location, without a
        screening, or at risk (with or without override), by zone and member."""
        rows = [r for r in self.statuses() if r.pending]
        if zone_code:
            rows = [r for r in rows if r.zone_code.upper() == zone_code.strip().upper()]
        return rows

    def map_plots(self) -> list[MapPlot]:
        """Every plot with its geometry and deliveries, for the map (one read)."""
        with self._book.read() as session:
            statuses = self._statuses(session)
            shapes = dict(session.execute(select(Plot.id, Plot.geometry)).all())
            areas = dict(session.execute(select(Plot.id, Plot.area_m2)).all())
            delivered = {plot_id: (n, int(g)) for plot_id, n, g in session.execute(
                select(Delivery.plot_id, func.count(Delivery.id),
                       type_coerce(func.coalesce(func.sum(Delivery.equivalent_kg), 0), BigInteger))
                .where(Delivery.plot_id.is_not(None), Delivery.voided_at.is_(None)).group_by(Delivery.plot_id))}
        return [MapPlot(s, shapes.get(s.plot_id), areas.get(s.plot_id), delivered.get(s.plot_id, (0, 0))[0],
                        from_grams(delivered.get(s.plot_id, (0, 0))[1])) for s in statuses]

    def plot_deliveries(self, plot_id: int) -> list[PlotDelivery]:
        """A plot's tickets, newest first (voided ones too, marked)."""
        with self._book.read() as session:
            return [PlotDelivery(f"{d.series}-{d.number:06d}", d.date, name, d.net_kg, d.equivalent_kg,
                                 d.voided_at is not None)
                    for d, name in session.execute(select(Delivery, Product.name)
                                                   .join(Product, Product.id == Delivery.product_id)
                                                   .where(Delivery.plot_id == plot_id)
                                                   .order_by(Delivery.date.desc(), Delivery.id.desc()))]

    def history(self, plot_id: int) -> list[tuple[PlotScreening, RiskOverride | None]]:
        with self._book.read() as session:
            overrides = {o.screening_id: o for o in session.scalars(
                select(RiskOverride).where(RiskOverride.plot_id == plot_id))}
            screenings = list(session.scalars(select(PlotScreening).where(PlotScreening.plot_id == plot_id)
                                              .order_by(PlotScreening.screened_on, PlotScreening.id)))
            for s in screenings:
                session.expunge(s)
            for o in overrides.values():
                session.expunge(o)
            return [(s, overrides.get(s.id)) for s in screenings]


def flagged_problem(status: PlotStatus, lot: str, ticket: str | None = None, sale: int | None = None) -> Problem:
    """The refusal for a flagged plot's kilos going into a lot for the EU (``ticket``:
    a ticket of it; else kilos of an earlier lot), or into the buyer's file of a
    lot or a ``sale``."""
    params = {"plot": status.name or f"n.° {status.plot_id}", "id": status.plot_id, "name": status.member_name,
              "code": status.member_code, "result": Text(RESULT_LABELS[status.result]), "source": status.source,
              "date": status.screened_on, "lot": lot, "ticket": ticket or ""}
    if sale is not None:
        return Problem("plot", N_(
            "La parcela «%(plot)s» (n.° %(id)s) de %(name)s (%(code)s), cuya última evaluación de deforestación dice "
            "«%(result)s» (%(source)s, %(date)s), aporta a la venta %(sale)s: el archivo para el comprador no se hace "
            "sin una excepción registrada con su motivo (coopdesk plots override)."), {**params, "sale": sale})
    if ticket:
        return Problem("ticket", N_(
            "El ticket %(ticket)s viene de la parcela «%(plot)s» (n.° %(id)s) de %(name)s (%(code)s), cuya última "
            "evaluación de deforestación dice «%(result)s» (%(source)s, %(date)s): no entra en el lote %(lot)s para "
            "la UE sin una excepción registrada con su motivo (coopdesk plots override)."), params)
    return Problem("plot", N_(
        "La parcela «%(plot)s» (n.° %(id)s) de %(name)s (%(code)s), cuya última evaluación de deforestación dice "
        "«%(result)s» (%(source)s, %(date)s), aporta al lote %(lot)s para la UE sin una excepción registrada con su "
        "motivo (coopdesk plots override)."), params)


def what_to_do(status: PlotStatus) -> str:
    """The field staff's next step for a plot, as a message id (``N_``)."""
    if status.geometry_kind is None:
        return N_("mapear la parcela")
    if status.result is None:
        return N_("pedir su evaluación de deforestación")
    if status.flagged:
        return N_("visitar y verificar el riesgo")
    if status.at_risk:
        return N_("riesgo con excepción registrada")
    return ""


def export_pending(book: "Book", path: str | Path, zone_code: str | None = None) -> int:
    """The plots to visit as a CSV or XLSX sheet (by zone and member), for field staff."""
    from coopdesk.core.sheets import write_file
    from coopdesk.domain.catalog import LABELS
    from coopdesk.i18n import _

    headers = [_("Zona"), _("Nombre de la zona"), _("Socio"), _("Nombre del socio"), _("Parcela n.°"), _("Parcela"),
               _("Cultivo"), _("Ha declaradas"), _("Ubicación"), _("Evaluación"), _("Fuente"),
               _("Fecha de evaluación"), _("Excepción"), _("Qué hacer")]
    kinds = {"Point": _("punto"), "Polygon": _("polígono"), None: _("sin ubicación")}
    rows = [(r.zone_code, r.zone_name, r.member_code, r.member_name, r.plot_id, r.name,
             _(LABELS.get(r.crop, r.crop)), r.hectares, kinds[r.geometry_kind],
             _(RESULT_LABELS[r.result]) if r.result else _("sin evaluación"), r.source, r.screened_on,
             r.override_reason, _(what_to_do(r)))
            for r in book.screenings.pending(zone_code)]
    return write_file(path, headers, rows, title=_("Parcelas por visitar"))
