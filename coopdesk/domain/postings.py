"""The automatic entries: what each document of the cooperative posts to the books.

Pure: each builder takes the document's figures and returns the lines of its
entry (``domain.ledger.LineInput``) on the default chart's codes. The core posts
them in the same transaction as the document, so a document and its entry exist
together or not at all (docs/ledger.md, «Asientos automáticos»).

- an intake ticket: product into inventory (by certification) against the cash
  advanced at the scale, less the income-tax withholding taken from it, which is
  owed to SUNAT (4017); an imported batch posts one entry per day and point;
- member movements: advances, loans and inputs on credit into the member
  sub-ledgers 14221–14223, repayments out of them (a repayment beyond the loan's
  principal is interest, 772); share capital paid in to 501. A subscription
  (capital promised, not paid) and amounts kept from a distribution post
  nothing: they are not money moved;
- a sale: receivable (or bank) against sales, the organic differential and the
  Fairtrade Premium, each on its own line (a gravado item's IGV apart, to 40111);
  the cost of the kilos sold from inventory to the cost of acopio; a nota de
  crédito: the mirror of the part of the sale it credits;
- an expense: its account against cash, bank or the supplier;
- a published distribution: the remanente (591) and each stream's account to
  the appropriations and to each member's payable (4419); deductions,
  withholding and capitalisation out of the payable; paying it: payable
  against cash or bank.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from coopdesk.domain.chart import current_code
from coopdesk.domain.ledger import LineInput
from coopdesk.domain.money import CENTIMO, ZERO
from coopdesk.domain.problems import N_
from coopdesk.domain.registers import GRAVADO, split
from coopdesk.domain.source_kinds import (  # noqa: F401 - the source_kind of each
    # automatic entry (journal_entries.source_kind), named postings.X by every caller
    DELIVERY, INTAKE_DAY, VOIDED_TICKET, MOVEMENT, SALE, EXPENSE, DISTRIBUTION, PAYMENT, OPENING,
    INTEREST_DUE, INTEREST_COLLECTED, OPENING_STOCK, COLLECTION, SUPPLIER_PAYMENT, CREDIT_NOTE, MANUAL,
    REVERSAL, CLOSING, TAX_PROVISION, BALANCE_CLOSING, REOPENING, REVALUATION, ASSET_PURCHASE, DEPRECIATION,
    ASSET_RETIREMENT,
)

# The PCGE's codes (docs/ledger.md, «El plan de cuentas y el PCGE»); a code longer
# than the PCGE's own is coopdesk's subdivision of it. Books made before 0008 were
# renumbered to these (domain/chart.py).
CASH, BANK, RECEIVABLE = "101", "1041", "1212"
ADVANCES, LOANS, INPUTS = "14222", "14221", "14223"   # 1422 Préstamos (a socios)
INPUT_STOCK = "2524"                                   # 2524 Otros suministros
INVENTORY = {"organico": "203211", "transicion": "203212", "convencional": "203213"}  # 20321 De origen vegetal, costo
WITHHELD, SUPPLIERS, PAYABLE = "4017", "4212", "4419"  # 4419 Accionistas (o socios): otras cuentas por pagar
EDUCATION, SOCIAL, PREMIUM_FUND = "46991", "46992", "46993"  # 4699 Otras cuentas por pagar
CAPITAL, RESERVE, REMANENTE, LOSSES = "501", "582", "591", "592"  # 582 Legal
COST_OF_ACOPIO, SALES, DIFFERENTIAL, INTEREST = "69131", "701311", "701312", "772"  # 6913 / 7013 …, terceros
EXCHANGE_LOSS, EXCHANGE_GAIN = "676", "776"
# 40111 IGV – Cuenta propia: the IGV of a gravado purchase for an operation that is not an acto cooperativo
# (crédito fiscal, debit) and of a gravado sale (débito fiscal, credit; a nota de crédito debits it back);
# opened when first needed (core.registers). Docs: docs/ple.md, «Registros de Ventas y de Compras»
IGV, IGV_NAME = "40111", "IGV - Cuenta propia"
# year-end (docs/ledger.md, «El cierre del ejercicio»): 881 Impuesto a la renta – corriente against 40171
# Renta de tercera categoría (the PCGE's subdivision of 4017 for the entity's own tax); 891 Utilidad and
# 892 Pérdida (89 Determinación del resultado del ejercicio) take the result before 591 / 592
INCOME_TAX, INCOME_TAX_PAYABLE = "881", "40171"
PROFIT, LOSS = "891", "892"

# member account concepts → their sub-ledger account (aportaciones: capital paid in)
CONCEPT_ACCOUNTS = {"adelantos": ADVANCES, "prestamos": LOANS, "insumos": INPUTS, "aportaciones": CAPITAL}
WITHHOLDING_CONCEPT = "retencion"
# where money is received or paid from, as offered to the user
MONEY_ACCOUNTS = (CASH, BANK)
SALE_DEBIT_ACCOUNTS = (RECEIVABLE, BANK, CASH)
EXPENSE_PAID_FROM = (CASH, BANK, SUPPLIERS)

# what each source is, in words (books, messages, exports)
SOURCE_NAMES = {
    DELIVERY: N_("ticket de acopio"), INTAKE_DAY: N_("acopio del día"), VOIDED_TICKET: N_("ticket anulado"),
    MOVEMENT: N_("movimiento de la cuenta de un socio"), SALE: N_("venta"), EXPENSE: N_("gasto"),
    DISTRIBUTION: N_("distribución"), PAYMENT: N_("pago de una distribución"), OPENING: N_("apertura"),
    MANUAL: N_("manual"), REVERSAL: N_("reversión"), CLOSING: N_("cierre del ejercicio"),
    COLLECTION: N_("cobro de una venta"), SUPPLIER_PAYMENT: N_("pago a un proveedor"),
    CREDIT_NOTE: N_("nota de crédito de una venta"),
    INTEREST_DUE: N_("interés de un préstamo vencido"),
    INTEREST_COLLECTED: N_("intereses cobrados antes de registrarse al vencer"),
    OPENING_STOCK: N_("saldo inicial del almacén"),
    TAX_PROVISION: N_("impuesto a la renta del ejercicio"),
    BALANCE_CLOSING: N_("cierre de las cuentas de balance"), REOPENING: N_("reapertura del ejercicio"),
    REVALUATION: N_("diferencia de cambio al cierre del mes"),
    ASSET_PURCHASE: N_("compra de un activo fijo"), DEPRECIATION: N_("depreciación del mes"),
    ASSET_RETIREMENT: N_("baja de un activo fijo"),
}
# entries of the year-end that are never reversed: close-year posts them together, once
YEAR_END_KINDS = (CLOSING, TAX_PROVISION, BALANCE_CLOSING, REOPENING)
# how the books mark them beside the glosa
YEAR_END_NOTES = {CLOSING: N_("Asiento de cierre"), BALANCE_CLOSING: N_("Asiento de cierre"),
                  REOPENING: N_("Asiento de reapertura")}
# the documents that post automatically: corrected through the document, never by hand
DOCUMENT_KINDS = (DELIVERY, INTAKE_DAY, VOIDED_TICKET, MOVEMENT, SALE, EXPENSE, DISTRIBUTION, PAYMENT, COLLECTION,
                  SUPPLIER_PAYMENT, INTEREST_DUE, INTEREST_COLLECTED, OPENING_STOCK, CREDIT_NOTE)
DOCUMENT_KINDS += (ASSET_PURCHASE, DEPRECIATION, ASSET_RETIREMENT)  # through the register of fixed assets


def inventory_account(certification: str) -> str:
    return INVENTORY.get(certification, INVENTORY["convencional"])


def intake_lines(amounts: Iterable[tuple[str, Decimal]], description: str = "",
                 withheld: Decimal = ZERO) -> tuple[LineInput, ...]:
    """Tickets (certification, amount advanced) into inventory, against cash; ``withheld``: the income-tax
    withholding taken out of the payment, credited to 4017 (Caja pays only the rest).
    Zero amounts post nothing; empty when there is nothing to post."""
    by_account: dict[str, Decimal] = {}
    for certification, amount in amounts:
        if amount > ZERO:
            account = inventory_account(certification)
            by_account[account] = by_account.get(account, ZERO) + amount
    if not by_account:
        return ()
    total = sum(by_account.values(), ZERO)
    kept = (LineInput(WITHHELD, credit=withheld, description=description),) if withheld > ZERO else ()
    return tuple(LineInput(a, debit=v, description=description) for a, v in sorted(by_account.items())) + kept + (
        LineInput(CASH, credit=total - withheld, description=description),)


def opening_stock_lines(certification: str, value: Decimal, description: str = "") -> tuple[LineInput, ...]:
    """The almacén's opening stock: its value into inventory (by certification),
    against the accumulated results (591), where the asiento de apertura puts the
    equity the cooperative brings from before coopdesk (docs/ledger.md, «Saldo
    inicial del almacén»)."""
    if value <= ZERO:
        return ()
    return (LineInput(inventory_account(certification), debit=value, description=description),
            LineInput(REMANENTE, credit=value, description=description))


def voided_ticket_lines(certification: str, amount: Decimal, description: str = "") -> tuple[LineInput, ...]:
    """A voided ticket: its product out of inventory, its advance back to cash."""
    if amount <= ZERO:
        return ()
    return (LineInput(CASH, debit=amount, description=description),
            LineInput(inventory_account(certification), credit=amount, description=description))


def movement_lines(member: str, concept: str, direction: str, amount: Decimal, principal_owed: Decimal = ZERO,
                   description: str = "", money: str = CASH) -> tuple[LineInput, ...]:
    """A member's account movement. ``principal_owed``: the member's balance of
    the loans account before a repayment; what is paid beyond it is interest."""
    account = CONCEPT_ACCOUNTS.get(concept)
    if account is None or amount <= ZERO:
        return ()
    charge = direction == "cargo"
    if concept == "aportaciones":
        if charge:  # capital subscribed: a promise, no money moved
            return ()
        return (LineInput(money, debit=amount, description=description),
                LineInput(CAPITAL, credit=amount, member_code=member, description=description))
    if charge:
        source = INPUT_STOCK if concept == "insumos" else money
        return (LineInput(account, debit=amount, member_code=member, description=description),
                LineInput(source, credit=amount, description=description))
    return (LineInput(money, debit=amount, description=description),) + _repaid(
        member, account, amount, principal_owed, description)


def interest_due_lines(member: str, amount: Decimal, description: str = "") -> tuple[LineInput, ...]:
    """A loan installment's interest fell due: the member owes it (14221, with the
    principal) and it is the year's income (772). A repayment then pays it like
    the rest of the loan, interest first (Código Civil art. 1257)."""
    return (LineInput(LOANS, debit=amount, member_code=member, description=description),
            LineInput(INTEREST, credit=amount, description=description))


def _repaid(member: str, account: str, amount: Decimal, principal_owed: Decimal,
            description: str) -> tuple[LineInput, ...]:
    """Credits for a debt paid (in cash or from a distribution): a loan's
    principal first; what is paid beyond it is interest income."""
    if account != LOANS or amount <= principal_owed:
        return (LineInput(account, credit=amount, member_code=member, description=description),)
    principal = max(principal_owed, ZERO)
    lines = (LineInput(account, credit=principal, member_code=member, description=description),) if principal else ()
    return lines + (LineInput(INTEREST, credit=amount - principal, description=description),)


@dataclass(frozen=True)
class SaleFigures:
    """A sale's amounts in its currency (PEN, or US$ with the rate) and its cost in soles;
    ``tax`` and ``day``: a gravado sale's items include the IGV at the rate of its day."""

    debit_account: str
    currency: str
    rate: Decimal | None
    amount: Decimal        # kg × price
    premium: Decimal       # Fairtrade Premium
    differential: Decimal  # organic differential
    cost: Decimal          # cost of acopio of the kilos sold (PEN)
    inventory: str         # the inventory account the kilos leave
    tax: str = ""
    day: date | None = None

    def items(self) -> list[tuple[Decimal, str, str]]:
        """(amount in the currency, the account it is income of, its name), the parts that are not zero."""
        return [(part, account, what) for part, account, what in (
            (self.amount, SALES, "Venta"), (self.differential, DIFFERENTIAL, "Diferencial orgánico"),
            (self.premium, PREMIUM_FUND, "Prima de Comercio Justo")) if part > ZERO]

    def pen(self, part: Decimal) -> Decimal:
        return part if self.currency == "PEN" else CENTIMO(part * self.rate)

    def split(self, pen: Decimal) -> tuple[Decimal, Decimal]:
        """(base, IGV) of an item's soles: all base unless the sale is gravado."""
        base, igv = split(int(pen.scaleb(2)), self.tax, self.day) if self.tax == GRAVADO else (
            int(pen.scaleb(2)), 0)
        return Decimal(base).scaleb(-2), Decimal(igv).scaleb(-2)

    def pen_figures(self) -> tuple[Decimal, Decimal, Decimal]:
        """(total, base, IGV) in soles, as posted: each item apart."""
        total = base = igv = ZERO
        for part, _account, _what in self.items():
            pen = self.pen(part)
            b, i = self.split(pen)
            total, base, igv = total + pen, base + b, igv + i
        return total, base, igv


