"""``book.sales`` and ``book.expenses``: the cooperative's sales to buyers and its
expenses, each posted with its entry in the same transaction and never edited:
a mistake is voided, which reverses its entry.

Stock is kept per product and certification (inventario permanente
valorizado, ``kardex``): a raw form goes into the form it converts into (cacao
en baba into grano seco, so a sale of baba counts dry too); copoazú pulpa and
grano are two stocks. A sale larger than its stock is refused. Its cost is the
average cost of acopio of what is in that stock: the advances paid for the
tickets less the cost of what was sold before, in the order sales are recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Sequence

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import aliased

from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.credit_notes import credited_in, note_parts, sale_parts
from coopdesk.core.credit_notes import figures as note_figures
from coopdesk.core.registers import credit_igv, document_problems, open_igv_account, store_document
from coopdesk.db.models import CreditNote, Delivery, Expense, JournalEntry, LedgerAccount, OpeningStock, Product, Sale
from coopdesk.domain import postings as P
from coopdesk.domain.catalog import LABELS
from coopdesk.domain.ledger import EntryInput, Kind
from coopdesk.domain.money import CENTIMO, ZERO, to_cents
from coopdesk.domain.problems import Text
from coopdesk.domain.postings import EXPENSE_PAID_FROM, SALE_DEBIT_ACCOUNTS
from coopdesk.domain.sales import ExpenseInput, SaleInput, check_expense, check_sale, stocked_form
from coopdesk.domain import roles

if TYPE_CHECKING:
    from coopdesk.core.book import Book


def _money(cents: int | None) -> Decimal:
    return Decimal(int(cents or 0)).scaleb(-2)


@dataclass(frozen=True)
class Stock:
    product_code: str   # the stocked form (a sale of baba draws on grano seco)
    product_name: str
    crop: str
    certification: str
    kg: Decimal      # kilos of the stocked form in stock
    value: Decimal   # their cost of acopio, soles


@dataclass(frozen=True)
class KardexLine:
    """One movement of a product's stock and the balance after it."""

    date: date
    document: str      # the sale's invoice; empty for a day's intake
    tickets: int       # a day's intake: how many tickets; 0 for a sale
    buyer: str         # a sale's buyer
    kg_in: Decimal
    value_in: Decimal
    kg_out: Decimal
    value_out: Decimal
    kg: Decimal        # balance
    value: Decimal
    opening: bool = False  # the «Saldo inicial»: what the almacén held when the stock started in coopdesk
    # a day's intake: the tickets' series (when they are of one series), their lowest and highest numbers;
    # what the formato 13.1 prints as the document (not compared: the figures are the kardex)
    series: str = field(default="", compare=False)
    first_ticket: int = field(default=0, compare=False)
    last_ticket: int = field(default=0, compare=False)


def _stocked(session, product: Product) -> tuple[Product, list[int]]:
    """The product a stock is kept as, and every product whose kilos go into it
    (cacao en baba into grano seco; copoazú pulpa and grano apart)."""
    form = stocked_form(product.form)
    same = [p for p in session.scalars(select(Product).where(Product.crop == product.crop).order_by(Product.id))
            if stocked_form(p.form) == form]
    stocked = next((p for p in same if p.form == form), product)
    return stocked, [p.id for p in same]


@dataclass(frozen=True)
class SaleRow:
    id: int
    date: date
    buyer: str
    contract: str
    invoice: str
    product_code: str
    product_name: str
    certification: str
    kg: Decimal
    currency: str
    price: Decimal
    exchange_rate: Decimal | None
    amount: Decimal        # in the currency
    premium: Decimal
    differential: Decimal
    total_pen: Decimal     # price, premium and differential, in soles
    cost: Decimal
    debit_account: str
    entry_number: str
    void_reason: str
    voided: bool
    collected_on: date | None = None
    collection_number: str = ""
    cooperative_act: bool = True
    credited_pen: Decimal = ZERO   # its notas de crédito, in soles as posted (core.credit_notes)

    @property
    def owed_pen(self) -> Decimal:
        """What the sale still says in soles once its notas de crédito are taken out."""
        return self.total_pen - self.credited_pen


