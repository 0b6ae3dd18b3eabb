"""``book.opening_stock``: what the almacén held when the cooperative started its
stock in coopdesk (saldo inicial del kardex).

Per product (the form it is kept in) and certification: the kilos and their
value on a date, posted at once (Dr the certification's inventory 2032xx, Cr 591,
``domain.postings.opening_stock_lines``). It is the kardex's first line and part
of the average cost of every sale after it. One per product and certification;
it is never edited: a mistake is voided (its entry reversed today) and typed
again, and only while no sale has drawn on that stock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.sales import _stocked
from coopdesk.db.models import Delivery, JournalEntry, OpeningStock, Product, Sale
from coopdesk.domain import postings as P
from coopdesk.domain import roles
from coopdesk.domain.catalog import LABELS
from coopdesk.domain.ledger import EntryInput
from coopdesk.domain.problems import Text
from coopdesk.domain.sales import OpeningStockInput, check_opening_stock, stocked_form

if TYPE_CHECKING:
    from coopdesk.core.book import Book


@dataclass(frozen=True)
class OpeningStockRow:
    id: int
    date: date
    product_code: str
    product_name: str
    certification: str
    kg: Decimal
    value: Decimal
    entry_number: str
    voided: bool
    void_reason: str


def _number(entry: JournalEntry | None) -> str:
    return f"{entry.year}-{entry.number:06d}" if entry is not None else ""


class OpeningStocks:
    def __init__(self, book: "Book"):
        self._book = book

    def record(self, data: OpeningStockInput) -> int:
        """Record a product's opening stock and post its entry; its id. Every problem at once."""
        problems = check_opening_stock(data, self._book.clock.today())
        with self._book.write(roles.POST_ENTRY) as session:
            code = data.product_code.strip().upper()
            product = session.scalars(select(Product).where(Product.code == code)).first()
            if product is None:
                problems.append(Problem("product_code", N_("No existe el producto %(code)s."), {"code": code}))
            elif stocked_form(product.form) != product.form:
                stocked, _ids = _stocked(session, product)
                problems.append(Problem("product_code", N_(
                    "%(product)s se guarda en el almacén como %(stocked)s: registre el saldo inicial en %(code)s, en "
                    "kilos de esa forma."), {"product": product.name, "stocked": stocked.name, "code": stocked.code}))
                product = None
            if data.date is not None and not any(p.field == "date" for p in problems):
                problems += self._book.ledger.check_open(session, data.date)
            if product is not None and not any(p.field == "certification" for p in problems):
                problems += self._order_problems(session, product, data)
            if problems:
                raise InvalidInput(problems)
            row = OpeningStock(date=data.date, product_id=product.id, certification=data.certification, kg=data.kg,
                               value=data.value, created_at=self._book.clock.now(), created_by=self._book.user,
                               void_reason="")
            session.add(row)
            session.flush()
            text = f"Saldo inicial del almacén: {data.kg} kg de {product.name}, {LABELS.get(data.certification, data.certification).lower()}"[:200]
            entry = self._book.ledger.post_in(
                session, EntryInput(data.date, text, P.opening_stock_lines(data.certification, data.value, text),
                                    f"SI-{row.id}"), P.OPENING_STOCK, row.id, self._book.user)
            row.entry_id = entry.id
            return row.id

    @staticmethod
    def _order_problems(session, product: Product, data: OpeningStockInput) -> list[Problem]:
        """One opening stock per product and certification, dated on or before its first movement."""
        _stocked_product, ids = _stocked(session, product)
        certification = Text(LABELS.get(data.certification, data.certification))
        earlier = session.scalars(select(OpeningStock).where(
            OpeningStock.product_id.in_(ids), OpeningStock.certification == data.certification,
            OpeningStock.voided_at.is_(None))).first()
        if earlier is not None:
            return [Problem("product_code", N_(
                "%(product)s, %(certification)s, ya tiene su saldo inicial (N.º %(id)s, del %(date)s): no se "
                "modifica; si está mal, anúlelo y regístrelo de nuevo."),
                {"product": product.name, "certification": certification, "id": earlier.id, "date": earlier.date})]
        if data.date is None:
            return []
        first = min((day for day in (
            session.scalar(select(func.min(Delivery.date)).where(
                Delivery.product_id.in_(ids), Delivery.certification == data.certification,
                Delivery.voided_at.is_(None))),
            session.scalar(select(func.min(Sale.date)).where(
                Sale.product_id.in_(ids), Sale.certification == data.certification, Sale.voided_at.is_(None))))
            if day is not None), default=None)
        if first is not None and data.date > first:
            return [Problem("date", N_(
                "El saldo inicial es la primera línea del kardex: %(product)s, %(certification)s, ya tiene movimientos "
                "desde el %(first)s. Use una fecha hasta el %(first)s."),
                {"product": product.name, "certification": certification, "first": first})]
        return []

    def void(self, opening_id: int, reason: str) -> Changes:
        """Void an opening stock: it stays, marked with the reason; its entry is reversed
        today. Not once a sale has drawn on that stock (its cost came from it)."""
        if not (reason or "").strip():
            raise InvalidInput([Problem("reason", N_("Diga por qué se anula el saldo inicial."))])
        with self._book.write(roles.POST_ENTRY) as session:
            row = session.get(OpeningStock, opening_id)
            if row is None:
                raise NotFound(N_("No existe el saldo inicial %(id)s."), id=opening_id)
            if row.voided_at is not None:
                raise InvalidInput([Problem("opening", N_("El saldo inicial %(id)s ya estaba anulado: %(reason)s"),
                                            {"id": opening_id, "reason": row.void_reason})])
            product = session.get(Product, row.product_id)
            _stocked_product, ids = _stocked(session, product)
            sales = session.scalar(select(func.count(Sale.id)).where(
                Sale.product_id.in_(ids), Sale.certification == row.certification, Sale.voided_at.is_(None)))
            if sales:
                raise InvalidInput([Problem("opening", N_(
                    "El saldo inicial %(id)s no se anula: las ventas de %(product)s, %(certification)s, tomaron su "
                    "costo (ventas registradas: %(n)s). Anule primero esas ventas."),
                    {"id": opening_id, "n": sales, "product": product.name,
                     "certification": Text(LABELS.get(row.certification, row.certification))})])
            row.voided_at = self._book.clock.now()
            row.void_reason = reason.strip()[:200]
            if row.entry_id is not None:
                self._book.ledger.reverse_in(session, row.entry_id, self._book.clock.today(),
                                             f"saldo inicial anulado: {reason.strip()}", self._book.user,
                                             P.OPENING_STOCK, row.id)
        return Changes(reference=True)

    def list(self) -> list[OpeningStockRow]:
        with self._book.read() as session:
            query = (select(OpeningStock, Product.code, Product.name, JournalEntry)
                     .join(Product, Product.id == OpeningStock.product_id)
                     .outerjoin(JournalEntry, JournalEntry.id == OpeningStock.entry_id)
                     .order_by(OpeningStock.date, OpeningStock.id))
            return [OpeningStockRow(o.id, o.date, code, name, o.certification, o.kg, o.value, _number(entry),
                                    o.voided_at is not None, o.void_reason)
                    for o, code, name, entry in session.execute(query)]
