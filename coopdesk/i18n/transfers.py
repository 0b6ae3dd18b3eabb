"""What an import added or an export wrote, in words: the same sentences for the
CLI and the Importar/Exportar dialogs."""

from __future__ import annotations

from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_kg, format_money, format_number

SHOWN_ROWS = 20  # row numbers listed for rows already in the book


def added(kind: str, n: int, dry_run: bool) -> str:
    """«Se agregaron 7 entregas» (or «Se agregarían …» for a review)."""
    if dry_run:
        texts = {
            "members": ngettext("Se agregaría %(n)s socio", "Se agregarían %(n)s socios", n),
            "deliveries": ngettext("Se agregaría %(n)s entrega", "Se agregarían %(n)s entregas", n),
            "movements": ngettext("Se agregaría %(n)s movimiento", "Se agregarían %(n)s movimientos", n),
            "attendance": ngettext("Se agregaría %(n)s asistencia", "Se agregarían %(n)s asistencias", n),
            "prices": ngettext("Se agregaría %(n)s precio", "Se agregarían %(n)s precios", n),
            "accounts": ngettext("Se agregaría %(n)s cuenta", "Se agregarían %(n)s cuentas", n),
        }
        other = ngettext("Se agregaría %(n)s fila", "Se agregarían %(n)s filas", n)
    else:
        texts = {
            "members": ngettext("Se agregó %(n)s socio", "Se agregaron %(n)s socios", n),
            "deliveries": ngettext("Se agregó %(n)s entrega", "Se agregaron %(n)s entregas", n),
            "movements": ngettext("Se agregó %(n)s movimiento", "Se agregaron %(n)s movimientos", n),
            "attendance": ngettext("Se agregó %(n)s asistencia", "Se agregaron %(n)s asistencias", n),
            "prices": ngettext("Se agregó %(n)s precio", "Se agregaron %(n)s precios", n),
            "accounts": ngettext("Se agregó %(n)s cuenta", "Se agregaron %(n)s cuentas", n),
        }
        other = ngettext("Se agregó %(n)s fila", "Se agregaron %(n)s filas", n)
    return texts.get(kind, other) % {"n": format_number(n)}


def exported(kind: str, n: int, path: str) -> str:
    """«Se exportaron 3 precios a precios.xlsx.»"""
    texts = {
        "members": ngettext("Se exportó %(n)s socio a %(file)s.", "Se exportaron %(n)s socios a %(file)s.", n),
        "deliveries": ngettext("Se exportó %(n)s entrega a %(file)s.", "Se exportaron %(n)s entregas a %(file)s.", n),
        "movements": ngettext("Se exportó %(n)s movimiento a %(file)s.",
                              "Se exportaron %(n)s movimientos a %(file)s.", n),
        "prices": ngettext("Se exportó %(n)s precio a %(file)s.", "Se exportaron %(n)s precios a %(file)s.", n),
        "accounts": ngettext("Se exportó %(n)s cuenta a %(file)s.", "Se exportaron %(n)s cuentas a %(file)s.", n),
        "journal": ngettext("Se exportó %(n)s línea del Libro Diario a %(file)s.",
                            "Se exportaron %(n)s líneas del Libro Diario a %(file)s.", n),
        "sales": ngettext("Se exportó %(n)s venta a %(file)s.", "Se exportaron %(n)s ventas a %(file)s.", n),
        "expenses": ngettext("Se exportó %(n)s gasto a %(file)s.", "Se exportaron %(n)s gastos a %(file)s.", n),
        "trial_balance": ngettext("Se exportó el balance de comprobación (%(n)s cuenta) a %(file)s.",
                                  "Se exportó el balance de comprobación (%(n)s cuentas) a %(file)s.", n),
        "worksheet": ngettext("Se exportó la hoja de trabajo (%(n)s fila) a %(file)s.",
                              "Se exportó la hoja de trabajo (%(n)s filas) a %(file)s.", n),
    }
    other = ngettext("Se exportó %(n)s fila a %(file)s.", "Se exportaron %(n)s filas a %(file)s.", n)
    return texts.get(kind, other) % {"n": format_number(n), "file": path}


def summary(report, dry_run: bool) -> str:
    """An import's report (``core.imports.ImportReport``) in a sentence: «Se agregarían
    120 entregas (12,345.60 kg netos, S/ 23,456.78); 3 ya estaban (filas 4, 5, 9).»"""
    text = added(report.kind, report.to_add, dry_run)
    if report.kind == "deliveries" and report.to_add:
        text += " " + _("(%(kg)s netos, %(amount)s)") % {"kg": format_kg(report.kg),
                                                         "amount": format_money(report.amount)}
    if report.kind == "attendance" and report.events:
        text += " " + ngettext("(%(n)s asamblea o faena nueva)", "(%(n)s asambleas o faenas nuevas)",
                               report.events) % {"n": format_number(report.events)}
    if report.already:
        rows = ", ".join(str(r) for r in report.already[:SHOWN_ROWS])
        if len(report.already) > SHOWN_ROWS:
            rows += ", …"
        text += "; " + ngettext("%(n)s ya estaba (fila %(rows)s)", "%(n)s ya estaban (filas %(rows)s)",
                                len(report.already)) % {"n": format_number(len(report.already)), "rows": rows}
    return text + "."


def pending_skipped(n: int) -> str:
    """Older documents dated in closed months: they stay without an entry."""
    return ngettext("%(n)s documento tiene fecha en un periodo cerrado y quedó sin asiento: el contador lo refleja con "
                    "un asiento manual en un periodo abierto.",
                    "%(n)s documentos tienen fecha en periodos cerrados y quedaron sin asiento: el contador los "
                    "refleja con un asiento manual en un periodo abierto.", n) % {"n": format_number(n)}
