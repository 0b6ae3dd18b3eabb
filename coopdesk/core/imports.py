"""Importing the treasurer's spreadsheets: members, deliveries, account
movements, attendance and price lists, from CSV or XLSX (column formats: docs/import.md).

Every row is checked with the same domain rules the screens use
(``check_member``, ``check_delivery``, ``check_movement``, the participation
limits) plus what only a whole file shows: a ticket, DNI or member code twice
in the file, members that do not exist or are not active, weights that cannot
be (tare not below gross, net not gross − tare), dates in the future or outside
every campaign, ambiguous numbers (``1,234``). Every problem is listed with
its row and column; if there is any, nothing is written. Otherwise every row
is written in one write transaction, with bulk inserts.

Rows already in the book are reported and not added, so importing the same
file twice adds nothing: a member with the same DNI (and code), a delivery
with the same ticket (and the same member, product, date and weights, else it
is a problem), a movement with the same member, date, concept, cargo/abono,
amount and reference, an attendance of the same member at the same event.

A delivery's file carries its own price («Precio»), as the ticket was paid;
the kilos it is paid on are net less the humidity discount of the product's
quality standard in force on its date (docs/quality.md). Price lists import as
new dated rows of the price table; one equal to a row already there is "already".
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from sqlalchemy import func, insert, select

from coopdesk.core import postings
from coopdesk.core.errors import N_, Problem
from coopdesk.core.ledger import closed_problems, last_closed
from coopdesk.domain.problems import Text
from coopdesk.core.participation import KINDS, MAX_POINTS
from coopdesk.core.prices import standards_by_product
from coopdesk.domain.quality import ANY_WORDS, in_force
from coopdesk.core.sheets import read_rows
from coopdesk.db.models import (
    AccountMovement,
    Attendance,
    Campaign,
    CollectionPoint,
    Delivery,
    Member,
    ParticipationEvent,
    Plot,
    Product,
    Zone,
)
from coopdesk.domain import limits
from coopdesk.domain.accounts import Concept, Direction, MovementInput, check_movement
from coopdesk.domain.catalog import LABELS, MemberStatus
from coopdesk.domain.plots import choose_plot
from coopdesk.domain.money import ZERO, Soles, to_cents
from coopdesk.domain.quantities import GRAM, to_grams
from coopdesk.domain.rules import (
    DeliveryInput,
    MemberInput,
    check_delivery,
    check_member,
    delivery_amount,
    parse_ticket,
)
from coopdesk.domain.tabular import (
    Column,
    RowProblem,
    Table,
    build_table,
    cell_date,
    cell_decimal,
    cell_int,
    cell_text,
    choice,
    decimal_marks,
)
from coopdesk.domain.text import member_search_key, member_sort_key, search_fold
from coopdesk.domain import roles
from coopdesk.domain.names import list_name

if TYPE_CHECKING:
    from coopdesk.core.book import Book


# -- the columns of each file (docs/import.md lists them) ---------------------

MEMBER_CODE = Column("member_code", "Código socio", ("código", "código del socio", "cod socio", "socio código",
                                                     "cód socio", "cod"))
MEMBER_DNI = Column("dni", "DNI", ("dni del socio", "doc identidad", "documento de identidad"))

MEMBER_COLUMNS = (
    Column("code", "Código", ("código socio", "código del socio", "cod socio", "cod", "cód"), required=True),
    Column("dni", "DNI", ("doc identidad", "documento de identidad", "dni del socio"), required=True),
    Column("first_names", "Nombres", ("nombre", "nombres del socio")),
    Column("last_names", "Apellidos", ("apellido", "apellidos del socio")),
    Column("full_name", "Apellidos y nombres", ("nombre completo", "apellidos nombres", "nombres y apellidos")),
    Column("gender", "Sexo", ("género", "genero", "sexo f m"), required=True),
    Column("zone_code", "Zona", ("código zona", "código de zona", "sector", "comité", "comité de base"),
           required=True),
    Column("certification", "Certificación", ("certificado", "condición", "cert"), required=True),
    Column("join_date", "Fecha de ingreso", ("ingreso", "fecha ingreso", "fecha de afiliación", "afiliación"),
           required=True),
    Column("status", "Estado", ("situación",)),
    Column("phone", "Teléfono", ("celular", "cel", "telf", "tel", "teléfono celular")),
)

DELIVERY_COLUMNS = (
    Column("ticket", "Ticket", ("n° ticket", "nro ticket", "número de ticket", "serie número", "boleta",
                                "comprobante"), required=True),
    Column("date", "Fecha", ("fecha de entrega", "fecha entrega"), required=True),
    MEMBER_CODE,
    MEMBER_DNI,
    Column("product_code", "Producto", ("código producto", "código de producto", "cod producto"), required=True),
    Column("sacks", "Sacos", ("n° sacos", "cantidad de sacos", "sacos n")),
    Column("gross_kg", "Kg bruto", ("peso bruto", "bruto", "peso bruto kg"), required=True),
    Column("tare_kg", "Tara", ("kg tara", "peso tara", "destare")),
    Column("net_kg", "Kg neto", ("peso neto", "neto", "peso neto kg")),
    Column("humidity_pct", "Humedad", ("% humedad", "humedad %", "hum", "humedad porcentaje"), required=True),
    Column("payable_kg", "Kg pagado", ("kg pagados", "peso pagado", "kg pagables", "kg a pagar")),
    Column("grade", "Calidad", ("grado", "calidad grado"), required=True),
    Column("advance_price", "Precio", ("precio de adelanto", "precio adelanto", "precio por kg",
                                       "precio unitario", "precio s/"), required=True),
    Column("price_unit", "Unidad", ("unidad de precio", "unidad precio")),
    Column("certification", "Certificación", ("certificado", "condición")),
    Column("campaign", "Campaña", ("código de campaña", "temporada")),
    Column("amount", "Importe", ("monto", "importe s/", "monto s/", "adelanto s/")),
    Column("voided", "Anulado", ("anulada", "anulación", "motivo de anulación")),
    Column("plot", "Parcela", ("n° parcela", "número de parcela", "nombre de parcela", "parcela de origen")),
)

MOVEMENT_COLUMNS = (
    MEMBER_CODE,
    MEMBER_DNI,
    Column("date", "Fecha", ("fecha del movimiento", "fecha movimiento"), required=True),
    Column("concept", "Concepto", ("cuenta", "rubro"), required=True),
    Column("direction", "Tipo", ("cargo o abono", "cargo/abono", "cargo abono", "movimiento", "dirección",
                                 "debe o haber"), required=True),
    Column("amount", "Monto", ("importe", "monto s/", "importe s/", "soles"), required=True),
    Column("description", "Descripción", ("detalle", "glosa", "concepto detalle")),
    Column("reference", "Referencia", ("recibo", "n° recibo", "comprobante", "ref", "documento")),
)

ATTENDANCE_COLUMNS = (
    Column("date", "Fecha", ("fecha del evento", "fecha de la asamblea"), required=True),
    Column("kind", "Tipo", ("evento", "actividad", "asamblea o faena"), required=True),
    Column("description", "Descripción", ("detalle", "motivo", "nombre del evento")),
    Column("points", "Puntos", ("puntaje",)),
    MEMBER_CODE,
    MEMBER_DNI,
    Column("attended", "Asistió", ("asistencia", "presente", "asistio")),
)

PRICE_COLUMNS = (
    Column("product_code", "Producto", ("código producto", "código de producto", "cod producto"), required=True),
    Column("grade", "Calidad", ("grado", "calidad grado")),
    Column("certification", "Certificación", ("certificado", "condición", "cert")),
    Column("valid_from", "Desde", ("vigente desde", "fecha", "fecha desde", "desde el", "vigencia"), required=True),
    Column("price", "Precio", ("precio de adelanto", "precio adelanto", "precio s/", "s/"), required=True),
    Column("price_unit", "Unidad", ("unidad de precio", "unidad precio")),
    Column("note", "Nota", ("observación", "observaciones", "motivo", "comentario")),
)

ACCOUNT_COLUMNS = (
    Column("code", "Cuenta", ("código", "código de cuenta", "codigo cuenta", "cta", "n° cuenta"), required=True),
    Column("name", "Nombre de la cuenta", ("nombre", "denominación", "descripción", "cuenta contable"),
           required=True),
    Column("kind", "Tipo", ("naturaleza", "clase", "elemento"), required=True),
    Column("member_ledger", "De socios", ("cuenta de socios", "socios", "por socio", "auxiliar de socios")),
)

# Vocabularies typed as treasurers do (folded: without accents or capitals).
GENDERS = {"f": "F", "m": "M", "mujer": "F", "hombre": "M", "femenino": "F", "masculino": "M"}
CERTIFICATIONS = {
    "organico": "organico", "organica": "organico", "org": "organico", "o": "organico",
    "transicion": "transicion", "en transicion": "transicion", "t": "transicion", "t1": "transicion",
    "t2": "transicion", "t3": "transicion",
    "convencional": "convencional", "conv": "convencional", "c": "convencional",
}
STATUSES = {"activo": "activo", "activa": "activo", "suspendido": "suspendido", "suspendida": "suspendido",
            "retirado": "retirado", "retirada": "retirado"}
CONCEPTS = {"adelantos": "adelantos", "adelanto": "adelantos", "prestamos": "prestamos", "prestamo": "prestamos",
            "insumos": "insumos", "insumo": "insumos", "credito de insumos": "insumos",
            "aportaciones": "aportaciones", "aportacion": "aportaciones", "aportes": "aportaciones",
            "aporte": "aportaciones"}
DIRECTIONS = {"cargo": "cargo", "debe": "cargo", "c": "cargo", "abono": "abono", "haber": "abono", "a": "abono",
              "pago": "abono"}
UNITS = {"kg": "kg", "kilo": "kg", "kilos": "kg", "qq": "qq", "quintal": "qq", "quintales": "qq"}
KIND_WORDS = {"asamblea": N_("asamblea"), "faena": N_("faena")}  # in messages, in the reader's language
# «Asistió» as attendance sheets mark it: A (asistió), T (tardanza: came late), F (faltó), X, sí/no.
YES = {"si", "s", "x", "1", "a", "t", "asistio", "presente", "p", "tarde", "tardanza", "true", "verdadero"}
NO = {"no", "n", "0", "f", "falto", "falta", "ausente", "false", "falso", "-"}
SI = {"si", "s", "x", "1", "true", "verdadero"}

KINDS_TYPED = {"activo": "activo", "pasivo": "pasivo", "patrimonio": "patrimonio", "ingreso": "ingreso",
               "ingresos": "ingreso", "gasto": "gasto", "gastos": "gasto"}
COLUMNS = {"members": MEMBER_COLUMNS, "deliveries": DELIVERY_COLUMNS, "movements": MOVEMENT_COLUMNS,
           "attendance": ATTENDANCE_COLUMNS, "prices": PRICE_COLUMNS, "accounts": ACCOUNT_COLUMNS}
ALL_GRADES = ANY_WORDS


# -- the report ---------------------------------------------------------------

@dataclass(frozen=True)
class ImportReport:
    """What an import found and did. ``problems`` non-empty means nothing was
    written; ``written`` tells whether the rows to add were added."""

    kind: str                                   # members | deliveries | movements | attendance | prices
    rows: int                                   # rows read below the titles (blank ones not counted)
    to_add: int                                 # rows that are (or would be) added
    already: tuple[int, ...]                    # row numbers of rows already in the book
    problems: tuple[RowProblem, ...]
    written: bool
    ignored_columns: tuple[str, ...] = ()
    kg: Decimal = ZERO                          # deliveries: net kg of the rows to add
    amount: Decimal = ZERO                      # deliveries, movements: soles of the rows to add
    events: int = 0                             # attendance: assemblies and faenas created

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Plan:
    """Rows checked against a table: what to insert, what is already there."""

    table: Table
    columns: Sequence[Column]
    problems: list[RowProblem] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    count: int = 0
    kg: Decimal = ZERO
    amount: Decimal = ZERO
    events: int = 0
    write: Callable[[object], None] | None = None

    def add(self, row: int, problems: Iterable[Problem]) -> None:
        for p in problems:
            column = self.table.label(p.field) if p.field in self.table.labels else ""
            self.problems.append(RowProblem(row, column, p))


class _DryRun(Exception):
    """Ends a dry run's transaction: everything it wrote is rolled back."""