@dataclass(frozen=True)
class ExpenseRow:
    id: int
    date: date
    account: str
    account_name: str
    description: str
    supplier: str
    reference: str
    amount: Decimal
    paid_from: str
    entry_number: str
    void_reason: str
    voided: bool
    paid_on: date | None = None
    payment_number: str = ""
    cooperative_act: bool = True


def _number(entry: JournalEntry | None) -> str:
    return f"{entry.year}-{entry.number:06d}" if entry is not None else ""


def _pen(value: Decimal, rate: Decimal | None) -> Decimal:
    return value if rate is None else CENTIMO(value * rate)


def _currency_problems(book: "Book", session, account: str, currency: str, field: str) -> list[Problem]:
    """A bank account takes money only in its own currency (its US$ are counted apart)."""
    own = book.banks.money_accounts(session).get(account)
    if own is None or own == currency:
        return []
    return [Problem(field, N_("La cuenta %(account)s es en %(own)s: no recibe ni paga en %(currency)s."),
                    {"account": account, "own": own, "currency": currency})]


@dataclass(frozen=True)
class _Document:
    """A sale or an expense as voiding and undoing its settlement (the buyer's
    collection, the payment to the supplier) see it: the row, its entries'
    sources, and its messages."""

    model: type
    field: str                # the Problem's field
    source: str               # its entry's source_kind
    settlement: str           # its settlement's source_kind
    settled_on: str           # the attributes of the settlement
    settlement_entry: str
    voided_words: str         # the reversal's glosa (the books are in Spanish)
    undone_words: str
    missing: str              # message ids
    give_reason: str
    voided_before: str
    settled: str
    give_undo_reason: str
    not_settled: str
    action: str               # what recording, voiding and settling it is (domain.roles)


SALE_DOCUMENT = _Document(
    Sale, "sale", P.SALE, P.COLLECTION, "collected_on", "collection_entry_id", "venta anulada", "cobro anulado",
    N_("No existe la venta %(id)s."), N_("Diga por qué se anula la venta."),
    N_("La venta %(id)s ya estaba anulada: %(reason)s"),
    N_("La venta %(id)s ya fue cobrada (%(date)s): anule primero el cobro; una devolución al comprador se registra "
       "con un asiento."),
    N_("Diga por qué se anula el cobro."), N_("La venta %(id)s no tiene un cobro registrado."), roles.RECORD_SALE)
EXPENSE_DOCUMENT = _Document(
    Expense, "expense", P.EXPENSE, P.SUPPLIER_PAYMENT, "paid_on", "payment_entry_id", "gasto anulado",
    "pago anulado", N_("No existe el gasto %(id)s."), N_("Diga por qué se anula el gasto."),
    N_("El gasto %(id)s ya estaba anulado: %(reason)s"),
    N_("El gasto %(id)s ya fue pagado al proveedor (%(date)s): anule primero el pago; una devolución se registra con "
       "un asiento."),
    N_("Diga por qué se anula el pago."), N_("El gasto %(id)s no tiene un pago registrado."), roles.RECORD_EXPENSE)


def _void(book: "Book", kind: _Document, row_id: int, reason: str) -> Changes:
    """The document stays, marked with the reason; its entry is reversed today.
    Not once it is settled: its settlement is undone first."""
    if not (reason or "").strip():
        raise InvalidInput([Problem("reason", kind.give_reason)])
    with book.write(kind.action) as session:
        row = session.get(kind.model, row_id)
        if row is None:
            raise NotFound(kind.missing, id=row_id)
        if row.voided_at is not None:
            raise InvalidInput([Problem(kind.field, kind.voided_before, {"id": row_id, "reason": row.void_reason})])
        if getattr(row, kind.settled_on) is not None:
            raise InvalidInput([Problem(kind.field, kind.settled, {"id": row_id,
                                                                   "date": getattr(row, kind.settled_on)})])
        row.voided_at = book.clock.now()
        row.void_reason = reason.strip()[:200]
        if row.entry_id is not None:
            book.ledger.reverse_in(session, row.entry_id, book.clock.today(), f"{kind.voided_words}: {reason.strip()}",
                                   book.user, kind.source, row.id)
    return Changes(reference=True)


