"""``coopdesk distribution ...``: the distribution workflow from the command line.

The same core calls as the GUI's Distribución section. ``--json`` output has
stable keys documented in docs/distribution.md; every amount is a string with
two decimals, and each pot's key is written as in the criteria.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from coopdesk.cli.auth import open_book
from coopdesk.cli.args import Reader, UsageError, confirm_negative_option, print_table
from coopdesk.domain.catalog import PaymentMethod
from coopdesk.domain.distribution.criteria_file import KEY_NAMES
from coopdesk.domain.money import CENT, ZERO
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.text import decode_text
from coopdesk.i18n import _, describe, label, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number


def _criteria_text(path: str) -> str:
    return decode_text(Path(path).read_bytes())



def cmd_simulate(args) -> int:
    """Compute the criteria over the season and keep the result as a draft run."""
    text = _criteria_text(args.criteria)
    with open_book(args) as book:
        notes = []
        if args.remanente is not None:  # the amount from the books, written into the criteria kept with the run
            text = book.distributions.with_remanente(text, args.remanente)
            notes.append(_("El monto a distribuir es el remanente del ejercicio %(year)s según la contabilidad, "
                           "%(amount)s: reemplaza el «monto» escrito en los criterios.")
                         % {"year": args.remanente, "amount": format_money(book.ledger.remanente(args.remanente))})
            if not book.ledger.closed_year(args.remanente):
                notes.append(_("Aviso: el ejercicio %(year)s aún no está cerrado; su remanente puede cambiar con "
                               "asientos posteriores.") % {"year": args.remanente})
        run = book.distributions.create(text, campaign_code=args.campaign, name=args.name,
                                        corrects=args.corrects, reason=args.reason or "")
        stored = book.distributions.stored(run.number)
        info = book.distributions.member_info()
    if args.json:
        print(json.dumps(run_json(stored, info), ensure_ascii=False, indent=2))
        return 0
    for note in notes:
        print(note)
    _print_result(stored, info)
    print(_("Se guardó como borrador la distribución N.º %(number)s. Para aprobarla: coopdesk distribution approve "
            "%(number)s --acta N --date AAAA-MM-DD") % {"number": run.number})
    return 0


def _print_result(stored, info) -> None:
    result, row = stored.result, stored.row
    print(_("Distribución N.º %(number)s: %(name)s (%(status)s)") % {
        "number": row.number, "name": row.name, "status": label(row.status)})
    print(_("Monto a distribuir: %(amount)s") % {"amount": format_money(result.amount)})
    for name, amount in result.appropriations:
        print(f"  {name}: {format_money(amount)}")
    print(_("Para los socios: %(amount)s") % {"amount": format_money(result.to_members)})
    for pot in result.pots:
        print(f"  {pot.name}: {format_money(pot.amount)}")
    table = [(_("Código"), _("Socio"), _("Bruto"), _("Descuentos"), _("Neto a pagar"))]
    table += [(p.code, info[p.code].name if p.code in info else "", format_money(p.gross), format_money(p.deducted),
               format_money(p.net)) for p in result.payouts.values() if p.gross]
    print_table(table, right=(2, 3, 4))


def _money(value) -> str:
    """An amount in soles as the JSON writes every amount: a string with two decimals."""
    return str(Decimal(value).quantize(CENT))


def _pot_json(p) -> dict:
    return {"name": p.name, "key": KEY_NAMES.get(p.key, p.key), "amount": _money(p.amount),
            "total_basis": str(p.total_basis), "unallocated": _money(p.unallocated)}


def result_json(result, info=None) -> dict:
    """The engine's result with stable keys: every amount a string with two decimals,
    each pot's key as the criteria write it (``partes_iguales``), the primas with
    their pots, and the totals the documented reconciliation needs
    (docs/distribution.md, «JSON output»)."""
    info = info or {}
    pots = result.all_pots
    return {
        "amount": _money(result.amount),
        "loss_compensation": _money(result.loss_compensation),
        "appropriations": [{"name": n, "amount": _money(a)} for n, a in result.appropriations],
        "to_members": _money(result.to_members),
        "pots": [_pot_json(p) for p in result.pots],
        "not_in_pots": _money(result.not_in_pots),
        "primas": [{"name": s.name, "amount": _money(s.amount), "fund": s.fund, "to_fund": _money(s.to_fund),
                    "to_members": _money(s.to_members), "pots": [_pot_json(p) for p in s.pots],
                    "not_in_pots": _money(s.not_in_pots)} for s in result.streams],
        "total_amount": _money(result.total_amount),
        "members_gross": _money(sum((p.gross for p in result.payouts.values()), ZERO)),
        "unallocated": _money(result.unallocated),
        "to_funds": _money(result.to_funds),
        "members": [{"code": p.code, "name": info[p.code].name if p.code in info else "", "eligible": p.eligible,
                     "gross": _money(p.gross), "capitalised": _money(p.capitalised),
                     "carried_in": _money(p.carried_in), "retained": _money(p.retained),
                     "withheld": _money(p.withheld), "deducted": _money(p.deducted), "net": _money(p.net),
                     "deductions": [{"concept": d.concept, "owed": _money(d.owed), "deducted": _money(d.deducted)}
                                    for d in p.deductions],
                     "shares": {pot.name: {"basis": str(pot.shares[p.code].basis),
                                           "amount": _money(pot.shares[p.code].amount)}
                                for pot in pots if p.code in pot.shares}}
                    for p in result.payouts.values()],
    }


def run_json(stored, info=None) -> dict:
    row = stored.row
    data = _run_json(stored, info)
    codes = getattr(stored, "member_codes", None) or {}
    for member in data["members"]:  # each member's own code, printed on their liquidation (published runs)
        if member["code"] in codes:
            member["verification_code"] = codes[member["code"]]
    return data


def _run_json(stored, info=None) -> dict:
    row = stored.row
    return {"run": {
        "number": row.number, "status": row.status, "name": row.name, "campaign": row.campaign,
        "criteria_version": row.criteria_version, "acta": row.acta_number,
        "acta_date": row.acta_date.isoformat() if row.acta_date else None,
        "published_at": row.published_at.isoformat() if row.published_at else None,
        "code": row.code, "fingerprint": row.fingerprint, "corrects": row.corrects, "reason": row.reason,
    }} | result_json(stored.result, info)


def cmd_runs(args) -> int:
    with open_book(args) as book:
        runs = book.distributions.runs()
    if not runs:
        print(_("Todavía no hay distribuciones. Cree una con: coopdesk distribution simulate --criteria ARCHIVO"))
        return 0
    table = [(_("N.º"), _("Distribución"), _("Campaña"), _("Estado"), _("Monto"), _("Neto a pagar"), _("Código"))]
    table += [(str(r.number), r.name, r.campaign, label(r.status), format_money(r.amount), format_money(r.net_total),
               r.code or "") for r in runs]
    print_table(table, right=(0, 4, 5))
    return 0


def cmd_show(args) -> int:
    with open_book(args) as book:
        # a published run is shown with its code only while it matches its seal (docs/seals.md)
        stored = book.distributions.sealed(args.run)
        info = book.distributions.member_info()
        book_changes = book.distributions.changes(args.run)
    if args.json:
        data = run_json(stored, info)
        data["changes"] = [{"code": c.code, "name": c.name, "before": str(c.before), "after": str(c.after),
                            "difference": str(c.difference), "reasons": list(c.reasons)} for c in book_changes]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    _print_result(stored, info)
    row = stored.row
    if row.corrects:
        print(_("Corrige la distribución N.º %(number)s: %(reason)s") % {"number": row.corrects,
                                                                        "reason": row.reason})
    if row.acta_number:
        print(_("Aprobada en el acta %(acta)s del %(date)s.") % {"acta": row.acta_number,
                                                                 "date": format_date(row.acta_date)})
    if row.code:
        print(_("Código de verificación: %(code)s") % {"code": row.code})
    _print_changes(book_changes)
    return 0


def _print_changes(changes) -> None:
    """A correction's members whose amount changed, and why."""
    if not changes:
        return
    from coopdesk.core.distributions import CHANGE_REASONS

    print()
    table = [(_("Código"), _("Socio"), _("Antes"), _("Ahora"), _("Diferencia"), _("Por qué"))]
    table += [(c.code, c.name, format_money(c.before), format_money(c.after), format_money(c.difference),
               "; ".join(_(CHANGE_REASONS[r]) for r in c.reasons)) for c in changes]
    print_table(table, right=(2, 3, 4))