@dataclass(frozen=True)
class _MemberRef:
    id: int
    code: str
    dni: str
    name: str
    status: str
    certification: str


class Imports:
    """``book.imports``: each method reads a file, checks every row and, unless
    ``dry_run`` or a problem was found, writes all of them in one transaction."""

    def __init__(self, book: "Book"):
        self._book = book

    def members(self, path: str | os.PathLike, dry_run: bool = False) -> ImportReport:
        return self._run("members", path, dry_run, self._plan_members)

    def deliveries(self, path: str | os.PathLike, dry_run: bool = False) -> ImportReport:
        return self._run("deliveries", path, dry_run, self._plan_deliveries)

    def movements(self, path: str | os.PathLike, dry_run: bool = False) -> ImportReport:
        return self._run("movements", path, dry_run, self._plan_movements)

    def attendance(self, path: str | os.PathLike, dry_run: bool = False) -> ImportReport:
        return self._run("attendance", path, dry_run, self._plan_attendance)

    def prices(self, path: str | os.PathLike, dry_run: bool = False) -> ImportReport:
        return self._run("prices", path, dry_run, self._plan_prices)

    def accounts(self, path: str | os.PathLike, dry_run: bool = False) -> ImportReport:
        """The chart of accounts (the contador's own, on PCGE codes)."""
        return self._run("accounts", path, dry_run, self._plan_accounts)

    # -- the frame ------------------------------------------------------------

    def _run(self, kind: str, path, dry_run: bool, planner) -> ImportReport:
        """Read the file, check every row and write them: the same function for a
        dry run and a real import. A dry run also writes, inside the transaction,
        and rolls it back, so whatever the real import would refuse (a check of
        the database itself included) the dry run refuses too."""
        self._book.require(roles.IMPORT)  # before reading a byte of the file
        columns = COLUMNS[kind]
        table = build_table(read_rows(path), columns)
        written = False
        try:
            # Checked inside the write transaction, so no other machine can take a
            # ticket or a DNI between the check and the insert.
            with self._book.write(roles.IMPORT) as session:
                plan = _Plan(table, columns)
                if not any(p.row in (0, table.header_row) for p in table.problems):
                    planner(session, plan)  # with the titles wrong, every row's problems would be that
                order = {c.key: i for i, c in enumerate(columns)}
                position = {table.label(c.key): order[c.key] for c in columns}
                problems = sorted(table.problems + plan.problems,
                                  key=lambda p: (p.row, p.column != "", position.get(p.column, len(order))))
                if not problems and plan.count and plan.write is not None:
                    plan.write(session)
                    session.flush()
                    written = not dry_run
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return ImportReport(kind, table.read, plan.count, tuple(plan.already), tuple(problems), written,
                            table.ignored, plan.kg, plan.amount, plan.events)

    # -- members --------------------------------------------------------------

    def _plan_members(self, session, plan: _Plan) -> None:
        table = plan.table
        if not (table.has("first_names") and table.has("last_names")) and not table.has("full_name"):
            plan.problems.append(RowProblem(table.header_row, "", Problem("", N_(
                "Faltan las columnas «Nombres» y «Apellidos» (o una sola, «Apellidos y nombres»)."))))
            return
        zone_rows = session.execute(select(Zone.id, Zone.code, Zone.name)).all()
        zones = {search_fold(name): zone_id for zone_id, _code, name in zone_rows}
        zones.update({search_fold(code): zone_id for zone_id, code, _name in zone_rows})  # a code wins
        by_dni, by_code = {}, {}
        for m in session.execute(select(Member.id, Member.code, Member.dni, Member.first_names, Member.last_names)):
            by_dni[m.dni] = m
            by_code[m.code.upper()] = m
        seen_dni: dict[str, int] = {}
        seen_code: dict[str, int] = {}
        now = self._book.clock.now()
        rows = []
        for row in table.rows:
            c = row.cells
            problems: list[Problem] = []
            code = cell_text(c.get("code")).strip()
            dni = cell_text(c.get("dni")).strip()
            existing = by_dni.get(dni)
            if existing is not None:  # the key: a member with this DNI is already there
                if existing.code.upper() == code.upper():
                    plan.already.append(row.number)
                else:
                    problems.append(Problem("dni", N_(
                        "El DNI %(dni)s ya está registrado para %(name)s con el código %(code)s, no %(file_code)s."),
                        {"dni": dni, "name": list_name(existing.first_names, existing.last_names), "code": existing.code,
                         "file_code": code}))
                plan.add(row.number, problems)
                continue
            first, last = self._names(c, problems)
            join, date_problems = cell_date(c.get("join_date"), "join_date")
            problems += date_problems
            data = MemberInput(
                code=code, dni=dni, first_names=first, last_names=last,
                gender=_vocabulary(c, "gender", GENDERS, problems, N_(
                    "«%(text)s» no es un sexo: escriba F (mujer) o M (hombre).")),
                zone_code=cell_text(c.get("zone_code")).strip(),
                certification=_vocabulary(c, "certification", CERTIFICATIONS, problems, N_(
                    "«%(text)s» no es una certificación: escriba orgánico, transición o convencional.")),
                join_date=join or date.min,
                status=_vocabulary(c, "status", STATUSES, problems, N_(
                    "«%(text)s» no es un estado: escriba activo, suspendido o retirado."), "activo"),
                phone=cell_text(c.get("phone")).strip(),
            )
            typed = {p.field for p in problems}
            for p in check_member(data, now.date()):
                if p.field in typed:
                    continue
                if p.field == "dni" and dni.isdigit() and len(dni) < 8:
                    p = Problem("dni", N_("El DNI %(dni)s tiene %(n)s dígitos: si empezaba con cero, la hoja de "
                                          "cálculo lo quitó; escríbalo como texto, por ejemplo %(padded)s."),
                                {"dni": dni, "n": len(dni), "padded": dni.zfill(8)})
                problems.append(p)
            zone_id = zones.get(search_fold(data.zone_code)) if data.zone_code else None
            if data.zone_code and zone_id is None:
                problems.append(Problem("zone_code", N_(
                    "No existe la zona %(zone)s (las zonas son: %(codes)s). Agréguela en Preferencias › Zonas y "
                    "comités… (o con «coopdesk zones add %(zone)s NOMBRE») y vuelva a importar, o corrija la hoja."),
                    {"zone": data.zone_code, "codes": ", ".join(sorted(c for _i, c, _n in zone_rows)) or "—"}))
            if code:
                other = by_code.get(code.upper())
                if other is not None:
                    problems.append(Problem("code", N_("El código %(code)s ya es de %(name)s."),
                                            {"code": code, "name": list_name(other.first_names, other.last_names)}))
                elif code.upper() in seen_code:
                    problems.append(Problem("code", N_("El código %(code)s está repetido: también está en la fila "
                                                       "%(row)s."), {"code": code, "row": seen_code[code.upper()]}))
                seen_code.setdefault(code.upper(), row.number)
            if dni:
                if dni in seen_dni:
                    problems.append(Problem("dni", N_("El DNI %(dni)s está repetido: también está en la fila "
                                                      "%(row)s."), {"dni": dni, "row": seen_dni[dni]}))
                seen_dni.setdefault(dni, row.number)
            if problems:
                plan.add(row.number, problems)
                continue
            first, last = " ".join(first.split()), " ".join(last.split())
            rows.append(dict(
                code=code, dni=dni, first_names=first, last_names=last, gender=data.gender, zone_id=zone_id,
                status=data.status, certification=data.certification, join_date=data.join_date,
                phone=data.phone, sort_key=member_sort_key(first, last),
                search_key=member_search_key(code, dni, first, last), created_at=now, updated_at=now))
        plan.count = len(rows)
        plan.write = lambda session: session.execute(insert(Member), rows)

    @staticmethod
    def _names(c: dict, problems: list[Problem]) -> tuple[str, str]:
        first, last = cell_text(c.get("first_names")).strip(), cell_text(c.get("last_names")).strip()
        full = cell_text(c.get("full_name")).strip()
        if full and not (first or last):
            if "," in full:
                last, first = (part.strip() for part in full.split(",", 1))
            else:
                problems.append(Problem("full_name", N_(
                    "Separe los apellidos de los nombres con una coma, por ejemplo: Quispe Mamani, Rosa.")))
                first = last = full
        return first, last

    # -- deliveries -----------------------------------------------------------

    def _plan_deliveries(self, session, plan: _Plan) -> None:
        table = plan.table
        if not self._member_column(plan):
            return
        today = self._book.clock.today()
        last_month_closed = last_closed(session)
        campaigns = session.execute(select(Campaign.id, Campaign.code, Campaign.start_date, Campaign.end_date)
                                    .order_by(Campaign.start_date.desc(), Campaign.id.desc())).all()
        by_campaign_code = {c.code.upper(): c for c in campaigns}
        campaign_of_day: dict[date, object] = {}
        products = {}
        product_codes = []
        for p in session.execute(select(Product.id, Product.code, Product.name, Product.price_unit, Product.crop)
                                 .order_by(Product.id)):
            products[p.code.upper()] = p
            products.setdefault(search_fold(p.name), p)
            product_codes.append(p.code)
        by_code, by_dni = self._members(session)
        member_codes = {m.id: m.code for m in by_code.values()}
        standards = standards_by_product(session)
        points = dict(session.execute(select(CollectionPoint.series, CollectionPoint.id)).all())
        member_plots: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
        for plot in session.execute(select(Plot.id, Plot.name, Plot.member_id, Plot.crop).order_by(Plot.id)):
            member_plots[(plot.member_id, plot.crop)].append((plot.id, plot.name))
        read = _Reader(decimal_marks(table.rows, ("gross_kg", "tare_kg", "net_kg", "humidity_pct", "payable_kg",
                                                  "advance_price", "amount", "sacks")))
        # the key: the first row of each ticket, and the deliveries already in the book with those tickets
        first_row: dict[tuple[str, int], int] = {}
        for row in table.rows:
            ticket = parse_ticket(cell_text(row.cells.get("ticket")))
            if ticket is not None:
                first_row.setdefault((ticket.series, ticket.number), row.number)
        existing = self._existing_tickets(session, list(first_row))
        user = self._book.user
        stamp = _stamper(session)
        stamps: dict[date, object] = {}
        created = stamp(self._book.clock.now())
        kg = amount_total = ZERO
        rows = []
        days: list[date] = []  # each row's day (its stamp is the driver's text on SQLite)
        numbers: list[int] = []  # each row's line in the file
        for row in table.rows:
            c = row.cells
            problems: list[Problem] = []
            ticket_text = cell_text(c.get("ticket")).strip()
            ticket = parse_ticket(ticket_text)
            if not ticket_text:
                problems.append(Problem("ticket", N_("Escriba el ticket como serie-número, por ejemplo 001-000123.")))
            day, p = read.date(c.get("date"), "date")
            problems += p
            member = self._member(c, by_code, by_dni, problems)
            product_text = cell_text(c.get("product_code")).strip()
            product = products.get(product_text.upper()) or products.get(search_fold(product_text))
            if not product_text:
                problems.append(Problem("product_code", N_("Escriba el producto, por ejemplo CACAO-SECO.")))
            elif product is None:
                problems.append(Problem("product_code", N_("No existe el producto %(code)s. Los productos son: "
                                                           "%(codes)s."),
                                        {"code": product_text, "codes": ", ".join(product_codes)}))
            sacks, p = read.integer(c.get("sacks"), "sacks")
            problems += p
            gross, p = read.decimal(c.get("gross_kg"), "gross_kg")
            problems += p
            tare, p = read.decimal(c.get("tare_kg"), "tare_kg", ZERO)
            problems += p
            net = None
            if "net_kg" in c:
                net, p = read.decimal(c["net_kg"], "net_kg")
                problems += p
            humidity, p = read.decimal(c.get("humidity_pct"), "humidity_pct")
            problems += p
            given_payable = None
            if cell_text(c.get("payable_kg")).strip():
                given_payable, p = read.decimal(c["payable_kg"], "payable_kg")
                problems += p
            price, p = read.decimal(c.get("advance_price"), "advance_price")
            problems += p
            given_amount = None
            if "amount" in c:
                given_amount, p = read.decimal(c["amount"], "amount")
                problems += p
            unit = None
            if "price_unit" in c:
                unit = _vocabulary(c, "price_unit", UNITS, problems, N_("La unidad de precio debe ser kg o qq."))
            certification = None
            if "certification" in c:
                certification = _vocabulary(c, "certification", CERTIFICATIONS, problems, N_(
                    "«%(text)s» no es una certificación: escriba orgánico, transición o convencional."))

            if ticket is not None and points and ticket.series not in points:
                problems.append(Problem("ticket", N_("La serie %(series)s no es de ningún centro de acopio; las series "
                                                     "son: %(list)s."),
                                        {"series": ticket.series, "list": ", ".join(sorted(points))}))
            if ticket is not None:
                key = (ticket.series, ticket.number)
                first = first_row[key]
                if first != row.number:
                    problems.append(Problem("ticket", N_("El ticket %(ticket)s está repetido: también está en la "
                                                         "fila %(row)s."), {"ticket": str(ticket), "row": first}))
                elif key in existing:  # already in the book: reported, not added, not checked again
                    old = existing[key]
                    if not problems and (member.id, product.id, day, gross, tare) == (
                            old.member_id, old.product_id, old.date, old.gross_g, old.tare_g):
                        plan.already.append(row.number)
                        continue
                    if not problems:
                        problems.append(Problem("ticket", N_(
                            "El ticket %(ticket)s ya está registrado con otros datos (socio %(code)s, %(date)s, "
                            "%(kg)s kg brutos): corrija el ticket o la fila."),
                            {"ticket": str(ticket), "code": member_codes.get(old.member_id, ""), "date": old.date,
                             "kg": old.gross_g}))
                    plan.add(row.number, problems)
                    continue

            campaign = None
            campaign_text = cell_text(c.get("campaign")).strip()
            if campaign_text:
                campaign = by_campaign_code.get(campaign_text.upper())
                if campaign is None:
                    problems.append(Problem("campaign", N_("No existe la campaña %(code)s."), {"code": campaign_text}))
            else:  # the campaign whose dates hold the delivery's, else the current one (then the date is outside)
                campaign = campaign_of_day.get(day)
                if campaign is None:
                    campaign = campaign_of_day[day] = next(
                        (k for k in campaigns if day is not None and k.start_date <= day <= k.end_date),
                        campaigns[0] if campaigns else None)
                if campaign is None:
                    problems.append(Problem("", N_("La cooperativa todavía no tiene ninguna campaña.")))
            grade = cell_text(c.get("grade")).strip()
            if not grade:
                problems.append(Problem("grade", N_("Escriba la calidad (grado) de la entrega.")))
            data = DeliveryInput(
                ticket=ticket_text, date=day or today, member_code=member.code if member else "",
                product_code=product_text, sacks=sacks, gross_kg=gross, tare_kg=tare, humidity_pct=humidity,
                grade=grade, advance_price=price, net_kg=net, price_unit=unit, certification=certification)
            checked = (check_delivery(data, campaign.start_date, campaign.end_date) if campaign is not None
                       else check_delivery(data, date.min, date.max))
            if checked:
                # a value that could not be read is reported once, not again as its stand-in
                typed = {p.field for p in problems} | ({"ticket"} if not ticket_text else set())
                problems += [p for p in checked if p.field not in typed]
            if day is not None and day > today:
                problems.append(Problem("date", N_("La fecha %(date)s todavía no llega: una entrega no puede ser "
                                                   "futura."), {"date": day}))
            if member is not None and member.status != MemberStatus.ACTIVE:
                problems.append(Problem("member_code", N_("El socio %(code)s no está activo; no puede recibir "
                                                          "entregas."), {"code": member.code}))
            plot_id = None
            if member is not None and product is not None:
                plot_id, p = choose_plot(member_plots[(member.id, product.crop)], cell_text(c.get("plot")),
                                         {"name": member.name, "code": member.code,
                                          "crop": Text(LABELS.get(product.crop, product.crop))})
                problems += p
            if problems:
                plan.add(row.number, problems)
                continue
            net_kg = gross - tare
            unit = unit or product.price_unit
            standard = in_force(standards.get(product.id, ()), day)
            # what the file says was paid stands: its kilos paid, or an amount that is net × price
            # (a ticket paid before this book discounted humidity); else the standard's discount
            if given_payable is not None:
                payable = given_payable
                if not (ZERO < payable <= net_kg) or payable != payable.quantize(GRAM):
                    plan.add(row.number, [Problem("payable_kg", N_(
                        "Los kg pagados deben ser mayores que cero, no más que el neto (%(net)s kg) y con tres "
                        "decimales como máximo."), {"net": net_kg})])
                    continue
            elif given_amount is not None and given_amount == delivery_amount(net_kg, price, unit):
                payable = net_kg
            else:
                payable = standard.payable_kg(net_kg, humidity)
            value = delivery_amount(payable, price, unit)
            if given_amount is not None and given_amount != value:
                plan.add(row.number, [Problem("amount", N_(
                    "El importe %(given)s no es el peso pagable por el precio: %(computed)s.") if payable != net_kg
                    else N_("El importe %(given)s no es el neto por el precio: %(computed)s."),
                    {"given": Soles(given_amount), "computed": Soles(value)})])
                continue
            closed = closed_problems(day, last_month_closed)
            if closed:
                plan.add(row.number, closed)
                continue
            voided = cell_text(c.get("voided")).strip()
            when = stamps.get(day)
            if when is None:
                when = stamps[day] = stamp(day)
            days.append(day)
            numbers.append(row.number)
            rows.append((
                campaign.id, ticket.series, ticket.number, when, member.id, product.id, sacks,
                to_grams(gross), to_grams(tare), to_grams(net_kg), int(humidity * 100), grade,
                certification or member.certification, to_cents(price), unit, to_cents(value), created,
                created if voided else None, voided[:limits.DESCRIPTION], user if voided else "",
                to_grams(payable), to_grams(standard.equivalent_kg(payable)), points.get(ticket.series), plot_id))
            if not voided:
                kg += net_kg
                amount_total += value
        for number, problem in self._book.withholding.imported_tickets_due(
                session, [(n, day, r[4], postings.ticket_text(r[1], r[2]), Decimal(r[15]).scaleb(-2))
                          for n, day, r in zip(numbers, days, rows) if r[17] is None], member_codes):
            plan.add(number, [problem])
        plan.count, plan.kg, plan.amount = len(rows), kg, amount_total

        def write(session) -> None:
            # the day entries first, so each ticket is inserted already linked to its own: one «alta»
            # in the audit trail per ticket, not an «alta» and then a «cambio» for the link
            groups = postings.intake_groups_of(
                (day, r[1], r[12], r[15], r[2]) for day, r in zip(days, rows) if r[17] is None)
            posted = self._book.ledger.post_many_in(session, [(entry, postings.P.INTAKE_DAY, None, None)
                                                              for _key, entry in groups])
            entry_of = {key: entry.id for (key, _entry), entry in zip(groups, posted)}
            _bulk_insert(session, Delivery, DELIVERY_INSERT + ("entry_id",), [
                (*r, entry_of.get((day, r[1])) if r[17] is None else None) for day, r in zip(days, rows)])

        plan.write = write

    @staticmethod
    def _existing_tickets(session, keys: list[tuple[str, int]]) -> dict:
        """The deliveries already in the book with these tickets: one query per
        series, over the range of numbers the file uses."""
        d = Delivery.__table__.c
        by_series: dict[str, list[int]] = defaultdict(list)
        for series, number in keys:
            by_series[series].append(number)
        found = {}
        for series, numbers in by_series.items():
            wanted = set(numbers)
            query = (select(d.series, d.number, d.member_id, d.product_id, d.date, d.gross_g, d.tare_g)
                     .where(d.series == series, d.number.between(min(numbers), max(numbers))))
            for r in session.execute(query):
                if r.number in wanted:
                    found[(r.series, r.number)] = r
        return found

    # -- prices -----------------------------------------------------------------

    def _plan_prices(self, session, plan: _Plan) -> None:
        """Advance prices from a date. A row equal to one already recorded (product,
        grade, certification, date, price, unit) is already there; the same key twice
        in the file with different prices is a problem, not a guess."""
        from coopdesk.core.prices import PriceInput, Prices, normal_grade, table_grade
        from coopdesk.db.models import PriceEntryRow

        table = plan.table
        standards = standards_by_product(session)
        products = {p.code.upper(): p for p in session.scalars(select(Product))}
        names = {search_fold(p.name): p for p in products.values()}
        marks = decimal_marks(table.rows, ("price",))
        existing = {(r.product_id, r.grade, r.certification, r.valid_from, r.price, r.price_unit)
                    for r in session.scalars(select(PriceEntryRow))}
        seen: dict[tuple, tuple[int, tuple]] = {}
        rows: list[PriceInput] = []
        for row in table.rows:
            c = row.cells
            problems: list[Problem] = []
            product_text = cell_text(c.get("product_code")).strip()
            product = products.get(product_text.upper()) or names.get(search_fold(product_text))
            day, p = cell_date(c.get("valid_from"), "valid_from")
            problems += p
            price, p = cell_decimal(c.get("price"), "price", marks["price"])
            problems += p
            grade = normal_grade(cell_text(c.get("grade")))
            certification = ""
            if search_fold(cell_text(c.get("certification")).strip()) not in ALL_GRADES:
                certification = _vocabulary(c, "certification", CERTIFICATIONS, problems, N_(
                    "«%(text)s» no es una certificación: escriba orgánico, transición, convencional o todas."))
            unit = None
            if cell_text(c.get("price_unit")).strip():
                unit = _vocabulary(c, "price_unit", UNITS, problems, N_("La unidad de precio debe ser kg o qq."))
            data = PriceInput(product.code if product else product_text, day or date.min, price, grade,
                              certification or "", unit, cell_text(c.get("note")).strip())
            typed = {p.field for p in problems}
            problems += [p for p in Prices.check(data, products) if p.field not in typed]
            if product is not None and day is not None:
                grade, found = table_grade(standards, product, grade, day)
                problems += found
            if problems:
                plan.add(row.number, problems)
                continue
            data = PriceInput(product.code, day, price, grade, data.certification, unit, data.note)
            key = (product.id, grade, data.certification, day)
            unit = unit or product.price_unit
            if key in seen and seen[key][1] != (price, unit):
                plan.add(row.number, [Problem("price", N_(
                    "La fila %(row)s ya da otro precio al mismo producto, calidad y certificación desde la misma "
                    "fecha: deje uno."), {"row": seen[key][0]})])
                continue
            if key in seen or (*key, price, unit) in existing:
                plan.already.append(row.number)
                continue
            seen[key] = (row.number, (price, unit))
            rows.append(data)
        plan.count = len(rows)
        plan.write = lambda session: Prices.add_in(session, rows, self._book.clock.now(), self._book.user)

    def _plan_accounts(self, session, plan: _Plan) -> None:
        """Accounts to add to the chart. One already there with the same name, kind
        and sub-ledger is already there; the same code with another name or kind is a
        problem (an account with entries keeps its kind: nothing is renamed by a file)."""
        from coopdesk.core.ledger import add_default_chart
        from coopdesk.db.models import LedgerAccount

        add_default_chart(session)
        existing = {a.code: a for a in session.scalars(select(LedgerAccount))}
        seen: dict[str, int] = {}
        rows = []
        for row in plan.table.rows:
            c = row.cells
            problems: list[Problem] = []
            code = cell_text(c.get("code")).strip()
            name = cell_text(c.get("name")).strip()
            if not code.isdigit() or len(code) > limits.CODE:
                problems.append(Problem("code", N_("El código de cuenta son dígitos del Plan Contable, por ejemplo "
                                                   "6391.")))
            if not name or len(name) > limits.DESCRIPTION:
                problems.append(Problem("name", N_("Escriba el nombre de la cuenta (%(limit)s caracteres como "
                                                   "máximo)."), {"limit": limits.DESCRIPTION}))
            kind = _vocabulary(c, "kind", KINDS_TYPED, problems, N_(
                "El tipo de cuenta es activo, pasivo, patrimonio, ingreso o gasto."))
            if not kind:
                problems.append(Problem("kind", N_("El tipo de cuenta es activo, pasivo, patrimonio, ingreso o "
                                                   "gasto.")))
            flag = search_fold(cell_text(c.get("member_ledger")).strip())
            if flag and flag not in SI and flag not in NO:
                problems.append(Problem("member_ledger", N_("«De socios» es sí o no.")))
            member_ledger = flag in SI
            if problems:
                plan.add(row.number, problems)
                continue
            if code in seen:
                plan.add(row.number, [Problem("code", N_("La fila %(row)s ya trae la cuenta %(code)s."),
                                              {"row": seen[code], "code": code})])
                continue
            seen[code] = row.number
            have = existing.get(code)
            if have is not None:
                if (have.name, have.kind, have.member_ledger) == (name, kind, member_ledger):
                    plan.already.append(row.number)
                else:
                    plan.add(row.number, [Problem("code", N_(
                        "La cuenta %(code)s ya existe como «%(name)s»: un archivo no la cambia."),
                        {"code": code, "name": have.name})])
                continue
            rows.append(LedgerAccount(code=code, name=name, kind=kind, member_ledger=member_ledger))
        plan.count = len(rows)
        plan.write = lambda session: session.add_all(rows)

    # -- movements ------------------------------------------------------------

    def _plan_movements(self, session, plan: _Plan) -> None:
        table = plan.table
        if not self._member_column(plan):
            return
        today = self._book.clock.today()
        last_month_closed = last_closed(session)
        by_code, by_dni = self._members(session)
        marks = decimal_marks(table.rows, ("amount",))
        parsed = []
        for row in table.rows:
            c = row.cells
            problems: list[Problem] = []
            member = self._member(c, by_code, by_dni, problems)
            day, p = cell_date(c.get("date"), "date")
            problems += p
            amount, p = cell_decimal(c.get("amount"), "amount", marks["amount"])
            problems += p
            concept = _vocabulary(c, "concept", CONCEPTS, problems, N_(
                "«%(text)s» no es un concepto: escriba adelantos, préstamos, insumos o aportaciones."))
            direction = _vocabulary(c, "direction", DIRECTIONS, problems, N_(
                "«%(text)s» no es un tipo de movimiento: escriba cargo (el socio debe más) o abono (paga o se le "
                "descuenta)."))
            data = MovementInput(member.code if member else "", day or today, concept, direction, amount,
                                 cell_text(c.get("description")).strip(), cell_text(c.get("reference")).strip())
            typed = {p.field for p in problems}
            problems += [p for p in check_movement(data, today) if p.field not in typed]
            if data.date is not None and not problems:
                problems += closed_problems(data.date, last_month_closed)
            parsed.append((row, member, data, problems))
        days = [data.date for _r, _m, data, problems in parsed if not problems]
        existing: dict[tuple, int] = defaultdict(int)
        if days:
            m = AccountMovement.__table__.c
            for r in session.execute(select(m.member_id, m.date, m.concept, m.direction, m.amount_cents, m.reference)
                                     .where(m.date.between(min(days), max(days)))):
                existing[tuple(r)] += 1
        seen: dict[tuple, int] = {}
        rows = []
        total = ZERO
        now = self._book.clock.now()
        user = self._book.user
        # what each member owes on loans (interest due included), as the file's rows go: an abono beyond it
        # would pass for interest income, so it is refused (as when typed)
        owed = self._book.accounts.owed_by_member(session, today)
        on_loans = {member: by.get(Concept.LOANS.value, ZERO) for member, by in owed.items()}
        for row, member, data, problems in parsed:
            if problems:
                plan.add(row.number, problems)
                continue
            key = (member.id, data.date, data.concept, data.direction, data.amount, data.reference)
            if key in seen:
                plan.add(row.number, [Problem("", N_(
                    "La fila repite la fila %(row)s (mismo socio, fecha, concepto, tipo, monto y referencia); si son "
                    "dos movimientos distintos, deles referencias distintas."), {"row": seen[key]})])
                continue
            seen[key] = row.number
            if existing.get(key):
                plan.already.append(row.number)
                continue
            if data.concept == Concept.LOANS.value:
                balance = on_loans.get(member.id, ZERO)
                if data.direction == Direction.CREDIT and data.amount > balance:
                    plan.add(row.number, [Problem("amount", N_(
                        "El abono de %(amount)s es mayor que lo que %(name)s debe de préstamos (%(owes)s, con los "
                        "intereses ya vencidos): revise el monto. Lo pagado de más no se registra como interés ni "
                        "como ingreso."), {"amount": Soles(data.amount), "name": member.code,
                                          "owes": Soles(max(balance, ZERO))})])
                    continue
                on_loans[member.id] = balance + (data.amount if data.direction == Direction.CHARGE else -data.amount)
            rows.append({"member_id": member.id, "date": data.date, "concept": data.concept,
                         "direction": data.direction, "amount": data.amount, "description": data.description,
                         "reference": data.reference, "created_at": now, "created_by": user})
            total += data.amount
        plan.count, plan.amount = len(rows), total
        def write(session) -> None:
            postings.accrue_interest(self._book, session, today)  # the interest due is owed before it is paid
            after = session.scalar(select(func.max(AccountMovement.id))) or 0
            session.execute(insert(AccountMovement), rows)
            postings.post_movements(self._book, session, after)

        plan.write = write

    # -- attendance -----------------------------------------------------------

    def _plan_attendance(self, session, plan: _Plan) -> None:
        table = plan.table
        if not self._member_column(plan):
            return
        today = self._book.clock.today()
        by_code, by_dni = self._members(session)
        e = ParticipationEvent.__table__.c
        events = {(r.date, r.kind, search_fold(r.description)): r
                  for r in session.execute(select(e.id, e.date, e.kind, e.description, e.points_cp))}
        marks = decimal_marks(table.rows, ("points",))
        new_events: dict[tuple, dict] = {}
        attendance: dict[tuple, int] = {}
        wanted = []
        for row in table.rows:
            c = row.cells
            problems: list[Problem] = []
            if table.has("attended"):
                answer = search_fold(cell_text(c.get("attended")))
                if answer in NO or not answer:  # a blank in the «Asistió» column: did not attend
                    continue
                if answer not in YES:
                    plan.add(row.number, [Problem("attended", N_("«%(text)s»: escriba sí o no."),
                                                  {"text": cell_text(c["attended"])})])
                    continue
            member = self._member(c, by_code, by_dni, problems)
            day, p = cell_date(c.get("date"), "date")
            problems += p
            words = search_fold(cell_text(c.get("kind"))).split()  # "Asamblea general ordinaria" is an asamblea
            kind = words[0] if words and words[0] in KINDS else ""
            if not kind:
                problems.append(Problem("kind", N_("Elija el tipo: asamblea o faena.")))
            description = cell_text(c.get("description")).strip()
            points = None
            if "points" in c:
                points, p = cell_decimal(c["points"], "points", marks["points"])
                problems += p
            if day is not None and day > today:
                problems.append(Problem("date", N_("La fecha no puede ser futura.")))
            if len(description) > limits.DESCRIPTION:
                problems.append(Problem("description", N_("La descripción es demasiado larga (máximo %(n)s letras)."),
                                        {"n": limits.DESCRIPTION}))
            if points is not None and "points" not in {p.field for p in problems} and (
                    not (ZERO <= points <= MAX_POINTS) or points != points.quantize(Decimal("0.01"))):
                problems.append(Problem("points", N_("Los puntos deben estar entre 0 y %(max)s, con dos decimales a lo "
                                                     "más."), {"max": MAX_POINTS}))
            if problems:
                plan.add(row.number, problems)
                continue
            key = (day, kind, search_fold(description))
            event = events.get(key)
            if event is not None:
                stored = event.points_cp  # Decimal points (the column's type converts)
                if points is not None and points != stored:
                    plan.add(row.number, [Problem("points", N_(
                        "La %(kind)s del %(date)s ya está registrada con %(stored)s puntos, no %(points)s."),
                        {"kind": Text(KIND_WORDS[kind]), "date": day, "stored": stored, "points": points})])
                    continue
            else:
                new = new_events.get(key)
                if new is None:
                    if points is None:
                        plan.add(row.number, [Problem("points", N_(
                            "Escriba los puntos de la %(kind)s del %(date)s: es nueva."), {"kind": Text(KIND_WORDS[kind]), "date": day})])
                        continue
                    new_events[key] = new = {"date": day, "kind": Text(KIND_WORDS[kind]), "description": description,
                                             "points": points, "row": row.number}
                elif points is not None and points != new["points"]:
                    plan.add(row.number, [Problem("points", N_(
                        "Los puntos no son los de la fila %(row)s, de la misma %(kind)s."),
                        {"row": new["row"], "kind": Text(KIND_WORDS[kind])})])
                    continue
            attended = (key, member.id)
            if attended in attendance:
                plan.add(row.number, [Problem("member_code", N_(
                    "El socio %(code)s ya figura en la fila %(row)s para la misma %(kind)s."),
                    {"code": member.code, "row": attendance[attended], "kind": Text(KIND_WORDS[kind])})])
                continue
            attendance[attended] = row.number
            wanted.append((row.number, key, event, member.id))
        a = Attendance.__table__.c
        present = set()
        event_ids = {ev.id for _n, _k, ev, _m in wanted if ev is not None}
        if event_ids:
            present = set(session.execute(select(a.event_id, a.member_id).where(a.event_id.in_(event_ids))).all())
        to_add = []
        for number, key, event, member_id in wanted:
            if event is not None and (event.id, member_id) in present:
                plan.already.append(number)
            else:
                to_add.append((key, event, member_id))
        plan.count, plan.events = len(to_add), len(new_events)

        def write(session) -> None:
            ids = {}
            for key, new in new_events.items():
                event = ParticipationEvent(date=new["date"], kind=new["kind"], points=new["points"],
                                           description=new["description"])
                session.add(event)
                session.flush()
                ids[key] = event.id
            rows = [{"event_id": event.id if event is not None else ids[key], "member_id": member_id}
                    for key, event, member_id in to_add]
            if rows:
                session.execute(insert(Attendance), rows)

        plan.write = write

    # -- shared ---------------------------------------------------------------

    @staticmethod
    def _member_column(plan: _Plan) -> bool:
        table = plan.table
        if table.has("member_code") or table.has("dni"):
            return True
        plan.problems.append(RowProblem(table.header_row, "", Problem("member_code", N_(
            "Falta la columna «%(column)s» en la fila de títulos."), {"column": "Código socio"})))
        return False

    @staticmethod
    def _members(session) -> tuple[dict[str, _MemberRef], dict[str, _MemberRef]]:
        by_code, by_dni = {}, {}
        for r in session.execute(select(Member.id, Member.code, Member.dni, Member.first_names, Member.last_names,
                                        Member.status, Member.certification)):
            ref = _MemberRef(r.id, r.code, r.dni, list_name(r.first_names, r.last_names), r.status, r.certification)
            by_code[r.code.upper()] = ref
            by_dni[r.dni] = ref
        return by_code, by_dni

    @staticmethod
    def _member(c: dict, by_code: dict, by_dni: dict, problems: list[Problem]) -> _MemberRef | None:
        """The member a row names by code, by DNI, or by both (then they must agree)."""
        code = cell_text(c.get("member_code")).strip()
        dni = cell_text(c.get("dni")).strip()
        member = by_code.get(code.upper()) if code else None
        if not code and not dni:
            problems.append(Problem("member_code", N_("Escriba el código del socio.")))
        elif code and member is None:
            problems.append(Problem("member_code", N_("No existe el socio con código %(code)s."), {"code": code}))
        if dni:
            other = by_dni.get(dni) or (by_dni.get(dni.zfill(8)) if dni.isdigit() else None)
            if other is None:
                problems.append(Problem("dni", N_("No hay ningún socio con el DNI %(dni)s."), {"dni": dni}))
            elif member is not None and other.id != member.id:
                problems.append(Problem("dni", N_("El DNI %(dni)s es de %(name)s (%(other)s), no del socio "
                                                  "%(code)s."),
                                        {"dni": dni, "name": other.name, "other": other.code, "code": member.code}))
            elif not code:
                member = other
        return member


