"""The audit trail's head as printed (docs/security.md, «La cabeza del registro en papel»).

The board's distribution summary and the monthly «cierre» print the same
lines: the head's code (``R-A1B2-C3D4-E5F6-0789``, what is typed back into
``coopdesk verify``), the whole SHA-256 in groups of four for reading aloud,
how many records the trail had and the time of the last one, and how to check
it later. ``head`` is read by attribute (``code``, ``groups``, ``records``,
``record_id``, ``at``; None when the trail has nothing chained yet).
"""

from __future__ import annotations

from datetime import datetime

from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_number

__all__ = ["head_fields", "head_note", "head_title"]


def head_title() -> str:
    return _("Registro de cambios (auditoría)")


def _moment(at: str | None) -> str:
    if not at:
        return _("hecho fuera de coopdesk: sin fecha")
    moment = datetime.fromisoformat(at)
    return _("%(date)s a las %(time)s") % {"date": format_date(moment.date()), "time": moment.strftime("%H:%M")}


def head_fields(head) -> tuple[tuple[str, str], ...]:
    """(label, value) pairs: the code, the whole hash, the records, the last one's time."""
    if head is None:
        return ((_("Cabeza del registro"), _("el registro de cambios aún no tiene registros")),)
    return (
        (_("Cabeza del registro"), head.code),
        (_("Huella completa (SHA-256)"), head.groups),
        (_("Registros"), _("%(records)s, hasta el N.º %(id)s") % {
            "records": format_number(head.records), "id": format_number(head.record_id)}),
        (_("Último registro"), _moment(head.at)),
    )


def head_note(head) -> str:
    """How a reader checks later that nothing recorded up to this paper was changed."""
    if head is None:
        return ""
    return _("Guarde este papel. Para comprobar más adelante que nada de lo registrado hasta hoy se cambió: "
             "coopdesk verify %(code)s (o coopdesk check --integrity).") % {
        "code": head.code}
