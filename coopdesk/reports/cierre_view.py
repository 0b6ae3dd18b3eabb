"""The monthly «cierre» as the strings that get printed (one page).

The month's movement (entries, debe, haber), Caja and the banks at the month's
end, and the audit trail's head at the moment of printing (``audit_head_view``).
``data`` is read by attribute (``coopdesk.core.cierre.MonthClose``: year, month,
start, end, entries, debit, credit, money, money_total, head, cooperative,
printed_on, printed_by); the layout is the ledger books' (``ledger_pdf``).
"""

from __future__ import annotations

from dataclasses import replace

from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_month, format_number
from coopdesk.reports.audit_head_view import head_fields, head_note, head_title
from coopdesk.reports.ledger_pdf import _name
from coopdesk.reports.ledger_view import PLAIN, BookTable, LedgerBookView, _amount, _book, _period_line

__all__ = ["cierre_filename", "cierre_view"]


def cierre_view(data) -> LedgerBookView:
    month = format_month(data.year, data.month)
    end = format_date(data.end)
    movement = BookTable(
        _("Movimiento del mes"), (_("Asientos"), _("Debe"), _("Haber")),
        ((format_number(data.entries), _amount(data.debit), _amount(data.credit)),), (PLAIN,), None, (0, 1, 2), ())
    money_rows = tuple((a.code, a.name, _amount(a.balance)) for a in data.money)
    money = BookTable(
        _("Caja y bancos al %(date)s") % {"date": end}, (_("Cuenta"), _("Denominación"), _("Saldo")), money_rows,
        (PLAIN,) * len(money_rows), (_("Total"), "", _amount(data.money_total)) if money_rows else None, (2,), (1,),
        empty=_("Caja y bancos no tienen movimientos hasta el %(date)s.") % {"date": end})
    fields = head_fields(data.head)
    note = head_note(data.head)
    audit = BookTable(head_title(), (_("Dato"), _("Valor")), fields, (PLAIN,) * len(fields), None, (), (1,),
                      notes=(note,) if note else ())
    words = {"debit": _amount(data.debit), "credit": _amount(data.credit)}
    closing = [_("Cuadra: el debe y el haber del mes suman %(debit)s cada uno.") % words
               if data.debit == data.credit else
               _("No cuadra: el debe del mes suma %(debit)s y el haber %(credit)s.") % words]
    if data.printed_by:
        closing.append(_("Impreso por %(user)s.") % {"user": data.printed_by})
    name = _("Cierre de %(month)s") % {"month": month}
    view = _book(data.cooperative, _("Cierre del mes"), month[:1].upper() + month[1:],
                 _period_line(data.start, data.end),
                 data.printed_on, [movement, money, audit], closing, name)
    return replace(view, signatures=(_("Contador"), _("Gerente"), _("Presidente del Consejo de Administración")))


def cierre_filename(year: int, month: int) -> str:
    """``cierre-2026-03.pdf``."""
    return _name(_("cierre"), "cierre", f"{year:04d}-{month:02d}")
