"""Deliveries (acopio): record an intake ticket, find and page through them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select, tuple_

from coopdesk.core import plots, postings
from coopdesk.core.dto import Changes, DeliveryRow
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.members import matching, same_code
from coopdesk.core.withholding import TicketWithholding
from coopdesk.db.models import Campaign, CollectionPoint, Delivery, Lot, LotTicket, Member, Plot, Product
from coopdesk.domain.catalog import LABELS, MemberStatus
from coopdesk.domain.money import ZERO, Soles
from coopdesk.domain.problems import Text
from coopdesk.domain.quality import Measures, QualityStandard, Quote
from coopdesk.domain.withholding import withholding_rule
from coopdesk.domain.rules import DeliveryInput, Ticket, check_delivery, net_weight, parse_ticket
from coopdesk.domain import roles
from coopdesk.domain.names import letter_name, list_name

if TYPE_CHECKING:
    from coopdesk.core.book import Book

# Plain columns, not ORM entities: a page of rows is built straight into DTOs.
COLUMNS = (
    Delivery.id, Delivery.series, Delivery.number, Delivery.date, Campaign.code, Member.code, Member.first_names,
    Member.last_names, Product.code, Product.name, Product.crop, Delivery.sacks, Delivery.gross_kg,
    Delivery.tare_kg, Delivery.net_kg, Delivery.humidity_pct, Delivery.grade, Delivery.certification,
    Delivery.price, Delivery.price_unit, Delivery.amount, Delivery.voided_at, Delivery.void_reason,
    Delivery.payable_kg, Delivery.equivalent_kg, Delivery.certification_note, Member.dni, Delivery.yield_pct,
    Delivery.fermentation_pct, Delivery.defects, Delivery.cup_score, Delivery.plot_id, Plot.name, Delivery.withheld,
)


def _base_query():
    return (
        select(*COLUMNS)
        .join(Campaign, Delivery.campaign_id == Campaign.id)
        .join(Member, Delivery.member_id == Member.id)
        .join(Product, Delivery.product_id == Product.id)
        .outerjoin(Plot, Delivery.plot_id == Plot.id)
    )


def _row(r) -> DeliveryRow:
    (id_, series, number, day, campaign, member_code, first, last, product_code, product_name, crop, *rest,
     voided_at, void_reason, payable, equivalent, certification_note, dni, yield_pct, fermentation, defects, cup,
     plot_id, plot_name, withheld) = r
    return DeliveryRow(id_, str(Ticket(series, number)), day, campaign, member_code, list_name(first, last),
                       product_code, product_name, crop, *rest,
                       void_reason=void_reason if voided_at is not None else None, payable_kg=payable,
                       equivalent_kg=equivalent, certification_note=certification_note, member_dni=dni,
                       yield_pct=yield_pct, fermentation_pct=fermentation, defects=defects, cup_score=cup,
                       plot_id=plot_id, plot_name=plot_name or "", withheld=withheld or ZERO,
                       letter_name=letter_name(first, last))


# a ticket's figures are quoted (grade, price) only when the numbers behind them are sound
FIGURES = {"gross_kg", "tare_kg", "net_kg", "humidity_pct", "advance_price", "yield_pct", "fermentation_pct",
           "cup_score", "defects", "price_unit"}


@dataclass(frozen=True)
class _Figures:
    problems: list[Problem]
    member: Member | None
    product: Product | None
    ticket: Ticket | None
    certification: str
    point_id: int | None
    quote: Quote | None
    plot_id: int | None
    withholding: TicketWithholding


@dataclass(frozen=True)
class TicketPreview:
    """A ticket as ``record`` would store it (``Deliveries.preview``): the member it is for, its
    quote (grade, kilos paid, price, amount; None when the weights or measures cannot be read yet),
    what its payment withholds (None: no amount yet) and every problem that would refuse it."""

    member_code: str
    member_name: str
    member_status: str
    certification: str
    quote: Quote | None
    withholding: TicketWithholding | None
    problems: tuple[Problem, ...]

    @property
    def withheld(self) -> Decimal:
        return self.withholding.withheld if self.withholding is not None else ZERO

    @property
    def to_pay(self) -> Decimal | None:
        """What the member takes home: the amount less the withholding."""
        if self.quote is None or self.quote.amount is None:
            return None
        return self.quote.amount - self.withheld


def measures_of(data: DeliveryInput) -> Measures:
    return Measures(data.humidity_pct, data.yield_pct, data.fermentation_pct, data.defects, data.cup_score)


class Deliveries:
    def __init__(self, book: "Book"):
        self._book = book

    def record(self, data: DeliveryInput, campaign_code: str | None = None) -> Changes:
        """Record an intake ticket in the campaign (the current one by default).

        Every problem is reported at once; nothing is written if there is one.
        """
        campaign = self._book.campaigns.get(campaign_code)
        with self._book.write(roles.RECORD_DELIVERY) as session:
            f = self._figures(session, data, campaign)
            if f.problems:
                raise InvalidInput(f.problems)
            member, product, ticket, quote = f.member, f.product, f.ticket, f.quote
            delivery = Delivery(
                campaign_id=campaign.id, series=ticket.series, number=ticket.number, date=data.date,
                member_id=member.id, product_id=product.id, sacks=data.sacks, gross_kg=data.gross_kg,
                tare_kg=data.tare_kg, net_kg=quote.net_kg, humidity_pct=data.humidity_pct, grade=quote.grade,
                certification=f.certification, price=quote.price, price_unit=quote.unit, amount=quote.amount,
                withheld=f.withholding.withheld, created_at=self._book.clock.now(), yield_pct=data.yield_pct,
                fermentation_pct=data.fermentation_pct,
                defects=data.defects, cup_score=data.cup_score, payable_kg=quote.payable_kg,
                equivalent_kg=quote.equivalent_kg,
                price_entry_id=quote.pricing.entry.id if quote.pricing is not None else None,
                certification_note=data.certification_note.strip()
                if data.certification and data.certification != member.certification else "",
                collection_point_id=f.point_id, plot_id=f.plot_id,
            )
            session.add(delivery)
            session.flush()
            postings.post_delivery(self._book, session, delivery, member.code)
            return Changes(deliveries=(delivery.id,))

    def preview(self, data: DeliveryInput, campaign_code: str | None = None) -> TicketPreview:
        """What ``record`` would store for this ticket, and every problem it would refuse it for,
        without writing anything: the intake dialog shows it before saving (one computation:
        ``record`` stores these same figures)."""
        campaign = self._book.campaigns.get(campaign_code)
        with self._book.read() as session:
            f = self._figures(session, data, campaign)
            member = f.member
            return TicketPreview(
                member_code=member.code if member is not None else "",
                member_name=list_name(member.first_names, member.last_names) if member is not None else "",
                member_status=member.status if member is not None else "",
                certification=f.certification, quote=f.quote,
                withholding=f.withholding if f.quote is not None and f.quote.amount is not None else None,
                problems=tuple(f.problems))

    def _figures(self, session, data: DeliveryInput, campaign) -> _Figures:
        """A ticket's figures as it would be recorded, with every problem found (none: it can be)."""
        problems = check_delivery(data, campaign.start_date, campaign.end_date)
        member = session.scalars(select(Member).where(same_code(data.member_code))).first()
        if member is None:
            problems.append(
                Problem("member_code", N_("No existe el socio con código %(code)s."), {"code": data.member_code})
            )
        elif member.status != MemberStatus.ACTIVE:
            problems.append(
                Problem("member_code", N_("El socio %(code)s no está activo; no puede recibir entregas."),
                        {"code": member.code})
            )
        product = session.scalars(select(Product).where(Product.code == data.product_code)).first()
        if product is None:
            codes = ", ".join(session.scalars(select(Product.code).order_by(Product.id)))
            problems.append(Problem("product_code", N_("No existe el producto %(code)s. Los productos son: %(codes)s."),
                                    {"code": data.product_code, "codes": codes}))
        ticket = parse_ticket(data.ticket)
        if ticket is not None:
            taken = session.scalar(
                select(Delivery.id).where(Delivery.series == ticket.series, Delivery.number == ticket.number)
            )
            if taken:
                problems.append(
                    Problem("ticket", N_("El ticket %(ticket)s ya fue registrado."), {"ticket": str(ticket)})
                )
        certification = data.certification or (member.certification if member is not None else "")
        point_id = None
        if ticket is not None:
            points = dict(session.execute(select(CollectionPoint.series, CollectionPoint.id)).all())
            point_id = points.get(ticket.series)
            if points and point_id is None:
                problems.append(Problem("ticket", N_("La serie %(series)s no es de ningún centro de acopio; "
                                                     "las series son: %(list)s."),
                                        {"series": ticket.series, "list": ", ".join(sorted(points))}))
        if (member is not None and data.certification and data.certification != member.certification
                and not data.certification_note.strip()):
            problems.append(Problem("certification_note", N_(
                "La certificación del socio es %(member)s: diga por qué esta entrega es %(ticket)s."),
                {"member": Text(LABELS[member.certification]),
                 "ticket": Text(LABELS.get(data.certification, data.certification))}))
        quote = None
        if product is not None and not ({p.field for p in problems} & FIGURES):
            quote, found = self._book.prices.checked_quote(
                session, product, data.date, net_weight(data), measures_of(data), certification, data.grade,
                data.advance_price, data.price_unit, certification_known=bool(certification))
            problems += found
        plot_id = None
        if member is not None and product is not None:
            plot_id, found = plots.plot_of_ticket(session, member, product.crop, data.plot)
            problems += found
        if data.date is not None and not any(p.field == "date" for p in problems):
            problems += self._book.ledger.check_open(session, data.date)
        withholding = TicketWithholding(ZERO, withholding_rule(self._book.clock.today()), None, None)
        if member is not None and quote is not None and quote.amount is not None and not (
                {p.field for p in problems} & {"date", "member_code"}):
            # the Ley 31335 withholding on this payment, from the member's income before it
            try:
                withholding = self._book.withholding.ticket_withholding(session, member.id, data.date, quote.amount)
            except InvalidInput as exc:
                problems += exc.problems
        return _Figures(problems, member, product, ticket, certification, point_id, quote, plot_id, withholding)

    def void(self, ticket: str, reason: str) -> Changes:
        """Void an intake ticket: it keeps its number and figures, marked with the
        reason, and counts for nothing (statements, distributions). Never deleted."""
        problems = []
        parsed = parse_ticket(ticket or "")
        if parsed is None:
            problems.append(Problem("ticket", N_("Escriba el ticket como serie-número, por ejemplo 001-000123.")))
        if not (reason or "").strip():
            problems.append(Problem("reason", N_("Diga por qué se anula el ticket.")))
        if problems:
            raise InvalidInput(problems)
        with self._book.write(roles.VOID_DELIVERY) as session:
            delivery = session.scalars(select(Delivery).where(Delivery.series == parsed.series,
                                                              Delivery.number == parsed.number)).first()
            if delivery is None:
                raise NotFound(N_("No existe el ticket %(ticket)s."), ticket=str(parsed))
            if delivery.voided_at is not None:
                raise InvalidInput([Problem("ticket", N_("El ticket %(ticket)s ya estaba anulado: %(reason)s"),
                                            {"ticket": str(parsed), "reason": delivery.void_reason})])
            in_lot = session.scalar(select(Lot.code).join(LotTicket, LotTicket.lot_id == Lot.id)
                                    .where(LotTicket.delivery_id == delivery.id).order_by(Lot.id).limit(1))
            if in_lot is not None:
                raise InvalidInput([Problem("ticket", N_(
                    "El ticket %(ticket)s está en el lote %(lot)s: sus kilos ya son parte del balance de masa del "
                    "lote y de lo que despachó, y no se anula."), {"ticket": str(parsed), "lot": in_lot})])
            delivery.voided_at = self._book.clock.now()
            delivery.void_reason = reason.strip()[:200]
            delivery.voided_by = self._book.user
            postings.void_delivery(self._book, session, delivery, reason.strip(), self._book.user)
            return Changes(deliveries=(delivery.id,))

    def warnings(self, data: DeliveryInput, campaign_code: str | None = None) -> list[Problem]:
        """What the clerk should see before recording this ticket, never a refusal:
        the organic guard (over the plots' estimate) and a debt above the configured limit."""
        found: list[Problem] = []
        # the organic guard counts kilos of the reference form, as the ticket will be stored
        standard = self._book.prices.standard(data.product_code, data.date) or QualityStandard()
        equivalent = standard.equivalent_kg(standard.payable_kg(net_weight(data), data.humidity_pct))
        try:
            check = self._book.plots.organic_check(data.member_code, data.product_code, equivalent, campaign_code,
                                                   data.certification)
        except (InvalidInput, NotFound):
            return found  # an unknown member or product: recording says so
        if check is not None:
            found.append(check.warning())
        norm = self._book.plots.yield_check(data.member_code, data.product_code, data.plot, equivalent, campaign_code)
        if norm is not None:
            found.append(norm.warning())
        limit = self._book.settings.debt_limit
        if limit is not None:
            owed = self._book.accounts.balances(data.member_code, data.date).total_owed
            if owed > limit:
                found.append(Problem("member_code", N_(
                    "El socio %(code)s debe %(owed)s, más que el límite de %(limit)s que fijó la cooperativa."),
                    {"code": data.member_code, "owed": Soles(owed), "limit": Soles(limit)}))
        return found

    def get(self, delivery_id: int) -> DeliveryRow:
        with self._book.read() as session:
            found = session.execute(_base_query().where(Delivery.id == delivery_id)).first()
            if found is None:
                raise NotFound(N_("No existe la entrega %(id)s."), id=delivery_id)
            return _row(found)

    def next_ticket(self, series: str = "001") -> str:
        """The next free number of a ticket series, as the clerk would write it."""
        with self._book.read() as session:
            last = session.scalar(select(func.max(Delivery.number)).where(Delivery.series == series))
            return f"{series}-{(last or 0) + 1:06d}"

    def _filtered(self, query, search: _Search, member_code: str | None, campaign_code: str | None,
                  member_column=Delivery.member_id):
        if campaign_code:
            campaign_id = select(Campaign.id).where(Campaign.code == campaign_code).scalar_subquery()
            query = query.where(Delivery.campaign_id == campaign_id)
        if member_code:
            member_id = select(Member.id).where(same_code(member_code)).scalar_subquery()
            query = query.where(Delivery.member_id == member_id)
        if search.ticket is not None:
            query = query.where(Delivery.series == search.ticket.series, Delivery.number == search.ticket.number)
        elif search.members is not None:
            query = query.where(search.of_members(member_column))
        return query

    def page(
        self,
        text: str = "",
        after: DeliveryRow | None = None,
        limit: int = 200,
        member_code: str | None = None,
        campaign_code: str | None = None,
    ) -> list[DeliveryRow]:
        """Newest first. ``text`` is a ticket (001-000123) or words of a member's
        code, DNI or name; ``after`` continues from the last row shown."""
        # The page's ids first, from the deliveries' indexes alone, then only those
        # rows joined (ix member_id, date, id; ix date, id).
        newest_first = (Delivery.date.desc(), Delivery.id.desc())
        with self._book.read() as session:
            search = _search(session, text, read_members=True)
            if search.names_nobody:
                return []

            def ids(member_column=Delivery.member_id):
                query = self._filtered(select(Delivery.id), search, member_code, campaign_code, member_column)
                if after is not None:
                    query = query.where(tuple_(Delivery.date, Delivery.id) < tuple_(after.date, after.id))
                return query

            page = None
            book_members = search.spread(session) if member_code is None else None
            if book_members:
                # «member_id + 0»: not the members' index (which needs the sort), the dates'.
                page = _newest_in_window(session, ids(Delivery.member_id + 0), after, limit,
                                         WINDOW * limit * book_members // search.found)
            if page is None:
                page = session.scalars(ids().order_by(*newest_first).limit(limit)).all()
            if not page:
                return []
            query = _base_query().where(Delivery.id.in_(page)).order_by(*newest_first)
            return [_row(found) for found in session.execute(query)]

    def count(self, text: str = "", member_code: str | None = None, campaign_code: str | None = None) -> int:
        query = select(func.count(Delivery.id)).select_from(Delivery)
        with self._book.read() as session:
            # the members as a subquery: one pass over them inside the count, nothing sent back and forth
            return session.scalar(self._filtered(query, _search(session, text), member_code, campaign_code))


# At most this many members found by a search are counted for the page (a
# search naming more is as spread as can be).
LISTED = 10_000
# At most this many members found by a search are sent to the database as a
# list of ids; a search naming more is sent as the members' query itself, read
# again inside the page's query, cheaper than thousands of parameters.
FEW = 64
# A search whose members are many for the book's size (their number squared at
# least SPREAD times the members') is read newest first through the dates'
# index, skipping the others' tickets, rather than through each member's own
# tickets and a sort: «quispe» names 3,281 of 50,000 socios and 68,784 of
# 1,000,000 tickets, and its newest 200 are among the newest ~3,000 tickets,
# where sorting its 68,784 would read them all. Below that (a code, a rare
# name) each member's own tickets are few and cheaper to read.
SPREAD = 64
# The dates' index is read at most this many times the tickets that members
# spread like the average would need; past that, each member's own tickets.
WINDOW = 8


@dataclass(frozen=True)
class _Search:
    """What the search box asks for, read once: a ticket, or the members whose
    code, DNI or name hold its words (their ids, or their query when too many)."""

    ticket: Ticket | None = None
    members: object | None = None  # the members' SELECT of ids, when the text names members
    found: int | None = None  # how many members it names, when read (LISTED + 1: at least that many)
    member_ids: tuple[int, ...] | None = None  # their ids, when read and at most FEW

    @property
    def names_nobody(self) -> bool:
        return self.found == 0

    def of_members(self, column):
        """``column`` (a member id, or an expression of it) among the members found."""
        if self.member_ids is None:
            return column.in_(self.members)
        if len(self.member_ids) == 1:
            return column == self.member_ids[0]  # ix member_id, date, id yields the page in order
        return column.in_(self.member_ids)

    def spread(self, session) -> int | None:
        """The book's number of members when these are many enough among them to
        read the page newest first; None when not."""
        if self.members is None or self.found is None or self.found < SPREAD:
            return None
        book_members = _member_count(session)
        return max(book_members, 1) if self.found ** 2 >= SPREAD * book_members else None


def _member_count(session) -> int:
    """About how many members the book has: the highest id, one seek (members
    are retired, not deleted), where counting them reads an index of them all."""
    return session.scalar(select(func.max(Member.id))) or 0


def _search(session, text: str, read_members: bool = False) -> _Search:
    """``read_members``: find the members now (one pass over ix_members_search_key_id),
    to choose how to read the page; else they stay a subquery."""
    text = text.strip()
    if not text:
        return _Search()
    ticket = parse_ticket(text)
    if ticket is not None:
        return _Search(ticket=ticket)
    members = matching(select(Member.id), text)
    if not read_members:
        return _Search(members=members)
    ids = session.scalars(members.limit(LISTED + 1)).all()
    return _Search(members=members, found=len(ids), member_ids=tuple(ids) if len(ids) <= FEW else None)


def _newest_in_window(session, ids, after: DeliveryRow | None, limit: int, window: int) -> list[int] | None:
    """The page read newest first through ix_deliveries_date_id, within the
    ``window`` newest tickets (those that members spread like the average would
    fill WINDOW times over); None when it holds fewer than ``limit`` of them and
    older tickets remain (the caller then reads each member's own)."""
    newest_first = (Delivery.date.desc(), Delivery.id.desc())
    tickets = select(Delivery.date, Delivery.id)
    if after is not None:
        tickets = tickets.where(tuple_(Delivery.date, Delivery.id) < tuple_(after.date, after.id))
    floor = session.execute(tickets.order_by(*newest_first).offset(window).limit(1)).first()
    query = ids
    if floor is not None:
        query = query.where(tuple_(Delivery.date, Delivery.id) > tuple_(floor.date, floor.id))
    page = session.scalars(query.order_by(*newest_first).limit(limit)).all()
    if len(page) < limit and floor is not None:
        return None
    return page
