"""``coopdesk init`` and ``coopdesk demo``: a new cooperative's book, or the demonstration's.

Declared here and imported by ``coopdesk.cli`` only when one of them is typed
(``coopdesk.cli.COMMANDS``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coopdesk.cli import auth as cli_auth
from coopdesk.cli.args import Reader, UsageError, today
from coopdesk.core import Book, BookError
from coopdesk.core.demo import build_demo
from coopdesk.core.locations import database_exists, display_name, resolve_db
from coopdesk.domain.problems import Problem
from coopdesk.domain.rules import CampaignInput, CooperativeInput, ZoneInput
from coopdesk.domain.zones import parse_zones
from coopdesk.i18n import N_, _
from coopdesk.i18n.formatting import format_number


def cmd_init(args) -> int:
    coop = CooperativeInput(args.name, args.ruc, args.address or "", args.city)
    # --zone "LP=Las Piedras", or just --zone "Las Piedras" (the code made from the name, as in the GUI)
    zones = [ZoneInput(code, name) for code, name in
             parse_zones("\n".join(z.replace("=", " - ", 1) for z in args.zone or []))]
    year, read = today().year, Reader()
    start = read.date(args.start, "start", date(year, 1, 1))
    end = read.date(args.end, "end", date(year, 12, 31))
    read.done()
    code = args.campaign or str(start.year)
    campaign = CampaignInput(code, _("Campaña %(code)s") % {"code": code}, start, end)
    administrator, automatic = cli_auth.new_administrator(args)
    with Book.create(args.db, coop, zones, campaign, administrator=administrator,
                     automatic_login=automatic) as book:
        print(_("Se creó la cooperativa %(name)s en %(db)s.") % {"name": book.cooperative.name, "db": book.location})
    return 0


def cmd_demo(args) -> int:
    problems = []
    if args.members < 1:
        problems.append(Problem("members", N_("La demostración necesita al menos un socio.")))
    if args.deliveries is not None and args.deliveries < 0:
        problems.append(Problem("deliveries", N_("El número de entregas no puede ser negativo.")))
    if problems:
        raise UsageError(problems)
    url = resolve_db(args.db)
    if database_exists(url) and Path(display_name(url)).exists():
        raise BookError(N_("Ya existe la base de datos %(db)s. Use --db para crear la demostración en otro archivo."),
                        db=display_name(url))
    administrator, automatic = cli_auth.new_administrator(args, demo=True)
    build_demo(url, seed=args.seed, members=args.members, deliveries=args.deliveries, administrator=administrator,
               automatic_login=automatic)
    with Book.open(url, user=administrator.login, password=administrator.password) as book:
        members, deliveries = book.members.count(), book.deliveries.count()
        print(_("Se creó la cooperativa de demostración en %(db)s: %(members)s socios y %(deliveries)s entregas.")
              % {"db": book.location, "members": format_number(members), "deliveries": format_number(deliveries)})
    return 0

def first_user_options(s) -> None:
    """The administrator a new book gets (``init``, ``demo``): --user is common to every command."""
    s.add_argument("--password", help=_("contraseña del administrador (mejor $COOPDESK_PASSWORD o al pedirla: en la "
                                        "línea de órdenes la ven otros usuarios de la computadora)"))
    s.add_argument("--user-name", help=_("nombre completo del administrador"))
    s.add_argument("--automatic-login", action="store_true",
                   help=_("el libro se abre sin contraseña en esta computadora (cooperativa de una sola persona)"))



def add_parsers(sub) -> None:
    s = sub.add_parser("init", help=_("crea una cooperativa nueva"))
    s.add_argument("--name", required=True, help=_("nombre de la cooperativa"))
    s.add_argument("--ruc", required=True, help=_("RUC de 11 dígitos"))
    s.add_argument("--address", help=_("dirección"))
    s.add_argument("--city", required=True, help=_("ciudad, para la fecha de los documentos"))
    s.add_argument("--zone", action="append", metavar=_("CÓDIGO=NOMBRE"),
                   help=_("una zona, con su código o solo el nombre (se puede repetir)"))
    s.add_argument("--campaign", help=_("código de la primera campaña (por defecto el año)"))
    s.add_argument("--start", help=_("inicio de la campaña (01/01/2026)"))
    s.add_argument("--end", help=_("fin de la campaña"))
    first_user_options(s)
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("demo", help=_("crea una cooperativa de demostración"))
    s.add_argument("--seed", type=int, default=2026, help=_("semilla: la misma semilla da los mismos datos"))
    s.add_argument("--members", type=int, default=150, help=_("número de socios"))
    s.add_argument("--deliveries", type=int, default=None, help=_("número de entregas (por defecto 12 por socio)"))
    first_user_options(s)
    s.set_defaults(func=cmd_demo)
