"""``book.lots``: lots at the warehouse, mass balance, traceability from a sale
to its tickets, members and plots and back, the buyer's GeoJSON and the DDS
references (docs/traceability.md, «Lots» and «The file for the buyer»).

Every row here is a record (migration 0017: audited, never changed or deleted).
Kilos are grams in the database. A lot's balance, in kilos of its product:

    entered = Σ kilos of its tickets + Σ kilos made from earlier lots
    shipped = Σ kilos taken by later lots + Σ kilos in sales not voided
    shipped ≤ entered, always; a step that would break it is refused.

A ticket gives at most its payable kilos (net less the humidity discount, in
the ticket's own form), over every lot. A transformation takes kilos of an
earlier lot and makes kilos of this one at the conversion factor stock uses
(``quality_standards``: baba → grano seco, cereza → pergamino, fruto → pulpa);
a blend of the same product is at 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.prices import standards_by_product
from coopdesk.core.screenings import flagged_problem
from coopdesk.db.models import (DdsReference, Delivery, Lot, LotSource, LotTicket, Member, Plot, Product, Sale,
                                SaleLot)
from coopdesk.domain import eudr, limits, roles
from coopdesk.domain.catalog import LABELS
from coopdesk.domain.lots import check_code, check_kg, check_lot_date, factor_millionths, made
from coopdesk.domain.problems import Text
from coopdesk.domain.quantities import from_grams, to_grams
from coopdesk.domain.rules import parse_ticket
from coopdesk.domain.sales import stocked_form
from coopdesk.domain.names import list_name

if TYPE_CHECKING:
    from coopdesk.core.book import Book

ONE = Decimal(1)
ZERO_KG = Decimal("0.000")


@dataclass(frozen=True)
class LotRow:
    id: int
    code: str
    product_code: str
    product_name: str
    certification: str
    date: date
    note: str
    entered: Decimal
    shipped: Decimal
    eu_market: bool = False     # for the EU market: flagged plots enter only with an override (0021)

    @property
    def available(self) -> Decimal:
        return self.entered - self.shipped


@dataclass(frozen=True)
class TicketLine:
    """A ticket's kilos in a lot, with who delivered it and from which plot."""

    lot_code: str
    ticket: str
    date: date
    product_code: str
    member_code: str
    member_name: str
    plot_id: int | None
    plot_name: str
    kg: Decimal            # in the ticket's form
    equivalent: Decimal    # in the reference form (grano seco, pergamino), as the ticket converts them


@dataclass(frozen=True)
class Candidate:
    """A ticket that may still go into a lot: same product and certification,
    not voided, dated on or before the lot, with payable kilos not yet in lots."""

    ticket: str
    date: date
    member_code: str
    member_name: str
    plot_name: str
    left: Decimal          # payable kilos not yet in any lot


@dataclass(frozen=True)
class SourceLine:
    lot_code: str        # the lot that received
    from_code: str       # the earlier lot
    taken: Decimal       # kilos of the earlier lot's product
    factor: Decimal
    made: Decimal        # kilos of this lot's product


@dataclass(frozen=True)
class SaleLine:
    sale_id: int
    date: date
    buyer: str
    lot_code: str
    kg: Decimal
    voided: bool


@dataclass(frozen=True)
class PlotLine:
    """A plot that contributed, with the kilos its tickets put in the traced lots
    (each ticket in its own form)."""

    plot_id: int
    name: str
    member_code: str
    member_name: str
    hectares: Decimal               # declared
    area_m2: int | None             # measured (a polygon)
    geometry_kind: str | None       # Point, Polygon, or None (not mapped)
    kg: Decimal                     # kilos of the reference form (the tickets' equivalent)


@dataclass(frozen=True)
class MemberLine:
    code: str
    name: str
    kg: Decimal            # kilos of the reference form
    plots: int


@dataclass(frozen=True)
class LotDetail:
    lot: LotRow
    tickets: list[TicketLine]
    sources: list[SourceLine]       # what entered from earlier lots
    outputs: list[SourceLine]       # what later lots took
    sales: list[SaleLine]


@dataclass(frozen=True)
class Trace:
    """A lot or a sale traced back: every lot upstream, every ticket in them, and
    the plots and members those tickets came from."""

    lots: list[LotRow]
    sources: list[SourceLine]
    tickets: list[TicketLine]
    plots: list[PlotLine]
    members: list[MemberLine]
    unplotted: list[TicketLine]     # tickets that name no plot
    sale: "SaleInfo | None" = None