def _foreign(s: SaleFigures, part: Decimal) -> dict:
    return {} if s.currency == "PEN" else {"currency": s.currency, "foreign_amount": part, "exchange_rate": s.rate}


def sale_lines(s: SaleFigures, description: str = "") -> tuple[LineInput, ...]:
    """Receivable (or bank) against sales, the differential and the premium, one
    line each and each in its own currency; the cost of the kilos sold. A gravado
    item's IGV is credited to 40111 apart (débito fiscal) and its income line takes
    the base, in soles."""
    lines: list[LineInput] = []
    for part, account, what in s.items():
        text = f"{what}: {description}"
        pen = s.pen(part)
        base, igv = s.split(pen)
        lines.append(LineInput(s.debit_account, debit=pen, description=text, **_foreign(s, part)))
        if igv > ZERO:
            lines += [LineInput(account, credit=base, description=text),
                      LineInput(IGV, credit=igv, description=f"IGV: {text}")]
        else:
            lines.append(LineInput(account, credit=pen, description=text, **_foreign(s, part)))
    if s.cost > ZERO:
        text = f"Costo de lo vendido: {description}"
        lines += [LineInput(COST_OF_ACOPIO, debit=s.cost, description=text),
                  LineInput(s.inventory, credit=s.cost, description=text)]
    return tuple(lines)


