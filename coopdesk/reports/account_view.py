"""The member's Estado de cuenta corriente as the strings that get printed.

A different document from the deliveries statement (``views.StatementView``):
this one lists what the member received and paid on their account (adelantos,
préstamos, insumos, aportaciones) over a period, from the saldo anterior to
the saldo at the end, and what they owe by concept.

``account_statement_view`` takes domain data only: the ``AccountStatement``
the core computes (``book.accounts.statement``), the cooperative and member as
``CooperativeInfo`` and ``MemberInfo``, and the capital paid in (from
``book.accounts.balances(code, end)``). The face (CLI, GUI) gathers them; this
module never queries. ``account_pdf`` lays the strings out; the CLI prints
the same strings as text.

Balances are cargos − abonos: positive is what the member owes; a negative
balance is printed as an amount "a su favor", never with a bare minus sign.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from coopdesk.domain.accounts import RETAINED, AccountStatement, Concept
from coopdesk.domain.money import ZERO
from coopdesk.domain.statement import CooperativeInfo, MemberInfo
from coopdesk.i18n import N_, _, label
from coopdesk.i18n.formatting import format_date
from coopdesk.reports.liquidation_view import TableText
from coopdesk.reports.views import _money, _number, letterhead, provisional, reprint_mark

__all__ = ["CONCEPT_LABELS", "AccountView", "account_statement_view", "balance_text", "concept_label"]

# The concept of each line, as the member reads it
CONCEPT_LABELS = {
    Concept.ADVANCES.value: N_("Adelantos"),
    Concept.LOANS.value: N_("Préstamos"),
    Concept.INPUTS.value: N_("Insumos"),
    Concept.SHARES.value: N_("Aportaciones"),
    RETAINED: N_("Retenido para el socio"),
}

# ... and in the balance by concept, where the words say what the figure is
OWED_LABELS = {
    Concept.ADVANCES.value: N_("Adelantos"),
    Concept.LOANS.value: N_("Préstamos (con los intereses ya vencidos)"),
    Concept.INPUTS.value: N_("Insumos al crédito"),
    Concept.SHARES.value: N_("Aportaciones suscritas y aún no pagadas"),
    RETAINED: N_("Retenido para usted de distribuciones anteriores"),
}


def concept_label(concept: str) -> str:
    return _(CONCEPT_LABELS[concept]) if concept in CONCEPT_LABELS else concept


def balance_text(value: Decimal) -> str:
    """What the member owes ("S/ 470.00"), or what is in their favour
    ("S/ 50.00 a su favor"): a minus sign is easy to miss on paper."""
    if value < ZERO:
        return _("%(amount)s a su favor") % {"amount": _money(-value)}
    return _money(value)


def _figure(value: Decimal) -> str:
    """An amount in the lines table, whose headers say it is in soles: "1,250.50"."""
    return _number(value, 2)


def _table_balance(value: Decimal) -> str:
    """The running saldo in the lines table: "470.00", or "50.00 a favor"."""
    if value < ZERO:
        return _("%(amount)s a favor") % {"amount": _figure(-value)}
    return _figure(value)


@dataclass(frozen=True)
class LoanSplit:
    """What the member owes on loans, split by the order payments are applied in."""

    interest: Decimal
    capital: Decimal
    agreement: str = ""   # the cooperative's agreement to apply payments to capital first ('' by law)


@dataclass(frozen=True)
class AccountView:
    """Everything printed on the Estado de cuenta corriente, as ready-made strings.

    The letterhead, member block, signature and page fields have the names of
    ``StatementView``'s, so the statement's flowables lay them out."""

    # letterhead
    cooperative_name: str
    cooperative_ruc: str
    cooperative_address: str
    title: str  # "ESTADO DE CUENTA CORRIENTE"
    number: str  # "Cuenta S0001"
    campaign: str  # the period: "Periodo: del 01/03/2026 al 30/04/2026"
    dateline: str  # "Puerto Maldonado, 25 de noviembre de 2026"
    # member block: name, DNI, code, zone, certification
    member_fields: tuple[tuple[str, str], ...]
    # the plain-words note on cargos and abonos
    note: str
    # the lines: first the saldo anterior, then each movement; totals of cargos and abonos
    lines: TableText
    no_lines: str  # printed under the table when the period has no movements; else ""
    # from the saldo anterior to the saldo: (label, amount) rows, the last one the saldo
    summary: tuple[tuple[str, str], ...]
    closing_words: str  # "Usted debe S/ 470.00 a la cooperativa."
    # what the member owes by concept at the end, and the capital they have paid in
    by_concept: TableText
    capital_line: str
    loans_line: str     # the préstamos owed: interest and capital, and how payments are applied ('' without loans)
    # signatures
    signatures: tuple[str, ...]
    receipt_title: str
    receipt_name: str
    receipt_dni: str
    thumbprint: str
    # every page
    footer_left: str  # "Impreso el 25/11/2026"
    footer_center: str
    page_of: str
    running_header: str
    # PDF metadata
    pdf_title: str
    pdf_author: str
    pdf_subject: str
    pdf_date: str
    reprint: str = ""  # «REIMPRESIÓN n.º k, fecha»; "" for the original
    # the period's end falls in a month the books have not closed (``views.provisional``): a framed
    # banner under the letterhead, as the ledger's statements print it
    banner: str = ""
    banner_sub: str = ""

    @property
    def closing(self) -> tuple[str, str]:
        """The "Saldo al <fecha>" row of the summary."""
        return self.summary[-1]


def account_statement_view(statement: AccountStatement, cooperative: CooperativeInfo, member: MemberInfo,
                           capital_paid: Decimal, printed_on: date, loans: LoanSplit | None = None) -> AccountView:
    """``loans``: what the préstamos owed are made of (interest due, capital), and
    the order the payments were applied in, said under the debts."""
    start, end = format_date(statement.start), format_date(statement.end)
    period = {"start": start, "end": end}

    rows = [(start, "", _("Saldo anterior"), "", "", "", _table_balance(statement.opening))]
    for line in statement.lines:
        rows.append((
            format_date(line.date),
            concept_label(line.concept),
            line.description,
            line.reference,
            _figure(line.charge) if line.charge else "",
            _figure(line.credit) if line.credit else "",
            _table_balance(line.balance),
        ))
    total = ("", "", _("Totales del periodo"), "", _figure(statement.charges), _figure(statement.credits),
             _table_balance(statement.closing))
    lines = TableText(
        _("Movimientos del %(start)s al %(end)s (en soles)") % period,
        (_("Fecha"), _("Concepto"), _("Descripción"), _("Referencia"), _("Cargo"), _("Abono"),
         _("Saldo")),
        tuple(rows), total)

    closing = statement.closing
    summary = (
        (_("Saldo anterior al %(date)s") % {"date": start}, balance_text(statement.opening)),
        (_("Más los cargos del periodo"), _money(statement.charges)),
        (_("Menos los abonos del periodo"), _money(statement.credits)),
        (_("Saldo al %(date)s") % {"date": end}, balance_text(closing)),
    )
    if closing > ZERO:
        words = _("Usted debe %(amount)s a la cooperativa.") % {"amount": _money(closing)}
    elif closing < ZERO:
        words = _("Tiene %(amount)s a su favor.") % {"amount": _money(-closing)}
    else:
        words = _("Su cuenta está en cero: no debe nada.")

    owed = dict(statement.by_concept)
    debts = [concept for concept in OWED_LABELS if concept != Concept.SHARES.value
             and (concept != RETAINED or owed.get(concept, ZERO))]
    by_concept = TableText(
        _("Lo que debe por concepto al %(date)s") % {"date": end},
        (_("Concepto"), _("Lo que debe")),
        tuple((_(OWED_LABELS[concept]), balance_text(owed.get(concept, ZERO))) for concept in debts),
        (_("Total"), balance_text(sum((owed.get(concept, ZERO) for concept in debts), ZERO))),
    )
    capital_line = _("Capital pagado en aportaciones al %(date)s: %(amount)s. Es su parte en la cooperativa, "
                     "no una deuda.") % {"date": end, "amount": _money(capital_paid)}
    unpaid = owed.get(Concept.SHARES.value, ZERO)
    if unpaid > ZERO:
        capital_line += " " + _("Aportaciones suscritas y aún no pagadas: %(amount)s (aparte de lo que debe).") % {
            "amount": _money(unpaid)}

    loans_line = ""
    if loans is not None and loans.interest + loans.capital > ZERO:
        loans_line = _("De lo que debe de préstamos, %(interest)s son intereses vencidos y %(capital)s capital.") % {
            "interest": _money(loans.interest), "capital": _money(loans.capital)}
        loans_line += " " + (_("Sus pagos se aplican primero al capital, por acuerdo de la cooperativa: "
                               "%(agreement)s.") % {"agreement": loans.agreement} if loans.agreement else
                             _("Sus pagos se aplican primero a los intereses vencidos y luego al capital (Código "
                               "Civil, art. 1257)."))

    printed = format_date(printed_on)
    title = _("ESTADO DE CUENTA CORRIENTE")
    period_line = _("Periodo: del %(start)s al %(end)s") % period
    return AccountView(
        **letterhead(cooperative, printed_on),
        title=title,
        number=_("Cuenta %(code)s") % {"code": member.code},
        campaign=period_line,
        member_fields=(
            (_("Socio(a)"), member.full_name),
            (_("DNI"), member.dni),
            (_("Código"), member.code),
            (_("Zona"), member.zone),
            (_("Certificación"), label(member.certification)),
        ),
        note=_("Un cargo es lo que usted recibió o debe; un abono es lo que pagó o se le descontó."),
        lines=lines,
        no_lines="" if statement.lines else _("No hubo movimientos en este periodo."),
        summary=summary,
        closing_words=words,
        by_concept=by_concept,
        capital_line=capital_line,
        loans_line=loans_line,
        signatures=(_("Tesorero(a)"), _("Gerente")),
        receipt_title=_("Recibí conforme"),
        receipt_name=member.full_name,
        receipt_dni=_("DNI %(dni)s") % {"dni": member.dni},
        thumbprint=_("Huella digital"),
        footer_left=_("Impreso el %(date)s") % {"date": printed},
        footer_center=cooperative.name,
        page_of=_("Página %(page)d de %(pages)d"),
        running_header=_("Estado de cuenta corriente · %(name)s (%(code)s) · del %(start)s al %(end)s") % {
            "name": member.full_name, "code": member.code, **period},
        pdf_title=_("Estado de cuenta corriente · %(name)s (%(code)s)") % {
            "name": member.full_name, "code": member.code},
        pdf_author=cooperative.name,
        pdf_subject=period_line,
        pdf_date=printed_on.strftime("D:%Y%m%d000000"),
    )


def printable_view(printable: tuple, printed_on: date, open_period: tuple[int, int] | None = None) -> AccountView:
    """The view of what ``book.accounts.printable_statement`` gathered (its parts and
    its loans' report), as the GUI and the CLI both print it; «PROVISIONAL» when the
    period's end falls in ``open_period`` (``core.ledger_books.open_period`` of the
    end date: a month the books have not closed), as the ledger's statements."""
    parts, loans = printable
    return provisional(account_statement_view(*parts, printed_on,
                                              LoanSplit(loans.interest_owed, loans.capital_owed, loans.agreement)),
                       open_period)


def content_of(view: AccountView) -> tuple:
    """What the statement says, without its printing date: the same content
    printed again is a reprint of the same document."""
    return (view.number, view.campaign, view.member_fields, view.lines, view.summary, view.by_concept,
            view.capital_line, view.loans_line)


def numbered_view(view: AccountView, document) -> AccountView:
    """``view`` with its own number (an ``IssuedDocument``) beside the account,
    and the reprint mark when it is one."""
    own = _("N° %(number)s") % {"number": f"{document.number:06d}"}
    return replace(view, number=f"{own} · {view.number}",
                   footer_left=f"{view.footer_left} · {own}",
                   reprint=reprint_mark(document.reprint, document.printed_on, document.first_printed_on))
