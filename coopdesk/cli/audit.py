"""The audit trail's head on paper from the command line (docs/security.md,
«La cabeza del registro en papel»): ``coopdesk ledger cierre --month 2026-03``
prints the month's «cierre» with the head and records it; ``coopdesk verify
R-…`` checks a head typed back from a paper against the trail recomputed."""

from __future__ import annotations

from pathlib import Path

from coopdesk.cli.auth import open_book
from coopdesk.i18n import _, describe
from coopdesk.i18n.formatting import format_date, format_number


def _head_words(head) -> dict:
    return {"code": head.code, "records": format_number(head.records), "id": format_number(head.record_id)}


def cmd_cierre(args) -> int:
    from coopdesk.core.cierre import read_month
    from coopdesk.reports.cierre_view import cierre_filename, cierre_view
    from coopdesk.reports.ledger_pdf import render_ledger_book

    year, month = read_month(args.month)
    out = Path(args.out) if args.out else Path(cierre_filename(year, month))
    if out.is_dir():
        out = out / cierre_filename(year, month)
    out.parent.mkdir(parents=True, exist_ok=True)
    views = []

    def write(data) -> None:
        view = cierre_view(data)
        render_ledger_book(view, out)
        views.append(view)

    with open_book(args) as book:
        data = book.cierres.print(args.month, write)
    print(_("Se guardó «%(book)s» en %(file)s.") % {"book": views[0].pdf_title, "file": out})
    if data.head is not None and data.head_recorded:
        print(_("Cabeza del registro de cambios: %(code)s (%(records)s registros, hasta el N.º %(id)s). Queda "
                "registrada: «coopdesk check --integrity» la comparará.") % _head_words(data.head))
    elif data.head is not None:
        print(_("Cabeza del registro de cambios: %(code)s (%(records)s registros, hasta el N.º %(id)s). No quedó "
                "registrada en el libro, que no se puede modificar: guarde el papel; «coopdesk verify %(code)s» la "
                "comprueba contra el registro sin necesitar nada más del libro.") % _head_words(data.head))
    return 0


def cmd_verify_head(args) -> int:
    """A head typed from paper: exit 0 when the trail still reaches it, 1 when not."""
    from coopdesk.core import audit_check

    findings = []
    with open_book(args) as book:
        check = book.audit_heads.verify(args.code)
        if not check.matches:  # what the chain itself says was changed
            with book.read() as session:
                _checked, findings = audit_check.chain_problems(session.connection())
    if check.matches:
        head = check.head
        print(_("Correcto: el registro de cambios llega a la cabeza %(code)s en su registro N.º %(id)s "
                "(%(records)s registros): nada de lo registrado hasta ahí se cambió.") % _head_words(head))
        for p in check.printed:
            print(_("Esa cabeza se imprimió el %(date)s (por %(user)s).") % {
                "date": format_date(p.printed_on), "user": p.printed_by})
    else:
        print(_("NO COINCIDE: ningún punto del registro de cambios tiene la cabeza %(code)s: lo registrado hasta "
                "ese papel se alteró, o el código está mal escrito.") % {"code": check.code})
        for p in check.printed:
            print(_("El libro dice que esa cabeza se imprimió el %(date)s (por %(user)s), en su registro N.º "
                    "%(id)s.") % {"date": format_date(p.printed_on), "user": p.printed_by,
                                  "id": format_number(p.record_id)})
        if check.first_altered is not None:
            print(_("El primer registro que difiere es el N.º %(id)s.") % {"id": format_number(check.first_altered)})
        for finding in findings[:20]:
            print(f"- {describe(finding)}")
    return 0 if check.matches else 1