def credit_note_lines(s: SaleFigures, description: str = "") -> tuple[LineInput, ...]:
    """A nota de crédito against a sale, ``s`` holding the parts it credits (in the
    sale's currency): the mirror of the sale's income lines for those parts, the
    income account and 40111 debited back with the base and the IGV, the buyer's
    receivable (1212) credited with the whole, in the sale's currency. The kilos
    sold and their cost are not touched: a return of product is not a nota de
    crédito's business here (docs/ple.md)."""
    lines: list[LineInput] = []
    for part, account, what in s.items():
        text = f"{what}: {description}"
        pen = s.pen(part)
        base, igv = s.split(pen)
        if igv > ZERO:
            lines += [LineInput(account, debit=base, description=text),
                      LineInput(IGV, debit=igv, description=f"IGV: {text}")]
        else:
            lines.append(LineInput(account, debit=pen, description=text, **_foreign(s, part)))
        lines.append(LineInput(RECEIVABLE, credit=pen, description=text, **_foreign(s, part)))
    return tuple(lines)


def collection_lines(s: SaleFigures, into: str, rate: Decimal | None, description: str = "") -> tuple[LineInput, ...]:
    """A buyer pays a sale that was por cobrar: the bank (or cash) receives the
    whole invoice (in US$ at the day's rate), the receivable's lines go out at
    the amounts they were posted with, and the difference of the rates is an
    exchange gain (776) or loss (676)."""
    parts = [p for p in (s.amount, s.differential, s.premium) if p > ZERO]
    if s.currency == "PEN":
        total = sum(parts, ZERO)
        return (LineInput(into, debit=total, description=description),
                LineInput(RECEIVABLE, credit=total, description=description))
    owed = [LineInput(RECEIVABLE, credit=CENTIMO(p * s.rate), description=description, currency=s.currency,
                      foreign_amount=p, exchange_rate=s.rate) for p in parts]
    foreign = sum(parts, ZERO)
    received = CENTIMO(foreign * rate)
    lines = [LineInput(into, debit=received, description=description, currency=s.currency, foreign_amount=foreign,
                       exchange_rate=rate), *owed]
    difference = received - sum((line.credit for line in owed), ZERO)
    if difference > ZERO:
        lines.append(LineInput(EXCHANGE_GAIN, credit=difference, description=description))
    elif difference < ZERO:
        lines.append(LineInput(EXCHANGE_LOSS, debit=-difference, description=description))
    return tuple(lines)