class _Reader:
    """Cell readers that remember: a file repeats its weights, prices and dates,
    and each distinct text is read (and its problems found) once."""

    def __init__(self, marks: dict[str, str | None]):
        self.marks = marks  # each number column's decimal mark (tabular.decimal_marks)
        self._seen: dict[tuple, tuple] = {}

    def decimal(self, cell, key: str, default: Decimal | None = None) -> tuple[Decimal, list[Problem]]:
        if cell.__class__ is not str:
            return cell_decimal(cell, key, self.marks.get(key), default)
        memo = (cell, key, default)
        found = self._seen.get(memo)
        if found is None:
            found = self._seen[memo] = cell_decimal(cell, key, self.marks.get(key), default)
        return found

    def integer(self, cell, key: str) -> tuple[int, list[Problem]]:
        memo = (cell, key, int)
        found = self._seen.get(memo)
        if found is None:
            found = self._seen[memo] = cell_int(cell, key)
        return found

    def date(self, cell, key: str) -> tuple[date | None, list[Problem]]:
        memo = (cell, key, date)
        found = self._seen.get(memo)
        if found is None:
            found = self._seen[memo] = cell_date(cell, key)
        return found


# The deliveries' columns, in the order the import's rows give them.
DELIVERY_INSERT = ("campaign_id", "series", "number", "date", "member_id", "product_id", "sacks", "gross_g", "tare_g",
                   "net_g", "humidity_cp", "grade", "certification", "price_cents", "price_unit", "amount_cents",
                   "created_at", "voided_at", "void_reason", "voided_by", "payable_g", "equivalent_g",
                   "collection_point_id", "plot_id")


def _stamper(session) -> Callable[[date], object]:
    """Dates as the driver takes them: SQLAlchemy's own text form on SQLite
    (``2026-03-04``, ``2026-03-04 10:00:00.000000``), the objects elsewhere."""
    if session.connection().dialect.name != "sqlite":
        return lambda value: value
    return lambda value: value.isoformat(" ", "microseconds") if isinstance(value, datetime) else value.isoformat()


def _bulk_insert(session, model, columns: Sequence[str], rows: list[tuple]) -> None:
    """One executemany through the driver, inside the session's transaction:
    the values are already the integers (grams, céntimos), text and dates the
    columns store, checked above, so nothing is converted again per value."""
    if not rows:
        return
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {model.__tablename__} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    conn.exec_driver_sql(sql, rows)


def _vocabulary(c: dict, key: str, options: dict[str, str], problems: list[Problem], message: str,
                default: str = "") -> str:
    """A word of a vocabulary from a cell; a problem naming the word when it is
    not one. An empty cell gives ``default`` (the domain check then says what
    is missing)."""
    text = cell_text(c.get(key)).strip()
    if not text:
        return default
    value = choice(text, options)
    if value is None:
        problems.append(Problem(key, message, {"text": text}))
        return text
    return value