def cmd_approve(args) -> int:
    read = Reader()
    acta_date = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        run = book.distributions.approve(args.run, acta=args.acta, acta_date=acta_date, signed_by=args.signed_by)
        blocking = book.distributions.publish_problems(run.number)
    print(_("La distribución N.º %(number)s quedó aprobada (acta %(acta)s del %(date)s).") % {
        "number": run.number, "acta": run.acta_number, "date": format_date(run.acta_date)})
    for problem in blocking:  # what «publish» would refuse, said now
        print(_("Atención: %(problem)s No se podrá publicar hasta resolverlo.") % {"problem": describe(problem)},
              file=sys.stderr)
    return 0


def cmd_publish(args) -> int:
    with open_book(args) as book:
        run = book.distributions.publish(args.run)
    print(_("La distribución N.º %(number)s quedó publicada. Código de verificación: %(code)s") % {
        "number": run.number, "code": run.code})
    if run.corrects:
        print(_("Reemplaza a la distribución N.º %(number)s, que se conserva.") % {"number": run.corrects})
    return 0


def cmd_verify(args) -> int:
    from coopdesk.domain.audit_chain import read_head_code

    if read_head_code(args.code) is not None:  # the audit trail's head, typed from a paper (R-…)
        from coopdesk.cli.audit import cmd_verify_head

        return cmd_verify_head(args)
    with open_book(args) as book:
        check = book.distributions.verify(args.code)
    values = {"number": check.number, "code": check.code, "new": check.superseded_by}
    member = check.member
    if member is not None:
        values |= {"member_code": member.member_code, "member": member.code, "name": member.name,
                   "net": format_money(member.net)}
        if check.matches:
            print(_("Correcto: el código %(member_code)s es de la liquidación de %(member)s (%(name)s) en la "
                    "distribución N.º %(number)s (código %(code)s), con un neto a pagar de %(net)s. La distribución "
                    "se recalculó con sus datos guardados y coincide con su sello.") % values)
        else:
            print(_("NO COINCIDE: el código %(member_code)s es de la liquidación de %(member)s (%(name)s) en la "
                    "distribución N.º %(number)s (código %(code)s), con un neto a pagar de %(net)s, pero esa "
                    "distribución ya no coincide con su sello: sus datos guardados fueron alterados.") % values)
    elif check.matches:
        print(_("Correcto: la distribución N.º %(number)s (código %(code)s) se recalculó con sus datos guardados y "
                "coincide.") % values)
    else:
        print(_("NO COINCIDE: la distribución N.º %(number)s (código %(code)s) no da el mismo resultado al "
                "recalcularla: sus datos guardados fueron alterados, o esta versión de coopdesk calcula distinto.")
              % values)
    for finding in check.findings:
        print(f"- {describe(finding)}")
    if check.status == "reemplazada":
        print(_("Atención: esta distribución fue reemplazada por una corrección (N.º %(new)s); la que vale es "
                "esa.") % values if check.superseded_by else
              _("Atención: esta distribución fue reemplazada por una corrección.") % values)
    return 0 if check.matches else 1


