"""``coopdesk bulletin --month 2026-11 --pdf F [--png F] [--slips]``: the
«Boletín mensual» to members; ``coopdesk assembly-pack --quarter 2026-T4 --pdf F``:
the quarterly assembly's pack (docs/bulletin.md).

The same core calls as the GUI: ``book.bulletin.monthly`` and ``book.bulletin.quarter``
gather the figures «Inicio», the ledger and the members' statements already
compute; ``coopdesk.reports`` lays them out."""

from __future__ import annotations

import sys
from pathlib import Path

from coopdesk.cli.args import UsageError
from coopdesk.cli.auth import open_book
from coopdesk.domain.problems import N_, Problem
from coopdesk.i18n import _, ngettext


def _typed(text: str | None, path: str | None, field: str) -> str:
    """A text typed on the command line, or read from a file."""
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError([Problem(field, N_("No se puede leer el archivo %(file)s: %(reason)s"),
                                      {"file": path, "reason": str(exc)})]) from None
    return (text or "").strip()


def cmd_bulletin(args) -> int:
    from coopdesk.core.bulletin import parse_month
    from coopdesk.reports.bulletin_pdf import PngUnavailable, write_bulletin  # ReportLab, only to print
    from coopdesk.reports.bulletin_view import bulletin_view

    year, month = parse_month(args.month)
    decisions = _typed(args.decisions, args.decisions_file, "decisions")
    with open_book(args) as book:
        data = book.bulletin.monthly(year, month, decisions, args.assembly or "", slips=args.slips)
        view = bulletin_view(data, book.cooperative, book.clock.today())
    try:
        images = write_bulletin(view, args.pdf, args.png, slips=args.slips)
    except PngUnavailable as exc:  # the PDF is written: only the image is missing
        print(_("Boletín en PDF: %(file)s") % {"file": args.pdf})
        print(str(exc), file=sys.stderr)
        return 2
    print(_("Boletín en PDF: %(file)s") % {"file": args.pdf})
    if args.slips:
        print(ngettext("Con %(n)s hoja personal.", "Con %(n)s hojas personales.", len(data.slips))
              % {"n": len(data.slips)})
    for image in images:
        print(_("Imagen para enviar: %(file)s") % {"file": image})
    return 0


def _criteria_name(text: str) -> str:
    """The criteria's own «nombre», if it reads (the simulation says what is wrong otherwise)."""
    import tomllib

    try:
        name = tomllib.loads(text).get("distribucion", {}).get("nombre", "")
    except (tomllib.TOMLDecodeError, AttributeError):
        return ""
    return name.strip() if isinstance(name, str) else ""


def _proposals(book, args) -> list:
    from coopdesk.cli.distribution import _criteria_text

    named = []
    for path in args.criteria or []:
        try:
            text = _criteria_text(path)
        except OSError as exc:
            raise UsageError([Problem("criteria", N_("No se puede leer el archivo %(file)s: %(reason)s"),
                                      {"file": path, "reason": str(exc)})]) from None
        named.append((_criteria_name(text) or Path(path).stem,
                      book.distributions.simulate(text, campaign_code=args.campaign)))
    for number in args.run or []:
        stored = book.distributions.stored(number)
        named.append((stored.row.name or _("N.º %(number)s") % {"number": number}, stored.result))
    return named


def cmd_assembly_pack(args) -> int:
    from coopdesk.core.bulletin import parse_quarter
    from coopdesk.reports.assembly_pdf import render_assembly  # ReportLab, only to print
    from coopdesk.reports.assembly_view import Proposal, assembly_view

    year, quarter = parse_quarter(args.quarter)
    agenda = tuple(a.strip() for a in args.agenda or [] if a.strip())
    if args.agenda_file:
        agenda += tuple(line.strip() for line in _typed(None, args.agenda_file, "agenda").splitlines() if line.strip())
    with open_book(args) as book:
        data = book.bulletin.quarter(year, quarter)
        named = _proposals(book, args)
        summaries, comparison = book.bulletin.proposals(named) if named else ([], None)
        view = assembly_view(data, book.cooperative, book.clock.today(), agenda,
                             tuple(Proposal(name, s) for name, s in summaries), comparison)
    render_assembly(view, args.pdf)
    print(_("Carpeta de la asamblea en PDF: %(file)s") % {"file": args.pdf})
    return 0


def add_parsers(sub) -> None:
    s = sub.add_parser("bulletin", help=_("imprime el boletín mensual a los socios (PDF, e imagen PNG)"))
    s.add_argument("--month", required=True, metavar=_("AAAA-MM"), help=_("el mes, por ejemplo 2026-11"))
    s.add_argument("--pdf", required=True, metavar=_("ARCHIVO"), help=_("el boletín en PDF"))
    s.add_argument("--png", metavar=_("ARCHIVO"), help=_("también como imagen PNG, para enviar por WhatsApp"))
    s.add_argument("--slips", action="store_true", help=_("con la hoja personal de cada socio"))
    s.add_argument("--decisions", metavar=_("TEXTO"), help=_("los acuerdos del Consejo, como los escribe el tesorero"))
    s.add_argument("--decisions-file", metavar=_("ARCHIVO"), help=_("los acuerdos del Consejo, de un archivo de texto"))
    s.add_argument("--assembly", metavar=_("TEXTO"),
                   help=_("la próxima asamblea (fecha, hora y lugar); si falta, la primera registrada después del mes"))
    s.set_defaults(func=cmd_bulletin)
    s = sub.add_parser("assembly-pack", help=_("imprime la carpeta de la asamblea trimestral (PDF)"))
    s.add_argument("--quarter", required=True, metavar=_("AAAA-TN"), help=_("el trimestre, por ejemplo 2026-T4"))
    s.add_argument("--pdf", required=True, metavar=_("ARCHIVO"), help=_("la carpeta en PDF"))
    s.add_argument("--agenda", action="append", metavar=_("PUNTO"), help=_("un punto de la agenda (repítalo)"))
    s.add_argument("--agenda-file", metavar=_("ARCHIVO"), help=_("la agenda, un punto por línea"))
    s.add_argument("--criteria", action="append", metavar=_("ARCHIVO"),
                   help=_("una propuesta de criterios (TOML) para comparar (repítalo)"))
    s.add_argument("--run", action="append", type=int, metavar="N", help=_("una distribución guardada para comparar"))
    s.add_argument("--campaign", help=_("la campaña de las propuestas (por defecto la actual)"))
    s.set_defaults(func=cmd_assembly_pack)
