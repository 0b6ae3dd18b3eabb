"""Member statements (estado de cuenta del socio): the data to print.

Each statement issued gets the next correlative number, recorded in the
``documents`` table with the member, campaign and time, so a printed number can
always be traced back.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from sqlalchemy import select

from coopdesk.core.errors import BookError, N_
from coopdesk.core.documents import Subject
from coopdesk.db.models import Delivery, Member, Product, Zone
from coopdesk.domain.documents import DELIVERY_STATEMENT, digest
from coopdesk.domain.money import ZERO
from coopdesk.domain.rules import Ticket
from coopdesk.domain import roles
from coopdesk.domain.names import letter_name
from coopdesk.domain.statement import (
    CampaignInfo,
    CooperativeInfo,
    MemberInfo,
    MemberStatement,
    StatementLine,
)

if TYPE_CHECKING:
    from coopdesk.core.book import Book

KIND = DELIVERY_STATEMENT
Writer = Callable[[MemberStatement], None]
CHUNK = 500


class Statements:
    def __init__(self, book: "Book"):
        self._book = book

    def member_statement(self, member_code: str, campaign_code: str | None = None,
                         printed_on: date | None = None, write: Writer | None = None) -> MemberStatement:
        """Issue the member's statement with the next correlative number.

        ``write(statement)`` (rendering the PDF) runs inside the transaction that
        records the number: if it fails, the number is not used."""
        member = self._book.members.get(member_code)
        return self._issue([member.id], campaign_code, printed_on, write)[0]

    def members_with_deliveries(self, campaign_code: str | None = None) -> list[str]:
        """Codes of the members who delivered in the campaign, alphabetically by name."""
        campaign = self._book.campaigns.get(campaign_code)
        with self._book.read() as session:
            delivered = select(Delivery.member_id).where(Delivery.campaign_id == campaign.id,
                                                         Delivery.voided_at.is_(None)).distinct()
            return list(session.scalars(
                select(Member.code).where(Member.id.in_(delivered))
                .order_by(Member.sort_key, Member.id)
            ))

    def campaign_statements(self, campaign_code: str | None = None, printed_on: date | None = None,
                            member_codes: Iterable[str] | None = None,
                            write: Writer | None = None) -> Iterator[MemberStatement]:
        """Statements for the given members (default: all who delivered), issued in
        chunks of 500, each chunk one transaction with its ``write`` calls; a
        statement is yielded only once its chunk is committed, so a caller knows
        which written files count (the others' numbers were rolled back)."""
        codes = list(member_codes) if member_codes is not None else self.members_with_deliveries(campaign_code)
        with self._book.read() as session:
            ids_by_code = dict(session.execute(select(Member.code, Member.id)).all())
        ids = [ids_by_code[c] for c in codes if c in ids_by_code]
        for start in range(0, len(ids), CHUNK):
            yield from self._issue(ids[start:start + CHUNK], campaign_code, printed_on, write)

    def _issue(self, member_ids: list[int], campaign_code: str | None, printed_on: date | None,
               write: Writer | None) -> list[MemberStatement]:
        campaign = self._book.campaigns.get(campaign_code)
        coop = self._book.cooperative
        cooperative = CooperativeInfo(coop.name, coop.ruc, coop.address, coop.city, coop.locale)
        campaign_info = CampaignInfo(campaign.code, campaign.name, campaign.start_date, campaign.end_date)
        printed_on = printed_on or self._book.clock.today()
        with self._book.write(roles.ISSUE_STATEMENTS) as session:
            members = {
                m.id: (m, z)
                for m, z in session.execute(
                    select(Member, Zone).join(Zone, Member.zone_id == Zone.id).where(Member.id.in_(member_ids))
                )
            }
            lines: dict[int, list[StatementLine]] = {mid: [] for mid in member_ids}
            rows = session.execute(
                select(Delivery, Product.name, Product.crop)
                .join(Product, Delivery.product_id == Product.id)
                .where(Delivery.member_id.in_(member_ids), Delivery.campaign_id == campaign.id,
                       Delivery.voided_at.is_(None))
                .order_by(Delivery.member_id, Delivery.date, Delivery.series, Delivery.number)
            )
            for d, product_name, crop in rows:
                lines[d.member_id].append(
                    StatementLine(
                        d.date, str(Ticket(d.series, d.number)), product_name, crop, d.sacks, d.gross_kg, d.tare_kg,
                        d.net_kg, d.humidity_pct, d.grade, d.certification, d.price, d.price_unit, d.amount,
                        d.withheld or ZERO,
                    )
                )
            for member_id in member_ids:
                if member_id not in members:
                    raise BookError(N_("No existe el socio %(code)s."), code=str(member_id))
            # the same member, campaign and deliveries printed again: a reprint, same number
            issued = self._book.documents.issue_in(session, KIND, [
                Subject(f"member:{members[mid][0].code}/campaign:{campaign.code}",
                        digest(*lines[mid], *_withheld(lines[mid])), mid, campaign.id) for mid in member_ids])
            statements = []
            for member_id, document in zip(member_ids, issued):
                m, z = members[member_id]
                statements.append(
                    MemberStatement(
                        number=document.number,
                        reprint=document.reprint,
                        first_printed_on=document.first_printed_on,
                        printed_on=printed_on,
                        cooperative=cooperative,
                        member=MemberInfo(m.code, m.dni, letter_name(m.first_names, m.last_names), z.name, m.certification),
                        campaign=campaign_info,
                        lines=tuple(lines[member_id]),
                    )
                )
            session.flush()
            if write is not None:
                for statement in statements:
                    write(statement)
        return statements


def _withheld(lines) -> tuple:
    """What the tickets withheld, for a statement's digest: nothing when none was (the digest as before)."""
    return tuple((line.ticket, line.withheld) for line in lines if line.withheld)