def expense_lines(account: str, amount: Decimal, paid_from: str, description: str = "",
                  igv: Decimal = ZERO) -> tuple[LineInput, ...]:
    """The expense against what paid it; ``igv``: the part of ``amount`` that is crédito
    fiscal, to 40111 (the expense takes the rest)."""
    if igv > ZERO:
        return (LineInput(account, debit=amount - igv, description=description),
                LineInput(IGV, debit=igv, description=description),
                LineInput(paid_from, credit=amount, description=description))
    return (LineInput(account, debit=amount, description=description),
            LineInput(paid_from, credit=amount, description=description))


def sale_cost(stock_kg: Decimal, stock_value: Decimal, kg: Decimal) -> Decimal:
    """The cost of ``kg`` sold at the average cost of what is in stock: all of it
    when the sale takes everything, nothing when the stock has no value."""
    if stock_value <= ZERO or stock_kg <= ZERO:
        return ZERO
    if kg >= stock_kg:
        return stock_value
    return CENTIMO(stock_value * kg / stock_kg)


# -- the distribution -------------------------------------------------------------------

APPROPRIATION_WORDS = (("educaci", EDUCATION), ("previsi", SOCIAL), ("comercio justo", PREMIUM_FUND),
                       ("fairtrade", PREMIUM_FUND), ("reserva", RESERVE))