def cmd_pay(args) -> int:
    read = Reader()
    paid_on = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        book.distributions.mark_paid(args.run, args.member, paid_on, args.method, reference=args.reference or "")
    print(_("Se registró el pago de %(member)s en la distribución N.º %(number)s.") % {
        "member": args.member.upper(), "number": args.run})
    return 0


def cmd_statements(args) -> int:
    """Every member's Liquidación (or the chosen ones), the board summary and the
    criteria document, on every core."""
    import sys

    from coopdesk.reports.distribution_pdfs import PDF

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def progress(done: int, total: int) -> None:
        print(_("%(done)s de %(total)s liquidaciones") % {"done": format_number(done), "total": format_number(total)},
              file=sys.stderr)

    job = None
    with open_book(args) as book:
        book.liquidations.renderer = PDF
        if args.one_pdf:  # one print job by zone or collection point; the files per member only with --each
            job = book.liquidations.write_batch(args.run, out / PDF.batch_filename(args.run),
                                                members=args.member or None, progress=progress, by=args.by,
                                                each_in=out if args.each else None, duplex=args.duplex)
            prefix = PDF.filename(args.run, "X").removesuffix("X.pdf")  # liquidacion-3-
            written = [p for p in out.iterdir() if p.name.startswith(prefix)] if args.each else []
        else:
            written = book.liquidations.write_all(args.run, out, members=args.member or None, progress=progress)
        name = _("resumen-distribucion-%(number)s.pdf") % {"number": args.run}
        summary = book.liquidations.write_summary(args.run, out / name)
        name = _("criterios-distribucion-%(number)s.pdf") % {"number": args.run}
        criteria = book.liquidations.write_criteria(args.run, out / name)
    if job is not None:
        print(_("Liquidaciones en un solo PDF para imprimir: %(file)s") % {"file": job})
    if written or job is None:
        print(ngettext("Se imprimió %(n)s liquidación en %(dir)s.", "Se imprimieron %(n)s liquidaciones en %(dir)s.",
                       len(written)) % {"n": format_number(len(written)), "dir": out})
    print(_("Resumen para el consejo: %(file)s") % {"file": summary})
    print(_("Criterios de distribución: %(file)s") % {"file": criteria})
    return 0