def _undo_settlement(book: "Book", kind: _Document, row_id: int, reason: str) -> Changes:
    """A collection or payment recorded by mistake: its entry is reversed today and
    the document is owed again, to be settled right."""
    if not (reason or "").strip():
        raise InvalidInput([Problem("reason", kind.give_undo_reason)])
    with book.write(kind.action) as session:
        row = session.get(kind.model, row_id)
        if row is None:
            raise NotFound(kind.missing, id=row_id)
        if getattr(row, kind.settled_on) is None:
            raise InvalidInput([Problem(kind.field, kind.not_settled, {"id": row_id})])
        book.ledger.reverse_in(session, getattr(row, kind.settlement_entry), book.clock.today(),
                               f"{kind.undone_words}: {reason.strip()}", book.user, kind.settlement, row.id)
        setattr(row, kind.settled_on, None)
        setattr(row, kind.settlement_entry, None)
    return Changes(reference=True)


class Sales:
    def __init__(self, book: "Book"):
        self._book = book

    def stock(self, session, product: Product, certification: str) -> Stock:
        """What is in stock for the next sale of ``product``: every ticket of its
        stocked form recorded less every sale of it recorded, in kilos of that
        form, whatever their dates (a sale typed with an earlier date never takes
        again what another sale took)."""
        stocked, ids = _stocked(session, product)
        d, s, o = Delivery.__table__.c, Sale.__table__.c, OpeningStock.__table__.c
        kg_opening, value_opening = session.execute(
            select(type_coerce(func.coalesce(func.sum(o.kg_g), 0), BigInteger),
                   type_coerce(func.coalesce(func.sum(o.value_cents), 0), BigInteger))
            .where(o.product_id.in_(ids), o.certification == certification, o.voided_at.is_(None))).one()
        kg_in, value_in = session.execute(
            select(type_coerce(func.coalesce(func.sum(d.equivalent_g), 0), BigInteger),
                   type_coerce(func.coalesce(func.sum(d.amount_cents), 0), BigInteger))
            .where(d.product_id.in_(ids), d.certification == certification, d.voided_at.is_(None))).one()
        kg_out, value_out = session.execute(
            select(type_coerce(func.coalesce(func.sum(s.equivalent_g), 0), BigInteger),
                   type_coerce(func.coalesce(func.sum(s.cost_cents), 0), BigInteger))
            .where(s.product_id.in_(ids), s.certification == certification, s.voided_at.is_(None))).one()
        return Stock(stocked.code, stocked.name, stocked.crop, certification,
                     Decimal(int(kg_opening) + int(kg_in) - int(kg_out)).scaleb(-3),
                     _money(int(value_opening) + int(value_in) - int(value_out)))

    def stock_of(self, product_code: str, certification: str) -> Stock | None:
        with self._book.read() as session:
            product = session.scalars(select(Product).where(Product.code == product_code)).first()
            return self.stock(session, product, certification) if product is not None else None

    def stocks(self) -> list[Stock]:
        """Every stock the almacén has had (stocked form × certification), with what is in it now:
        the same sums as ``stock``, grouped by product and certification in one query per table
        (``coopdesk check`` reads them for the whole book)."""
        with self._book.read() as session:
            d, s, o = Delivery.__table__.c, Sale.__table__.c, OpeningStock.__table__.c
            sums: dict[tuple[int, str], list[int]] = {}
            for table, kg, value, sign in ((o, o.kg_g, o.value_cents, 1), (d, d.equivalent_g, d.amount_cents, 1),
                                           (s, s.equivalent_g, s.cost_cents, -1)):
                for pid, certification, g, c in session.execute(
                        select(table.product_id, table.certification, type_coerce(func.sum(kg), BigInteger),
                               type_coerce(func.sum(value), BigInteger))
                        .where(table.voided_at.is_(None)).group_by(table.product_id, table.certification)):
                    part = sums.setdefault((pid, certification), [0, 0])
                    part[0] += sign * int(g or 0)
                    part[1] += sign * int(c or 0)
                # every stock the almacén has had, voided rows too (its kardex exists, at zero)
                for pid, certification in session.execute(
                        select(table.product_id, table.certification).distinct()):
                    sums.setdefault((pid, certification), [0, 0])
            products = {p.id: p for p in session.scalars(select(Product))}
            stocked = {pid: _stocked(session, product)[0] for pid, product in products.items()}
        by_stock: dict[tuple[int, str], list[int]] = {}
        for (pid, certification), (g, c) in sums.items():
            part = by_stock.setdefault((stocked[pid].id, certification), [0, 0])
            part[0] += g
            part[1] += c
        return [Stock(products[pid].code, products[pid].name, products[pid].crop, certification,
                      Decimal(g).scaleb(-3), _money(c))
                for (pid, certification), (g, c) in sorted(by_stock.items(),
                                                           key=lambda k: (products[k[0][0]].code, k[0][1]))]

    def kardex(self, product_code: str, certification: str) -> list[KardexLine]:
        """The product's inventario permanente valorizado: its opening stock («Saldo
        inicial») first, each day's tickets in, each sale out at the cost it was
        recorded with, and the balance after each, in kilos of the stocked form and
        soles; in date order (the day's intake before its sales). Voided tickets,
        sales and opening stocks are not in it, as they are not in stock."""
        with self._book.read() as session:
            product = session.scalars(select(Product).where(Product.code == product_code)).first()
            if product is None:
                raise NotFound(N_("No existe el producto %(code)s."), code=product_code)
            _product, ids = _stocked(session, product)
            d, s, o = Delivery.__table__.c, Sale.__table__.c, OpeningStock.__table__.c
            openings = session.execute(
                select(o.date, o.id, type_coerce(o.kg_g, BigInteger), type_coerce(o.value_cents, BigInteger))
                .where(o.product_id.in_(ids), o.certification == certification, o.voided_at.is_(None))).all()
            days = session.execute(
                select(d.date, func.count(d.id), type_coerce(func.sum(d.equivalent_g), BigInteger),
                       type_coerce(func.sum(d.amount_cents), BigInteger), func.min(d.series), func.max(d.series),
                       func.min(d.number), func.max(d.number))
                .where(d.product_id.in_(ids), d.certification == certification, d.voided_at.is_(None))
                .group_by(d.date)).all()
            sales = session.execute(
                select(s.date, s.id, s.invoice, s.buyer, type_coerce(s.equivalent_g, BigInteger),
                       type_coerce(s.cost_cents, BigInteger))
                .where(s.product_id.in_(ids), s.certification == certification, s.voided_at.is_(None))).all()
        moves = [(day, -1, opening_id, "", 0, "", int(g), int(c), ("", 0, 0)) for day, opening_id, g, c in openings]
        moves += [(day, 0, 0, "", count, "", int(g), int(c), (low if low == high else "", first, last))
                  for day, count, g, c, low, high, first, last in days]
        moves += [(day, 1, sale_id, invoice or f"V-{sale_id}", 0, buyer, -int(g), -int(c), ("", 0, 0))
                  for day, sale_id, invoice, buyer, g, c in sales]
        lines, grams, cents = [], 0, 0
        for day, kind, _id, document, tickets, buyer, g, c, (series, first, last) in sorted(moves):
            grams, cents = grams + g, cents + c
            lines.append(KardexLine(day, document, tickets, buyer, Decimal(max(g, 0)).scaleb(-3), _money(max(c, 0)),
                                    Decimal(max(-g, 0)).scaleb(-3), _money(max(-c, 0)), Decimal(grams).scaleb(-3),
                                    _money(cents), kind < 0, series, int(first), int(last)))
        return lines

    def _equivalent(self, product_code: str, day: date | None, kg: Decimal) -> Decimal:
        """Kilos of the reference form (a sale of baba counts dry, as its tickets did)."""
        standard = self._book.prices.standard(product_code, day) if day is not None else None
        return standard.equivalent_kg(kg) if standard is not None else kg

    def record(self, data: SaleInput, lots: Sequence[tuple[str, Decimal | None]] = ()) -> int:
        """Record a sale and post its entry; its id. Every problem at once.
        ``lots``: (lot code, kilos or None) that make it up, attached in the same
        transaction (``book.lots.attach``): a lot refused refuses the sale."""
        with self._book.write(roles.RECORD_SALE) as session:
            rule: list[Problem] = []
            if data.currency == "USD":  # the SBS rate of the day, by rule (core.banks)
                rate, rule = self._book.banks.rule_rate(session, data.date, data.exchange_rate)
                data = replace(data, exchange_rate=rate)
            problems = check_sale(data, self._book.clock.today())
            if rule:
                problems = [p for p in problems if p.field != "exchange_rate"] + rule
            if data.debit_account not in SALE_DEBIT_ACCOUNTS and data.debit_account in \
                    self._book.banks.money_accounts(session):
                problems = [p for p in problems if p.field != "debit_account"]
                problems += _currency_problems(self._book, session, data.debit_account, data.currency, "debit_account")
            party_id, more = document_problems(session, data, purchase=False)  # the register of sales (14.1)
            problems += more
            product = session.scalars(select(Product).where(Product.code == data.product_code)).first()
            if product is None:
                problems.append(Problem("product_code", N_("No existe el producto %(code)s."),
                                        {"code": data.product_code}))
            if data.date is not None and not any(p.field == "date" for p in problems):
                problems += self._book.ledger.check_open(session, data.date)
            if problems:
                raise InvalidInput(problems)
            stock = self.stock(session, product, data.certification)
            equivalent = self._equivalent(data.product_code, data.date, data.kg)
            if equivalent > stock.kg:
                raise InvalidInput([Problem("kg", N_(
                    "No hay tantos kilos en el almacén: vende %(kg)s kg y de %(product)s, %(certification)s, hay "
                    "%(stock)s kg (entregas menos ventas registradas). Revise los kilos, el producto o la "
                    "certificación."), {"kg": equivalent, "product": stock.product_name, "stock": max(stock.kg, ZERO),
                                        "certification": Text(LABELS.get(data.certification, data.certification))})])
            cost = P.sale_cost(stock.kg, stock.value, equivalent)
            rate = data.exchange_rate if data.currency == "USD" else None
            who = self._book.user
            sale = Sale(date=data.date, buyer=data.buyer.strip(), contract=data.contract.strip(),
                        invoice=data.invoice.strip(), product_id=product.id, certification=data.certification,
                        kg=data.kg, equivalent_kg=equivalent, currency=data.currency, price_e4=int(data.price.scaleb(4)),
                        rate_e4=int(rate.scaleb(4)) if rate is not None else None,
                        amount_cents=to_cents(data.amount), premium_cents=to_cents(data.premium),
                        differential_cents=to_cents(data.differential), cost_cents=to_cents(cost),
                        debit_account=data.debit_account, created_at=self._book.clock.now(),
                        created_by=who, void_reason="", cooperative_act=bool(data.cooperative_act))
            store_document(sale, data, party_id)
            session.add(sale)
            session.flush()
            places = 2 if data.kg == data.kg.quantize(Decimal("0.01")) else 3
            text = f"{data.buyer.strip()}, {data.kg:,.{places}f} kg {product.name}"
            if data.contract.strip():
                text += f", contrato {data.contract.strip()}"
            figures = P.SaleFigures(data.debit_account, data.currency, rate, data.amount, data.premium,
                                    data.differential, cost, P.inventory_account(data.certification),
                                    sale.tax_kind, data.date)
            if figures.pen_figures()[2] > ZERO:  # a gravado sale's IGV (débito fiscal)
                open_igv_account(session)
            lines = P.sale_lines(figures, text)
            entry = self._book.ledger.post_in(session, EntryInput(data.date, f"Venta: {text}"[:200], lines,
                                                                  data.invoice.strip() or f"V-{sale.id}"),
                                              P.SALE, sale.id, who)
            sale.entry_id = entry.id
            for code, kg in lots:
                self._book.lots.attach_in(session, sale, code, kg)
            return sale.id

    def collect(self, sale_id: int, day: date, into: str = P.BANK, exchange_rate: Decimal | None = None) -> int:
        """The buyer paid a sale that was por cobrar (1212), into the bank or cash; a
        US$ sale at the day's exchange rate, the difference to the sale's rate being
        an exchange gain or loss. The collection's entry id."""
        problems: list[Problem] = []
        if day is None:
            problems.append(Problem("date", N_("Escriba la fecha.")))
        elif day > self._book.clock.today():
            problems.append(Problem("date", N_("La fecha del cobro no puede ser futura.")))
        with self._book.write(roles.RECORD_SALE) as session:
            if into not in self._book.banks.money_accounts(session):
                problems.append(Problem("into", N_("Elija dónde entró el dinero: banco (1041) o caja (101).")))
            sale = session.get(Sale, sale_id)
            if sale is None:
                raise NotFound(N_("No existe la venta %(id)s."), id=sale_id)
            if not problems:
                problems += _currency_problems(self._book, session, into, sale.currency, "into")
            if sale.currency == "USD" and day is not None:  # the SBS rate of the day, by rule (core.banks)
                ruled, rule = self._book.banks.rule_rate(session, day, exchange_rate)
                problems += rule
                exchange_rate = ruled if not rule else exchange_rate
            if sale.voided_at is not None:
                problems.append(Problem("sale", N_("La venta %(id)s está anulada."), {"id": sale_id}))
            elif sale.debit_account != P.RECEIVABLE:
                problems.append(Problem("sale", N_("La venta %(id)s se cobró al registrarla (%(account)s)."),
                                        {"id": sale_id, "account": sale.debit_account}))
            elif sale.collected_on is not None:
                problems.append(Problem("sale", N_("La venta %(id)s ya fue cobrada el %(date)s."),
                                        {"id": sale_id, "date": sale.collected_on}))
            elif day is not None and day < sale.date:
                problems.append(Problem("date", N_("El cobro no puede ser anterior a la venta (%(date)s)."),
                                        {"date": sale.date}))
            elif sale.currency == "USD" and (exchange_rate is None or not exchange_rate.is_finite()
                                           or exchange_rate <= ZERO or exchange_rate > Decimal(10000)
                                           or exchange_rate != exchange_rate.quantize(Decimal("0.0001"))):
                problems.append(Problem("exchange_rate", N_("Un cobro en dólares lleva el tipo de cambio del día, con "
                                                            "cuatro decimales como máximo (por ejemplo 3.7450).")))
            if day is not None and not any(p.field == "date" for p in problems):
                problems += self._book.ledger.check_open(session, day)
            if problems:
                raise InvalidInput(problems)
            rate = Decimal(sale.rate_e4).scaleb(-4) if sale.rate_e4 is not None else None
            left = sale_parts(sale) - credited_in(session, sale.id)  # less its notas de crédito
            if left.total <= ZERO:
                raise InvalidInput([Problem("sale", N_("Las notas de crédito de la venta %(id)s cubren todo su "
                                                       "importe: no queda nada por cobrar."), {"id": sale_id})])
            figures = P.SaleFigures(sale.debit_account, sale.currency, rate, left.amount, left.premium,
                                    left.differential, ZERO, "")
            text = f"Cobro de la venta {sale.invoice or sale.id} a {sale.buyer}"
            entry = self._book.ledger.post_in(session, EntryInput(day, text[:200], P.collection_lines(
                figures, into, exchange_rate if sale.currency == "USD" else None, text[:200]),
                sale.invoice or f"V-{sale.id}"), P.COLLECTION, sale.id, self._book.user)
            sale.collected_on, sale.collection_entry_id = day, entry.id
            return entry.id

    def cancel_collection(self, sale_id: int, reason: str) -> Changes:
        """A collection recorded by mistake (a wrong rate, the wrong account): its
        entry is reversed today and the sale is por cobrar again, to be collected
        right (or voided)."""
        return _undo_settlement(self._book, SALE_DOCUMENT, sale_id, reason)

    def void(self, sale_id: int, reason: str) -> Changes:
        """Void a sale: it stays, marked with the reason; its entry is reversed today.
        Not a sale with notas de crédito: they modify it, and stay."""
        with self._book.read() as session:
            if session.scalar(select(CreditNote.id).where(CreditNote.sale_id == sale_id)) is not None:
                raise InvalidInput([Problem("sale", N_(
                    "La venta %(id)s tiene notas de crédito: no se anula; lo que falte revertir va en otra nota de "
                    "crédito."), {"id": sale_id})])
        return _void(self._book, SALE_DOCUMENT, sale_id, reason)

    def list(self, start: date | None = None, end: date | None = None) -> list[SaleRow]:
        with self._book.read() as session:
            collection = aliased(JournalEntry)
            query = (select(Sale, Product.code, Product.name, JournalEntry, collection)
                     .join(Product, Product.id == Sale.product_id)
                     .outerjoin(JournalEntry, JournalEntry.id == Sale.entry_id)
                     .outerjoin(collection, collection.id == Sale.collection_entry_id).order_by(Sale.date, Sale.id))
            if start is not None:
                query = query.where(Sale.date >= start)
            if end is not None:
                query = query.where(Sale.date <= end)
            credited: dict[int, Decimal] = {}
            for note, sale in session.execute(select(CreditNote, Sale).join(Sale, Sale.id == CreditNote.sale_id)):
                credited[sale.id] = credited.get(sale.id, ZERO) + note_figures(sale, note_parts(note)).pen_figures()[0]
            rows = []
            for s, code, name, entry, collected in session.execute(query):
                rate = Decimal(s.rate_e4).scaleb(-4) if s.rate_e4 is not None else None
                amount, premium, differential = _money(s.amount_cents), _money(s.premium_cents), \
                    _money(s.differential_cents)
                total = sum((_pen(v, rate) for v in (amount, premium, differential)), ZERO)
                rows.append(SaleRow(s.id, s.date, s.buyer, s.contract, s.invoice, code, name, s.certification, s.kg,
                                    s.currency, Decimal(s.price_e4).scaleb(-4), rate, amount, premium, differential,
                                    total, _money(s.cost_cents), s.debit_account, _number(entry), s.void_reason,
                                    s.voided_at is not None, s.collected_on, _number(collected),
                                    s.cooperative_act, credited.get(s.id, ZERO)))
            return rows