def appropriation_account(name: str, reserve: bool, account: str = "") -> str:
    """The account an appropriation is credited to: «cuenta» when the criteria
    say it (a code of coopdesk's chart before 0008 read as its PCGE code), else
    the usual one by its name; "" when it cannot be told."""
    if account:
        return current_code(account)
    if reserve:
        return RESERVE
    lowered = name.lower()
    return next((code for word, code in APPROPRIATION_WORDS if word in lowered), "")


def stream_account(name: str, account: str = "") -> str:
    """The account an earmarked stream is paid from: the Fairtrade Premium fund
    for a premium, else the remanente (an organic differential is income)."""
    if account:
        return current_code(account)
    lowered = name.lower()
    return PREMIUM_FUND if any(w in lowered for w in ("prima", "comercio justo", "fairtrade")) else REMANENTE


@dataclass(frozen=True)
class MemberPayout:
    code: str
    gross: Decimal
    deductions: tuple[tuple[str, Decimal], ...]  # (concept, amount deducted)
    capitalised: Decimal
    loans_owed: Decimal = ZERO                   # principal in the ledger (14221) before the run
    retained: Decimal = ZERO                     # below the minimum payout


def distribution_lines(loss_compensation: Decimal, appropriations: Iterable[tuple[str, Decimal]],
                       sources: Mapping[str, Decimal], payouts: Iterable[MemberPayout],
                       description: str = "", retained_account: str = "") -> tuple[LineInput, ...]:
    """A published distribution. ``appropriations``: (account, amount);
    ``sources``: the amount each account gives to members (591 for the main
    pots, a stream's account for its pots). Each member's gross is credited to
    their payable; deductions, withholding and capitalisation are taken out of
    it, so what stays in 4419 is what is paid (or kept for them). With
    ``retained_account`` (the criteria send what is below the minimum payout to
    a fund), each member's retained amount goes from their payable to it."""
    lines: list[LineInput] = []
    if loss_compensation > ZERO:
        lines += [LineInput(REMANENTE, debit=loss_compensation, description=description),
                  LineInput(LOSSES, credit=loss_compensation, description=description)]
    for account, amount in appropriations:
        if amount > ZERO:
            lines += [LineInput(REMANENTE, debit=amount, description=description),
                      LineInput(account, credit=amount, description=description)]
    for account, amount in sorted(sources.items()):
        if amount > ZERO:
            lines.append(LineInput(account, debit=amount, description=description))
    for p in payouts:
        if p.gross > ZERO:
            lines.append(LineInput(PAYABLE, credit=p.gross, member_code=p.code, description=description))
        loans_owed = p.loans_owed
        for concept, amount in p.deductions:
            if amount <= ZERO:
                continue
            account = WITHHELD if concept == WITHHOLDING_CONCEPT else CONCEPT_ACCOUNTS.get(concept)
            if account is None:
                continue
            lines.append(LineInput(PAYABLE, debit=amount, member_code=p.code, description=description))
            if account == CAPITAL:
                lines.append(LineInput(CAPITAL, credit=amount, member_code=p.code, description=description))
            elif account == WITHHELD:
                lines.append(LineInput(WITHHELD, credit=amount, description=description))
            else:
                lines += _repaid(p.code, account, amount, loans_owed, description)
                if account == LOANS:
                    loans_owed -= min(amount, max(loans_owed, ZERO))
        if p.capitalised > ZERO:
            lines += [LineInput(PAYABLE, debit=p.capitalised, member_code=p.code, description=description),
                      LineInput(CAPITAL, credit=p.capitalised, member_code=p.code, description=description)]
        if retained_account and p.retained > ZERO:
            lines += [LineInput(PAYABLE, debit=p.retained, member_code=p.code, description=description),
                      LineInput(retained_account, credit=p.retained, description=description)]
    return tuple(lines)