def cmd_criteria(args) -> int:
    """The run's criteria as a document to sign and file with the acta."""
    from coopdesk.reports.distribution_pdfs import PDF

    out = Path(args.out)
    if out.is_dir():
        out = out / PDF.criteria_filename(args.run)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open_book(args) as book:
        path = book.liquidations.write_criteria(args.run, out, renderer=PDF)
    print(_("Criterios de distribución: %(file)s") % {"file": path})
    return 0


def cmd_compare(args) -> int:
    sources = [("criteria", c) for c in args.criteria or []] + [("run", r) for r in args.run or []]
    if len(sources) != 2:
        raise UsageError([Problem("compare", N_("Compare exactamente dos: dos --criteria, dos --run, o uno de "
                                                "cada uno."))])
    with open_book(args) as book:
        results, labels = [], []
        for kind, value in sources:
            if kind == "criteria":
                results.append(book.distributions.simulate(_criteria_text(value), campaign_code=args.campaign))
                labels.append(Path(value).name)
            else:
                results.append(book.distributions.stored(value).result)
                labels.append(_("N.º %(number)s") % {"number": value})
        comparison = book.distributions.compare(*results)
    if args.json:
        print(json.dumps(compare_json(comparison, labels), ensure_ascii=False, indent=2))
        return 0
    a, b = labels
    table = [("", a, b)]
    for name, attr in ((_("Total"), "total"), (_("Mediana"), "median")):
        table.append((name, format_money(getattr(comparison.a, attr)), format_money(getattr(comparison.b, attr))))
    table.append((_("Parte del 10 % más alto"), f"{comparison.a.top10_share} %", f"{comparison.b.top10_share} %"))
    table.append((_("Coeficiente de Gini"), str(comparison.a.gini), str(comparison.b.gini)))
    print_table(table, right=(1, 2))
    for title, groups in ((_("Por zona"), comparison.by_zone), (_("Por género"), comparison.by_gender),
                          (_("Por certificación"), comparison.by_certification)):
        print()
        table = [(title, a, b, _("Diferencia"))]
        table += [(label(g.group) or "—", format_money(g.a), format_money(g.b), format_money(g.difference))
                  for g in groups]
        print_table(table, right=(1, 2, 3))
    for title, rows in ((_("Los que más ganan"), comparison.gainers), (_("Los que más pierden"), comparison.losers)):
        if rows:
            print()
            table = [(title, _("Socio"), a, b, _("Diferencia"))]
            table += [(m.code, m.name, format_money(m.a), format_money(m.b), format_money(m.difference)) for m in rows]
            print_table(table, right=(2, 3, 4))
    changed = sum(1 for m in comparison.members if m.difference)
    print()
    print(ngettext("%(n)s socio recibe un monto distinto.", "%(n)s socios reciben un monto distinto.", changed)
          % {"n": format_number(changed)})
    return 0