class Expenses:
    def __init__(self, book: "Book"):
        self._book = book

    def accounts(self) -> list[tuple[str, str]]:
        """The accounts an expense can be charged to: expenses, and assets that are
        bought (inputs for members), never cash, member accounts or the product
        inventories (those come from the tickets, at the advance paid)."""
        # inventories come from the tickets, and their cost of sales (69131) from the sales
        never = set(P.MONEY_ACCOUNTS) | {P.RECEIVABLE, P.COST_OF_ACOPIO} | set(P.INVENTORY.values())
        return [(a.code, a.name) for a in self._book.ledger.accounts()
                if a.kind in (Kind.EXPENSE, Kind.ASSET) and a.code not in never and not a.member_ledger]

    def record(self, data: ExpenseInput) -> int:
        """Record an expense and post its entry; its id. Every problem at once."""
        problems = check_expense(data, self._book.clock.today())
        if data.paid_from not in EXPENSE_PAID_FROM:
            with self._book.read() as session:
                if data.paid_from in self._book.banks.money_accounts(session):
                    problems = [p for p in problems if p.field != "paid_from"]
                    problems += _currency_problems(self._book, session, data.paid_from, "PEN", "paid_from")
        allowed = dict(self.accounts())
        if data.account not in allowed:
            problems.append(Problem("account", N_("La cuenta %(account)s no es de gastos (ni una compra de insumos o "
                                                  "producto)."), {"account": data.account}))
        with self._book.write(roles.RECORD_EXPENSE) as session:
            party_id, more = document_problems(session, data, purchase=True)  # the register of purchases (8.1)
            problems += more
            if data.date is not None and not any(p.field == "date" for p in problems):
                problems += self._book.ledger.check_open(session, data.date)
            if problems:
                raise InvalidInput(problems)
            who = self._book.user
            expense = Expense(date=data.date, account=data.account, description=data.description.strip(),
                              supplier=data.supplier.strip(), reference=data.reference.strip(), amount=data.amount,
                              paid_from=data.paid_from, created_at=self._book.clock.now(),
                              created_by=who, void_reason="", cooperative_act=bool(data.cooperative_act))
            store_document(expense, data, party_id)
            session.add(expense)
            session.flush()
            text = data.description.strip()
            if data.supplier.strip():
                text += f" ({data.supplier.strip()})"
            igv = credit_igv(session, data)
            entry = self._book.ledger.post_in(
                session, EntryInput(data.date, f"Gasto: {text}"[:200],
                                    P.expense_lines(data.account, data.amount, data.paid_from, text[:200], igv),
                                    data.reference.strip() or f"G-{expense.id}"), P.EXPENSE, expense.id, who)
            expense.entry_id = entry.id
            return expense.id

    def pay(self, expense_id: int, day: date, paid_from: str = P.BANK) -> int:
        """An expense owed to the supplier (4212) is paid, from the bank or cash;
        the payment's entry id."""
        problems: list[Problem] = []
        if day is None:
            problems.append(Problem("date", N_("Escriba la fecha.")))
        elif day > self._book.clock.today():
            problems.append(Problem("date", N_("La fecha del pago no puede ser futura.")))
        with self._book.write(roles.RECORD_EXPENSE) as session:
            if paid_from not in self._book.banks.money_accounts(session):
                problems.append(Problem("paid_from", N_("Elija de dónde salió el dinero: banco (1041) o caja (101).")))
            else:
                problems += _currency_problems(self._book, session, paid_from, "PEN", "paid_from")
            expense = session.get(Expense, expense_id)
            if expense is None:
                raise NotFound(N_("No existe el gasto %(id)s."), id=expense_id)
            if expense.voided_at is not None:
                problems.append(Problem("expense", N_("El gasto %(id)s está anulado."), {"id": expense_id}))
            elif expense.paid_from != P.SUPPLIERS:
                problems.append(Problem("expense", N_("El gasto %(id)s se pagó al registrarlo (%(account)s)."),
                                        {"id": expense_id, "account": expense.paid_from}))
            elif expense.paid_on is not None:
                problems.append(Problem("expense", N_("El gasto %(id)s ya fue pagado el %(date)s."),
                                        {"id": expense_id, "date": expense.paid_on}))
            elif day is not None and day < expense.date:
                problems.append(Problem("date", N_("El pago no puede ser anterior al gasto (%(date)s)."),
                                        {"date": expense.date}))
            if day is not None and not any(p.field == "date" for p in problems):
                problems += self._book.ledger.check_open(session, day)
            if problems:
                raise InvalidInput(problems)
            text = f"Pago a {expense.supplier or 'proveedor'}: {expense.description}"[:200]
            entry = self._book.ledger.post_in(session, EntryInput(day, text, P.expense_lines(
                P.SUPPLIERS, expense.amount, paid_from, text), expense.reference or f"G-{expense.id}"),
                P.SUPPLIER_PAYMENT, expense.id, self._book.user)
            expense.paid_on, expense.payment_entry_id = day, entry.id
            return entry.id

    def cancel_payment(self, expense_id: int, reason: str) -> Changes:
        """A supplier payment recorded by mistake: its entry is reversed today and the
        expense is owed to the supplier again."""
        return _undo_settlement(self._book, EXPENSE_DOCUMENT, expense_id, reason)

    def void(self, expense_id: int, reason: str) -> Changes:
        """Void an expense: it stays, marked with the reason; its entry is reversed today."""
        return _void(self._book, EXPENSE_DOCUMENT, expense_id, reason)

    def list(self, start: date | None = None, end: date | None = None) -> list[ExpenseRow]:
        with self._book.read() as session:
            payment = aliased(JournalEntry)
            query = (select(Expense, LedgerAccount.name, JournalEntry, payment)
                     .outerjoin(LedgerAccount, LedgerAccount.code == Expense.account)
                     .outerjoin(JournalEntry, JournalEntry.id == Expense.entry_id)
                     .outerjoin(payment, payment.id == Expense.payment_entry_id).order_by(Expense.date, Expense.id))
            if start is not None:
                query = query.where(Expense.date >= start)
            if end is not None:
                query = query.where(Expense.date <= end)
            return [ExpenseRow(e.id, e.date, e.account, name or "", e.description, e.supplier, e.reference, e.amount,
                               e.paid_from, _number(entry), e.void_reason, e.voided_at is not None, e.paid_on,
                               _number(paid), e.cooperative_act) for e, name, entry, paid in session.execute(query)]