def distribution_sources(criteria, result) -> dict[str, Decimal]:
    """The account each pot's shares come out of: 591 for a remanente's pots, the
    cost of acopio for a reintegro's (a price complement), a stream's account for
    its pots (the Fairtrade Premium fund 46993, or the stream's cuenta)."""
    from coopdesk.domain.distribution.model import REINTEGRO

    streams = {s.name: s for s in (criteria.streams if criteria is not None else ())}
    main = COST_OF_ACOPIO if criteria is not None and criteria.kind == REINTEGRO else REMANENTE
    sources: dict[str, Decimal] = {}
    for pot in result.all_pots:
        if pot.stream:
            spec = streams.get(pot.stream)
            account = stream_account(pot.stream, spec.account if spec else "")
        else:
            account = main
        sources[account] = sources.get(account, ZERO) + sum((s.amount for s in pot.shares.values()), ZERO)
    return sources


def distribution_draws(criteria, result) -> dict[str, Decimal]:
    """What a run takes out of 591 and out of each fund (never out of a cost account):
    the losses compensated, the appropriations and the pots."""
    draws = {account: amount for account, amount in distribution_sources(criteria, result).items()
             if account != COST_OF_ACOPIO and amount > ZERO}
    out_of_remanente = result.loss_compensation + sum((amount for _name, amount in result.appropriations), ZERO)
    if out_of_remanente > ZERO:
        draws[REMANENTE] = draws.get(REMANENTE, ZERO) + out_of_remanente
    return draws


def expected_distribution_entry(criteria, result) -> dict[str, tuple[Decimal, Decimal]]:
    """What a published run's entry carries on each account, (debit, credit),
    from the run's own figures: ``distribution_lines`` with the criteria's
    accounts. A loan's deduction beyond the principal then owed is interest
    (772): the run does not know that split, so loans and interest are one
    account here (14221), as they are in ``posted_by_account``. Accounts the
    criteria do not name (an appropriation without «cuenta») are ""."""
    specs = {a.name: a for a in (criteria.appropriations if criteria is not None else ())}
    appropriations = []
    for name, amount in result.appropriations:
        spec = specs.get(name)
        appropriations.append((appropriation_account(name, spec.reserve if spec else False,
                                                     spec.account if spec else ""), amount))
    retained_account = ""
    if criteria is not None and criteria.retained_to == "fondo" and result.retained > ZERO:
        retained_account = appropriation_account(criteria.retained_fund, False)
    payouts = [MemberPayout(p.code, p.gross, tuple((d.concept, d.deducted) for d in p.deductions), p.capitalised,
                            p.deducted, p.retained)
               for p in result.payouts.values() if p.gross > ZERO or p.deducted > ZERO or p.capitalised > ZERO]
    lines = distribution_lines(result.loss_compensation, appropriations, distribution_sources(criteria, result),
                               payouts, "", retained_account)
    return by_account(lines)


def by_account(lines) -> dict[str, tuple[Decimal, Decimal]]:
    """Lines (``LineInput`` or anything with account, debit, credit) summed per
    account, (debit, credit); interest (772) counted with loans (14221)."""
    out: dict[str, tuple[Decimal, Decimal]] = {}
    for line in lines:
        account = LOANS if line.account == INTEREST else line.account
        debit, credit = out.get(account, (ZERO, ZERO))
        out[account] = (debit + (line.debit or ZERO), credit + (line.credit or ZERO))
    return out


def payment_lines(member: str, amount: Decimal, money: str, description: str = "") -> tuple[LineInput, ...]:
    """A member paid their net amount: out of the payable, out of cash or bank."""
    return (LineInput(PAYABLE, debit=amount, member_code=member, description=description),
            LineInput(money, credit=amount, description=description))