def compare_json(c, labels) -> dict:
    def summary(s):
        return {"members": s.members, "paid": s.paid, "total": str(s.total), "median": str(s.median),
                "top10_share": str(s.top10_share), "gini": str(s.gini)}

    def groups(rows):
        return [{"group": g.group, "a": str(g.a), "b": str(g.b), "difference": str(g.difference)} for g in rows]

    def members(rows):
        return [{"code": m.code, "name": m.name, "a": str(m.a), "b": str(m.b), "difference": str(m.difference)}
                for m in rows]

    return {"a": labels[0], "b": labels[1], "summary": {"a": summary(c.a), "b": summary(c.b)},
            "by_zone": groups(c.by_zone), "by_gender": groups(c.by_gender),
            "by_certification": groups(c.by_certification), "gainers": members(c.gainers),
            "losers": members(c.losers), "members": members(c.members)}


def add_parsers(sub) -> None:
    distribution = sub.add_parser("distribution", help=_("distribución de beneficios")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)

    s = distribution.add_parser("simulate", help=_("calcula una distribución con los criterios de un archivo y la "
                                                   "guarda como borrador"))
    s.add_argument("--criteria", required=True, help=_("archivo de criterios (TOML, ver docs/criteria.md)"))
    s.add_argument("--campaign", help=_("campaña (por defecto la actual)"))
    s.add_argument("--name", help=_("nombre de la distribución (por defecto el de los criterios)"))
    s.add_argument("--corrects", type=int, metavar="N", help=_("corrige la distribución publicada N.º N"))
    s.add_argument("--reason", help=_("por qué se corrige (obligatorio con --corrects)"))
    s.add_argument("--remanente", type=int, metavar=_("AÑO"),
                   help=_("toma el monto a distribuir del remanente de ese ejercicio en la contabilidad"))
    s.add_argument("--json", action="store_true", help=_("resultado en JSON, con montos como texto decimal"))
    s.set_defaults(func=cmd_simulate)

    s = distribution.add_parser("compare", help=_("compara dos criterios o dos distribuciones, socio por socio"))
    s.add_argument("--criteria", action="append", help=_("archivo de criterios (dos veces, o con --run)"))
    s.add_argument("--run", action="append", type=int, help=_("número de una distribución guardada"))
    s.add_argument("--campaign", help=_("campaña (por defecto la actual)"))
    s.add_argument("--json", action="store_true", help=_("resultado en JSON, con montos como texto decimal"))
    s.set_defaults(func=cmd_compare)

    distribution.add_parser("list", help=_("lista las distribuciones guardadas")).set_defaults(func=cmd_runs)

    s = distribution.add_parser("show", help=_("muestra una distribución guardada"))
    s.add_argument("run", type=int, metavar="N", help=_("número de la distribución"))
    s.add_argument("--json", action="store_true", help=_("resultado en JSON, con montos como texto decimal"))
    s.set_defaults(func=cmd_show)

    s = distribution.add_parser("approve", help=_("registra la aprobación de la asamblea"))
    s.add_argument("run", type=int, metavar="N", help=_("número de la distribución"))
    s.add_argument("--acta", required=True, help=_("número del acta de la asamblea"))
    s.add_argument("--date", required=True, help=_("fecha del acta"))
    s.add_argument("--signed-by", default="", help=_("quién firma el acta (opcional; no va en el número del acta)"))
    s.set_defaults(func=cmd_approve)

    s = distribution.add_parser("publish", help=_("publica una distribución aprobada; ya no se podrá cambiar"))
    s.add_argument("run", type=int, metavar="N", help=_("número de la distribución"))
    s.set_defaults(func=cmd_publish)

    s = distribution.add_parser("verify", help=_("recalcula una distribución publicada y dice si coincide"))
    s.add_argument("code", metavar=_("CÓDIGO"), help=_("código de verificación impreso en la liquidación: el de la "
                                                       "distribución o el del socio (S-…)"))
    s.set_defaults(func=cmd_verify)

    s = distribution.add_parser("statements", help=_("imprime las liquidaciones de los socios, el resumen para "
                                                     "el consejo y los criterios (PDF)"))
    s.add_argument("run", type=int, metavar="N", help=_("número de la distribución"))
    s.add_argument("--out", required=True, help=_("carpeta de salida"))
    s.add_argument("--member", action="append", help=_("solo este socio (se puede repetir)"))
    s.add_argument("--one-pdf", action="store_true",
                   help=_("las liquidaciones en un solo PDF para imprimir, con una hoja de separación por grupo"))
    s.add_argument("--by", choices=("zona", "centro"), default="zona",
                   help=_("con --one-pdf: separadas por zona (por defecto) o por centro de acopio"))
    s.add_argument("--each", action="store_true", help=_("con --one-pdf: también un archivo por socio"))
    s.add_argument("--duplex", action="store_true",
                   help=_("con --one-pdf: para imprimir a doble cara, cada socio empieza en el frente de una hoja "
                          "(una página en blanco tras cada separación y tras un socio con páginas impares)"))
    s.set_defaults(func=cmd_statements)

    s = distribution.add_parser("criteria", help=_("imprime los criterios de una distribución para firmarlos y "
                                                   "archivarlos con el acta (PDF)"))
    s.add_argument("run", type=int, metavar="N", help=_("número de la distribución"))
    s.add_argument("--out", required=True, help=_("archivo PDF de salida (o una carpeta)"))
    s.set_defaults(func=cmd_criteria)

    s = distribution.add_parser("pay", help=_("registra el pago a un socio"))
    s.add_argument("run", type=int, metavar="N", help=_("número de la distribución"))
    s.add_argument("--member", required=True, help=_("código del socio"))
    s.add_argument("--date", help=_("fecha de pago (por defecto hoy)"))
    s.add_argument("--method", required=True, choices=[m.value for m in PaymentMethod], help=_("forma de pago"))
    s.add_argument("--reference", help=_("número de recibo, operación o cheque"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_pay)
    from coopdesk.cli.batches import add_batch_parsers

    add_batch_parsers(distribution)

    s = sub.add_parser("verify", help=_("comprueba un código de verificación: el de una distribución, el de la "
                                        "liquidación de un socio, o la cabeza del registro de cambios impresa en un "
                                        "cierre o un resumen (R-…)"))
    s.add_argument("code", metavar=_("CÓDIGO"), help=_("código de verificación impreso: el de la distribución, el "
                                                       "del socio (S-…) o la cabeza del registro de cambios (R-…)"))
    s.set_defaults(func=cmd_verify)