@dataclass(frozen=True)
class SaleInfo:
    id: int
    date: date
    buyer: str
    contract: str
    invoice: str
    product_code: str
    product_name: str
    certification: str
    kg: Decimal
    lots: list[SaleLine] = field(default_factory=list)


@dataclass(frozen=True)
class Forward:
    """Where a ticket went: the lots that hold its kilos, the lots made from
    them, and the sales that carried any of those."""

    ticket: str
    lots: list[TicketLine]
    later: list[SourceLine]
    sales: list[SaleLine]


@dataclass(frozen=True)
class ReferenceRow:
    id: int
    sale_id: int
    reference: str
    verification: str
    note: str
    recorded_by: str
    recorded_at: object


@dataclass(frozen=True)
class GeoFiles:
    texts: list[str]
    plots: int
    holes: int


def _g(expr):
    return type_coerce(func.coalesce(func.sum(expr), 0), BigInteger)


def _equivalent(kg: Decimal, payable: Decimal, equivalent: Decimal) -> Decimal:
    """A ticket's kilos in a lot in the reference form, at the ticket's own
    conversion (its equivalent over its payable kilos), down to the gram."""
    if payable == equivalent or not payable:
        return kg
    return from_grams(to_grams(kg) * to_grams(equivalent) // to_grams(payable))


def _name(member: Member) -> str:
    return list_name(member.first_names, member.last_names)


class Lots:
    def __init__(self, book: "Book"):
        self._book = book

    # -- balances ---------------------------------------------------------------

    @staticmethod
    def _entered_g(session, lot_id: int) -> int:
        t, s = LotTicket.__table__.c, LotSource.__table__.c
        return int(session.scalar(select(_g(t.kg_g)).where(t.lot_id == lot_id))) + int(
            session.scalar(select(_g(s.made_g)).where(s.lot_id == lot_id)))

    @staticmethod
    def _shipped_g(session, lot_id: int) -> int:
        s, sl, sale = LotSource.__table__.c, SaleLot.__table__.c, Sale.__table__.c
        return int(session.scalar(select(_g(s.taken_g)).where(s.from_lot_id == lot_id))) + int(session.scalar(
            select(_g(sl.kg_g)).join_from(SaleLot.__table__, Sale.__table__, sl.sale_id == sale.id)
            .where(sl.lot_id == lot_id, sale.voided_at.is_(None))))

    def _row(self, session, lot: Lot, product: Product) -> LotRow:
        return LotRow(lot.id, lot.code, product.code, product.name, lot.certification, lot.date, lot.note,
                      from_grams(self._entered_g(session, lot.id)), from_grams(self._shipped_g(session, lot.id)),
                      bool(lot.eu_market))

    def _lot(self, session, code: str) -> Lot:
        lot = session.scalars(select(Lot).where(func.upper(Lot.code) == (code or "").strip().upper())).first()
        if lot is None:
            raise NotFound(N_("No existe el lote %(code)s."), code=(code or "").strip())
        return lot

    def _sale(self, session, sale_id: int) -> Sale:
        sale = session.get(Sale, sale_id)
        if sale is None:
            raise NotFound(N_("No existe la venta %(id)s."), id=sale_id)
        return sale

    # -- building lots --------------------------------------------------------------

    def create(self, code: str, product_code: str, certification: str, day: date | None, note: str = "",
               eu_market: bool = False) -> int:
        """A lot; ``eu_market``: for the EU market, where a plot flagged by its
        deforestation screening enters only with an override (docs/traceability.md)."""
        problems = check_code(code) + check_lot_date(day, self._book.clock.today())
        if certification not in ("organico", "transicion", "convencional"):
            problems.append(Problem("certification", N_("Elija la certificación del lote: organico, transicion o "
                                                        "convencional.")))
        if len((note or "").strip()) > limits.DESCRIPTION:
            problems.append(Problem("note", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                    {"limit": limits.DESCRIPTION}))
        with self._book.write(roles.RECORD_DELIVERY) as session:
            product = session.scalars(select(Product).where(Product.code == (product_code or "").strip().upper())
                                      ).first()
            if product is None:
                problems.append(Problem("product_code", N_("No existe el producto %(code)s."),
                                        {"code": product_code}))
            if not problems and session.scalar(select(Lot.id).where(
                    func.upper(Lot.code) == code.strip().upper())) is not None:
                problems.append(Problem("code", N_("Ya existe el lote %(code)s."), {"code": code.strip()}))
            if problems:
                raise InvalidInput(problems)
            lot = Lot(code=code.strip(), product_id=product.id, certification=certification, date=day,
                      note=(note or "").strip(), created_at=self._book.clock.now(), created_by=self._book.user or "",
                      eu_market=bool(eu_market))
            session.add(lot)
            session.flush()
            return lot.id

    def add_ticket(self, lot_code: str, ticket: str, kg: Decimal | None = None) -> Decimal:
        """Put kilos of a ticket in a lot (None: all the ticket has left); the kilos put."""
        return self.add_tickets(lot_code, [(ticket, kg)])

    def add_tickets(self, lot_code: str, tickets: list[tuple[str, Decimal | None]]) -> Decimal:
        """Put several tickets in a lot in one step (each ``(ticket, kg)``, None: all
        it has left): all go in, or, with any problem, none does and every problem
        is said at once. The kilos put."""
        problems = []
        for ticket, kg in tickets:
            problems += check_kg(kg)
            if parse_ticket(ticket or "") is None:
                problems.append(Problem("ticket", N_("Escriba el ticket como serie-número, por ejemplo 001-000123.")))
        if not tickets:
            problems.append(Problem("ticket", N_("Elija al menos un ticket para el lote.")))
        if problems:
            raise InvalidInput(problems)
        with self._book.write(roles.RECORD_DELIVERY) as session:
            lot = self._lot(session, lot_code)
            put, problems = ZERO_KG, []
            for ticket, kg in tickets:
                try:
                    put += self._put_ticket(session, lot, parse_ticket(ticket), kg)
                except InvalidInput as exc:
                    problems += exc.problems
            if problems:
                raise InvalidInput(problems)
            return put

    def _put_ticket(self, session, lot: Lot, parsed, kg: Decimal | None) -> Decimal:
        """One ticket into ``lot`` in the open transaction: InvalidInput with its problems."""
        problems: list[Problem] = []
        delivery = session.scalars(select(Delivery).where(Delivery.series == parsed.series,
                                                          Delivery.number == parsed.number)).first()
        if delivery is None:
            raise InvalidInput([Problem("ticket", N_("No existe el ticket %(ticket)s."), {"ticket": str(parsed)})])
        params = {"ticket": str(parsed), "lot": lot.code}
        if delivery.voided_at is not None:
            problems.append(Problem("ticket", N_("El ticket %(ticket)s está anulado: no entra en un lote."),
                                    params))
        if delivery.product_id != lot.product_id:
            lot_product, ticket_product = session.get(Product, lot.product_id), session.get(Product,
                                                                                             delivery.product_id)
            problems.append(Problem("ticket", N_(
                "El ticket %(ticket)s es de %(ticket_product)s y el lote %(lot)s de %(lot_product)s: un lote "
                "guarda un solo producto; para pasar de una forma a otra, haga un lote de la otra forma con "
                "este lote como origen."), {**params, "ticket_product": ticket_product.name,
                                            "lot_product": lot_product.name}))
        if delivery.certification != lot.certification:
            problems.append(Problem("ticket", N_(
                "El ticket %(ticket)s es %(ticket_cert)s y el lote %(lot)s %(lot_cert)s: no se mezclan."),
                {**params, "ticket_cert": Text(LABELS[delivery.certification]),
                 "lot_cert": Text(LABELS[lot.certification])}))
        if delivery.date > lot.date:
            problems.append(Problem("ticket", N_(
                "El ticket %(ticket)s es del %(ticket_date)s, después de la fecha del lote %(lot)s "
                "(%(lot_date)s)."), {**params, "ticket_date": delivery.date, "lot_date": lot.date}))
        if lot.eu_market and delivery.plot_id is not None:
            problems += [flagged_problem(status, lot.code, str(parsed))
                         for status in self._book.screenings.flagged(session, [delivery.plot_id])]
        if problems:
            raise InvalidInput(problems)
        t = LotTicket.__table__.c
        used = int(session.scalar(select(_g(t.kg_g)).where(t.delivery_id == delivery.id)))
        left = to_grams(delivery.payable_kg) - used
        wanted = to_grams(kg) if kg is not None else left
        if kg is None and left <= 0:
            raise InvalidInput([Problem("kg", N_(
                "El ticket %(ticket)s ya puso en lotes todos sus %(payable)s kg pagables."),
                {**params, "payable": delivery.payable_kg})])
        if wanted > left or wanted <= 0:
            raise InvalidInput([Problem("kg", N_(
                "El ticket %(ticket)s tiene %(payable)s kg pagables y ya puso %(used)s kg en lotes: le quedan "
                "%(left)s kg, no %(kg)s kg."), {**params, "payable": delivery.payable_kg,
                                                "used": from_grams(used), "left": from_grams(max(left, 0)),
                                                "kg": from_grams(max(wanted, 0))})])
        session.add(LotTicket(lot_id=lot.id, delivery_id=delivery.id, kg=from_grams(wanted),
                              created_at=self._book.clock.now(), created_by=self._book.user or ""))
        return from_grams(wanted)

    def _factor(self, session, source: Product, target: Product, day: date) -> Decimal | None:
        """Kilos of ``target`` one kilo of ``source`` makes: 1 for the same product;
        the raw form's conversion (stock's) into the form it is kept as; else None."""
        if source.id == target.id:
            return ONE
        if source.crop != target.crop or stocked_form(source.form) != target.form or source.form == target.form:
            return None
        versions = [s for valid_from, s in standards_by_product(session).get(source.id, []) if valid_from <= day]
        return versions[-1].conversion if versions else ONE

    def add_from_lot(self, lot_code: str, from_code: str, kg: Decimal | None = None) -> Decimal:
        """Take kilos of an earlier lot into this one (None: all it has left); the
        kilos they make here (× the conversion factor, down to the gram)."""
        problems = check_kg(kg)
        if problems:
            raise InvalidInput(problems)
        with self._book.write(roles.RECORD_DELIVERY) as session:
            lot, source = self._lot(session, lot_code), self._lot(session, from_code)
            product, source_product = session.get(Product, lot.product_id), session.get(Product, source.product_id)
            params = {"lot": lot.code, "source": source.code}
            if source.id >= lot.id:
                problems.append(Problem("source", N_(
                    "El lote %(lot)s solo puede recibir de un lote creado antes que él; %(source)s no lo es.")
                    if source.id > lot.id else N_("Un lote no puede recibir de sí mismo (%(lot)s)."), params))
            if source.certification != lot.certification:
                problems.append(Problem("source", N_(
                    "El lote %(source)s es %(source_cert)s y el lote %(lot)s %(lot_cert)s: no se mezclan."),
                    {**params, "source_cert": Text(LABELS[source.certification]),
                     "lot_cert": Text(LABELS[lot.certification])}))
            if source.date > lot.date:
                problems.append(Problem("source", N_("El lote %(source)s es del %(source_date)s, después del lote "
                                                     "%(lot)s (%(lot_date)s)."),
                                        {**params, "source_date": source.date, "lot_date": lot.date}))
            factor = self._factor(session, source_product, product, lot.date)
            if factor is None:
                problems.append(Problem("source", N_(
                    "No hay factor de conversión de %(from)s a %(to)s: un lote pasa de una forma a la forma en que se "
                    "guarda (baba a grano seco, cereza a pergamino, fruto a pulpa) o se junta con lotes del mismo "
                    "producto."), {"from": source_product.name, "to": product.name}))
            if lot.eu_market and not problems:
                upstream = self._upstream(session, [source.id])
                plot_ids = {t.plot_id for t in self._tickets(session, upstream)}
                problems += [flagged_problem(status, lot.code)
                             for status in self._book.screenings.flagged(session, plot_ids)]
            if problems:
                raise InvalidInput(problems)
            left = self._entered_g(session, source.id) - self._shipped_g(session, source.id)
            wanted = to_grams(kg) if kg is not None else left
            if kg is None and left <= 0:
                raise InvalidInput([Problem("kg", N_("Balance de masa: el lote %(source)s ya despachó todo lo que "
                                                     "recibió (%(entered)s kg)."),
                                            {**params, "entered": from_grams(self._entered_g(session, source.id))})])
            if wanted > left or wanted <= 0:
                raise InvalidInput([Problem("kg", N_(
                    "Balance de masa: el lote %(source)s recibió %(entered)s kg y ya despachó %(shipped)s kg; le "
                    "quedan %(left)s kg, no %(kg)s kg."), {
                        **params, "entered": from_grams(self._entered_g(session, source.id)),
                        "shipped": from_grams(self._shipped_g(session, source.id)),
                        "left": from_grams(max(left, 0)), "kg": from_grams(max(wanted, 0))})])
            taken = from_grams(wanted)
            made_kg = made(taken, factor)
            session.add(LotSource(lot_id=lot.id, from_lot_id=source.id, taken=taken,
                                  factor_e6=factor_millionths(factor), made=made_kg,
                                  created_at=self._book.clock.now(), created_by=self._book.user or ""))
            return made_kg

    def attach(self, sale_id: int, lot_code: str, kg: Decimal | None = None) -> Decimal:
        """Kilos of a lot that make up a sale (None: as much as the sale still lacks
        and the lot has); the kilos attached."""
        problems = check_kg(kg)
        if problems:
            raise InvalidInput(problems)
        with self._book.write(roles.RECORD_SALE) as session:
            return self.attach_in(session, self._sale(session, sale_id), lot_code, kg)

    def attach_in(self, session, sale: Sale, lot_code: str, kg: Decimal | None) -> Decimal:
        """``attach`` inside the caller's write transaction (``Sales.record`` with its lots)."""
        problems = check_kg(kg)
        if problems:
            raise InvalidInput(problems)
        lot = self._lot(session, lot_code)
        params = {"sale": sale.id, "lot": lot.code}
        if sale.voided_at is not None:
            problems.append(Problem("sale", N_("La venta %(sale)s está anulada."), params))
        if sale.product_id != lot.product_id:
            problems.append(Problem("lot", N_(
                "La venta %(sale)s es de %(sale_product)s y el lote %(lot)s de %(lot_product)s."),
                {**params, "sale_product": session.get(Product, sale.product_id).name,
                 "lot_product": session.get(Product, lot.product_id).name}))
        if sale.certification != lot.certification:
            problems.append(Problem("lot", N_(
                "La venta %(sale)s es %(sale_cert)s y el lote %(lot)s %(lot_cert)s: no se mezclan."),
                {**params, "sale_cert": Text(LABELS[sale.certification]),
                 "lot_cert": Text(LABELS[lot.certification])}))
        if lot.date > sale.date:
            problems.append(Problem("lot", N_("El lote %(lot)s es del %(lot_date)s, después de la venta "
                                              "%(sale)s (%(sale_date)s)."),
                                    {**params, "lot_date": lot.date, "sale_date": sale.date}))
        if problems:
            raise InvalidInput(problems)
        sl = SaleLot.__table__.c
        filled = int(session.scalar(select(_g(sl.kg_g)).where(sl.sale_id == sale.id)))
        lacking = to_grams(sale.kg) - filled
        left = self._entered_g(session, lot.id) - self._shipped_g(session, lot.id)
        wanted = to_grams(kg) if kg is not None else min(lacking, left)
        if kg is None and lacking > 0 and left <= 0:
            raise InvalidInput([Problem("kg", N_("Balance de masa: el lote %(lot)s ya despachó todo lo que "
                                                 "recibió (%(entered)s kg)."),
                                        {**params, "entered": from_grams(self._entered_g(session, lot.id))})])
        if wanted > lacking or wanted <= 0 and lacking <= 0:
            raise InvalidInput([Problem("kg", N_(
                "La venta %(sale)s es de %(kg)s kg y ya tiene %(filled)s kg de lotes: le faltan %(lacking)s kg, "
                "no %(wanted)s kg."), {**params, "kg": from_grams(to_grams(sale.kg)), "filled": from_grams(filled),
                                       "lacking": from_grams(max(lacking, 0)),
                                       "wanted": from_grams(max(wanted, 0))})])
        if wanted > left or wanted <= 0:
            raise InvalidInput([Problem("kg", N_(
                "Balance de masa: el lote %(lot)s recibió %(entered)s kg y ya despachó %(shipped)s kg; le quedan "
                "%(left)s kg, no %(kg)s kg."), {
                    **params, "entered": from_grams(self._entered_g(session, lot.id)),
                    "shipped": from_grams(self._shipped_g(session, lot.id)), "left": from_grams(max(left, 0)),
                    "kg": from_grams(max(wanted, 0))})])
        session.add(SaleLot(sale_id=sale.id, lot_id=lot.id, kg=from_grams(wanted),
                            created_at=self._book.clock.now(), created_by=self._book.user or ""))
        return from_grams(wanted)

    # -- reading ----------------------------------------------------------------------

    def list(self) -> list[LotRow]:
        with self._book.read() as session:
            return [self._row(session, lot, product) for lot, product in session.execute(
                select(Lot, Product).join(Product, Product.id == Lot.product_id).order_by(Lot.date, Lot.id))]

    def candidates(self, lot_code: str, limit: int = 2000) -> list[Candidate]:
        """The tickets that may still go into the lot (same product and
        certification, not voided, dated on or before it, payable kilos left),
        the most recent first, at most ``limit``."""
        with self._book.read() as session:
            lot = self._lot(session, lot_code)
            d, t = Delivery.__table__.c, LotTicket.__table__.c
            used = (select(t.delivery_id, _g(t.kg_g).label("used_g")).group_by(t.delivery_id).subquery())
            left = d.payable_g - func.coalesce(used.c.used_g, 0)
            query = (select(d.series, d.number, d.date, Member.code, Member.first_names, Member.last_names, Plot.name,
                            type_coerce(left, BigInteger))
                     .select_from(Delivery.__table__)
                     .join(Member, Member.id == d.member_id).outerjoin(Plot, Plot.id == d.plot_id)
                     .outerjoin(used, used.c.delivery_id == d.id)
                     .where(d.product_id == lot.product_id, d.certification == lot.certification,
                            d.voided_at.is_(None), d.date <= lot.date, left > 0)
                     .order_by(d.date.desc(), d.id.desc()).limit(limit))
            return [Candidate(f"{series}-{number:06d}", day, code, list_name(first, last), plot or "",
                              from_grams(grams))
                    for series, number, day, code, first, last, plot, grams in session.execute(query)]

    def _tickets(self, session, lot_ids) -> list[TicketLine]:
        query = (select(Lot.code, Delivery.series, Delivery.number, Delivery.date, Product.code, Member.code,
                        Member.first_names, Member.last_names, Plot.id, Plot.name, LotTicket.kg, Delivery.payable_kg,
                        Delivery.equivalent_kg)
                 .join(Lot, Lot.id == LotTicket.lot_id).join(Delivery, Delivery.id == LotTicket.delivery_id)
                 .join(Product, Product.id == Delivery.product_id).join(Member, Member.id == Delivery.member_id)
                 .outerjoin(Plot, Plot.id == Delivery.plot_id)
                 .where(LotTicket.lot_id.in_(lot_ids)).order_by(Lot.id, Delivery.date, Delivery.id, LotTicket.id))
        return [TicketLine(code, f"{series}-{number:06d}", day, product, member, list_name(first, last), plot_id,
                           plot_name or "", kg, _equivalent(kg, payable, equivalent))
                for code, series, number, day, product, member, first, last, plot_id, plot_name, kg, payable, equivalent
                in session.execute(query)]

    def _sources(self, session, where) -> list[SourceLine]:
        target, origin = Lot.__table__.alias("target"), Lot.__table__.alias("origin")
        query = (select(target.c.code, origin.c.code, LotSource.taken, LotSource.factor_e6, LotSource.made)
                 .join(target, target.c.id == LotSource.lot_id).join(origin, origin.c.id == LotSource.from_lot_id)
                 .where(where).order_by(LotSource.id))
        return [SourceLine(a, b, taken, Decimal(f).scaleb(-6).normalize(), m)
                for a, b, taken, f, m in session.execute(query)]

    def _sale_lines(self, session, where) -> list[SaleLine]:
        query = (select(Sale, Lot.code, SaleLot.kg).join(SaleLot, SaleLot.sale_id == Sale.id)
                 .join(Lot, Lot.id == SaleLot.lot_id).where(where).order_by(Sale.date, Sale.id, SaleLot.id))
        return [SaleLine(s.id, s.date, s.buyer, code, kg, s.voided_at is not None)
                for s, code, kg in session.execute(query)]

    def show(self, code: str) -> LotDetail:
        with self._book.read() as session:
            lot = self._lot(session, code)
            return LotDetail(self._row(session, lot, session.get(Product, lot.product_id)),
                             self._tickets(session, [lot.id]), self._sources(session, LotSource.lot_id == lot.id),
                             self._sources(session, LotSource.from_lot_id == lot.id),
                             self._sale_lines(session, SaleLot.lot_id == lot.id))

    def _upstream(self, session, lot_ids: list[int]) -> list[int]:
        seen, todo = set(lot_ids), list(lot_ids)
        while todo:
            found = set(session.scalars(select(LotSource.from_lot_id).where(LotSource.lot_id.in_(todo)))) - seen
            seen |= found
            todo = list(found)
        return sorted(seen)

    def _trace(self, session, lot_ids: list[int], sale: SaleInfo | None = None) -> Trace:
        ids = self._upstream(session, lot_ids)
        lots = [self._row(session, lot, product) for lot, product in session.execute(
            select(Lot, Product).join(Product, Product.id == Lot.product_id).where(Lot.id.in_(ids))
            .order_by(Lot.id))]
        tickets = self._tickets(session, ids)
        grams: dict[int, int] = {}
        for t in tickets:
            if t.plot_id is not None:
                grams[t.plot_id] = grams.get(t.plot_id, 0) + to_grams(t.equivalent)
        plots = []
        query = (select(Plot.id, Plot.name, Member.code, Member.first_names, Member.last_names, Plot.hectares,
                        Plot.area_m2, Plot.geometry.is_(None), Plot.geometry.like('%"Point"%'))
                 .join(Member, Member.id == Plot.member_id).order_by(Member.code, Plot.id))
        for chunk in range(0, len(grams), 900):   # SQLite's bound parameters
            ids = list(grams)[chunk:chunk + 900]
            for plot_id, name, code, first, last, hectares, area, unmapped, point in session.execute(
                    query.where(Plot.id.in_(ids))):
                kind = None if unmapped else "Point" if point else "Polygon"
                plots.append(PlotLine(plot_id, name, code, list_name(first, last), hectares, area, kind,
                                      from_grams(grams[plot_id])))
        plots.sort(key=lambda p: (p.member_code, p.plot_id))
        by_member: dict[str, list] = {}
        for t in tickets:
            entry = by_member.setdefault(t.member_code, [t.member_name, 0, set()])
            entry[1] += to_grams(t.equivalent)
            if t.plot_id is not None:
                entry[2].add(t.plot_id)
        members = [MemberLine(code, name, from_grams(g), len(p)) for code, (name, g, p) in sorted(by_member.items())]
        return Trace(lots, self._sources(session, LotSource.lot_id.in_(ids)), tickets, plots, members,
                     [t for t in tickets if t.plot_id is None], sale)

    def trace_lot(self, code: str) -> Trace:
        with self._book.read() as session:
            return self._trace(session, [self._lot(session, code).id])

    def _sale_info(self, session, sale: Sale) -> SaleInfo:
        product = session.get(Product, sale.product_id)
        return SaleInfo(sale.id, sale.date, sale.buyer, sale.contract, sale.invoice, product.code, product.name,
                        sale.certification, sale.kg, self._sale_lines(session, SaleLot.sale_id == sale.id))

    def trace_sale(self, sale_id: int) -> Trace:
        with self._book.read() as session:
            sale = self._sale(session, sale_id)
            ids = list(session.scalars(select(SaleLot.lot_id).where(SaleLot.sale_id == sale.id).distinct()))
            return self._trace(session, ids, self._sale_info(session, sale))

    def forward(self, ticket: str) -> Forward:
        """Where a ticket's kilos went: its lots, the lots made from them, the sales."""
        parsed = parse_ticket(ticket or "")
        if parsed is None:
            raise InvalidInput([Problem("ticket", N_("Escriba el ticket como serie-número, por ejemplo "
                                                     "001-000123."))])
        with self._book.read() as session:
            delivery = session.scalars(select(Delivery).where(Delivery.series == parsed.series,
                                                              Delivery.number == parsed.number)).first()
            if delivery is None:
                raise NotFound(N_("No existe el ticket %(ticket)s."), ticket=str(parsed))
            direct = sorted(set(session.scalars(select(LotTicket.lot_id).where(LotTicket.delivery_id == delivery.id))))
            seen, todo = set(direct), list(direct)
            while todo:
                found = set(session.scalars(select(LotSource.lot_id).where(LotSource.from_lot_id.in_(todo)))) - seen
                seen |= found
                todo = list(found)
            lines = [t for t in self._tickets(session, direct) if t.ticket == str(parsed)]
            return Forward(str(parsed), lines, self._sources(session, LotSource.from_lot_id.in_(seen)),
                           self._sale_lines(session, SaleLot.lot_id.in_(seen)))

    # -- the file for the buyer ----------------------------------------------------------

    def _traced(self, lot_code: str | None, sale_id: int | None) -> Trace:
        if (lot_code is None) == (sale_id is None):
            raise InvalidInput([Problem("lot", N_("Diga un lote o una venta (no los dos)."))])
        trace = self.trace_lot(lot_code) if lot_code is not None else self.trace_sale(sale_id)
        if not trace.lots:
            raise InvalidInput([Problem("sale", N_("La venta %(id)s no tiene lotes: adjunte sus lotes antes."),
                                        {"id": sale_id})])
        return trace

    def geojson(self, lot_code: str | None = None, sale_id: int | None = None, names: bool = False,
                limit: int = eudr.FILE_LIMIT_BYTES) -> GeoFiles:
        """The EU information system's GeoJSON of every plot that contributed, in as
        many files as the size limit needs. Refused when a contributing ticket names
        no plot or a plot has no location: the buyer could not file the statement.
        Only what the lot needs of the members (Ley 29733): their code as
        ProducerName, unless ``names`` (the member's name, when the buyer needs it
        and the member agreed)."""
        trace = self._traced(lot_code, sale_id)
        problems = [Problem("ticket", N_("El ticket %(ticket)s de %(name)s (%(code)s) en el lote %(lot)s no dice de "
                                         "qué parcela viene."),
                            {"ticket": t.ticket, "name": t.member_name, "code": t.member_code, "lot": t.lot_code})
                    for t in trace.unplotted]
        problems += [Problem("plot", N_("La parcela «%(plot)s» (n.° %(id)s) de %(name)s (%(code)s) no tiene "
                                        "ubicación: mapéela e impórtela antes."),
                             {"plot": p.name, "id": p.plot_id, "name": p.member_name, "code": p.member_code})
                     for p in trace.plots if p.geometry_kind is None]
        with self._book.read() as session:
            problems += [flagged_problem(status, trace.lots[-1].code if lot_code is not None else "", sale=sale_id)
                         for status in self._book.screenings.flagged(session, [p.plot_id for p in trace.plots])]
        if problems:
            raise InvalidInput(problems)
        wanted = [p.plot_id for p in trace.plots]
        geometries: dict[int, str] = {}
        with self._book.read() as session:
            for chunk in range(0, len(wanted), 900):   # SQLite's bound parameters
                geometries.update(session.execute(select(Plot.id, Plot.geometry).where(
                    Plot.id.in_(wanted[chunk:chunk + 900]))).all())
        places = [eudr.Place(p.member_name if names else p.member_code, f"{p.member_code}-P{p.plot_id}",
                             geometries[p.plot_id], p.hectares) for p in trace.plots]
        texts, holes, problems = eudr.collections(places, limit)
        if problems:
            raise InvalidInput(problems)
        return GeoFiles(texts, len(places), holes)

    def declaration(self, lot_code: str | None = None, sale_id: int | None = None) -> Trace:
        """What the «Declaración de trazabilidad del lote» prints: the trace."""
        return self._traced(lot_code, sale_id)

    # -- the buyer's references -------------------------------------------------------------

    def record_reference(self, sale_id: int, reference: str, verification: str = "", note: str = "") -> int:
        reference, verification, note = (reference or "").strip(), (verification or "").strip(), (note or "").strip()
        problems = []
        if not reference:
            problems.append(Problem("reference", N_("Escriba el número de referencia de la declaración de debida "
                                                    "diligencia que le dio el comprador.")))
        for name, value, limit in (("reference", reference, limits.REFERENCE),
                                   ("verification", verification, limits.REFERENCE),
                                   ("note", note, limits.DESCRIPTION)):
            if len(value) > limit:
                problems.append(Problem(name, N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                        {"limit": limit}))
        with self._book.write(roles.RECORD_SALE) as session:
            sale = self._sale(session, sale_id)
            if reference and session.scalar(select(DdsReference.id).where(
                    DdsReference.sale_id == sale.id, DdsReference.reference == reference)) is not None:
                problems.append(Problem("reference", N_("La venta %(sale)s ya tiene la referencia %(reference)s."),
                                        {"sale": sale.id, "reference": reference}))
            if problems:
                raise InvalidInput(problems)
            row = DdsReference(sale_id=sale.id, reference=reference, verification=verification, note=note,
                               recorded_at=self._book.clock.now(), recorded_by=self._book.user or "")
            session.add(row)
            session.flush()
            return row.id

    def references(self, sale_id: int | None = None) -> list[ReferenceRow]:
        with self._book.read() as session:
            query = select(DdsReference).order_by(DdsReference.sale_id, DdsReference.id)
            if sale_id is not None:
                query = query.where(DdsReference.sale_id == self._sale(session, sale_id).id)
            return [ReferenceRow(r.id, r.sale_id, r.reference, r.verification, r.note, r.recorded_by, r.recorded_at)
                    for r in session.scalars(query)]
