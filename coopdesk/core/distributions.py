"""Distributions: the season's data aggregated in SQL, handed to the pure engine.

``simulate`` is a draft run: nothing is stored. Approving, publishing (with a
fingerprint), superseding and verifying runs come next (issue 3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from coopdesk.core.errors import InvalidInput
from coopdesk.db.models import Delivery, Member, Product
from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.engine import run
from coopdesk.domain.distribution.model import DeliveryTotal, DistributionResult, MemberSeason

if TYPE_CHECKING:
    from coopdesk.core.book import Book


class Distributions:
    def __init__(self, book: "Book"):
        self._book = book

    def season(self, campaign_code: str | None = None) -> list[MemberSeason]:
        """Every member with their season's kilos and value by product, grade and
        certification (one GROUP BY in SQL), members without deliveries included."""
        campaign = self._book.campaigns.get(campaign_code)
        d = Delivery.__table__.c
        totals = (
            select(d.member_id, d.product_id, d.grade, d.certification, func.sum(d.net_g), func.sum(d.amount_cents))
            .where(d.campaign_id == campaign.id)
            .group_by(d.member_id, d.product_id, d.grade, d.certification)
        )
        with self._book.read() as session:
            products = dict(session.execute(select(Product.id, Product.code)).all())
            by_member: dict[int, list[DeliveryTotal]] = {}
            # SUM over the typed columns comes back as Decimal kg and soles (the column types convert)
            for member_id, product_id, grade, certification, kg, value in session.execute(totals):
                by_member.setdefault(member_id, []).append(
                    DeliveryTotal(products[product_id], grade, certification, kg, value))
            members = session.execute(select(Member.id, Member.code, Member.status, Member.join_date)
                                      .order_by(Member.code))
            return [MemberSeason(code, status, joined, tuple(by_member.get(member_id, ())))
                    for member_id, code, status, joined in members]

    def simulate(self, criteria_text: str, campaign_code: str | None = None) -> DistributionResult:
        """A draft run of the criteria (TOML text) over the campaign's data."""
        criteria, problems = read_criteria(criteria_text)
        if problems:
            raise InvalidInput(problems)
        result, problems = run(criteria, self.season(campaign_code))
        if problems:
            raise InvalidInput(problems)
        return result
