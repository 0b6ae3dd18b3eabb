"""Who is typing, on the command line (docs/security.md, «Personas y roles»).

Every command opens the book as a person:

- ``--user LOGIN`` (before or after the command) or ``$COOPDESK_USER``;
- the password from ``$COOPDESK_PASSWORD`` (scripts, scheduled backups), or
  typed at a prompt that does not echo. Never on the command line of ordinary
  commands, where other users of the computer could read it;
- with no user named, the book's automatic login, when its administrator turned
  it on (a cooperative of one person on its own laptop).

``coopdesk users add/list/disable/enable/role/password/automatic`` are the
administrator's.
"""

from __future__ import annotations

import getpass
import os
import sys

from coopdesk.cli.args import UsageError
from coopdesk.core import Book
from coopdesk.core.users import NewUser
from coopdesk.domain import roles
from coopdesk.domain.problems import Problem
from coopdesk.i18n import N_, _
from coopdesk.i18n.formatting import format_date

USER_VARIABLE = "COOPDESK_USER"
PASSWORD_VARIABLE = "COOPDESK_PASSWORD"


def login_name(args) -> str | None:
    return getattr(args, "user", None) or os.environ.get(USER_VARIABLE) or None


def password_for(login: str | None, prompt: str | None = None, confirm: bool = False) -> str | None:
    if login is None:
        return None
    from_environment = os.environ.get(PASSWORD_VARIABLE)
    if from_environment:
        return from_environment
    if not sys.stdin.isatty():
        raise UsageError([Problem("password", N_("Escriba la contraseña de %(login)s: no hay una terminal donde "
                                                 "pedirla; use $COOPDESK_PASSWORD en los programas."),
                                  {"login": login})])
    password = getpass.getpass(prompt or _("Contraseña de %(login)s: ") % {"login": login})
    if confirm and getpass.getpass(_("Repita la contraseña: ")) != password:
        raise UsageError([Problem("password", N_("Las dos contraseñas no coinciden."))])
    return password


def open_book(args, db: str | None = None) -> Book:
    """The book of ``--db`` (or ``db``), opened as the person who types."""
    login = login_name(args)
    book = Book.open(db if db is not None else args.db, user=login, password=password_for(login),
                     name=getattr(args, "user_name", None))
    reason = getattr(args, "confirm_negative_balance", None)
    if reason is not None:  # --confirm-negative-balance: this command may leave Caja or a bank below zero
        try:
            book.cash.confirm(reason)
        except BaseException:
            book.close()
            raise
    return book


def new_administrator(args, demo: bool = False) -> tuple[NewUser, bool]:
    """The first user of a new book (``init``, ``demo``): --user and --password (or
    $COOPDESK_USER and $COOPDESK_PASSWORD, or the prompt); the demo's documented
    default when it is given none, with the automatic login on."""
    login = login_name(args)
    if login is None and demo:  # the documented demo administrator, opening without a password
        from coopdesk.core.demo import DEMO_ADMINISTRATOR
        return DEMO_ADMINISTRATOR, True
    if login is None:
        raise UsageError([Problem("user", N_("Indique con --user quién será el administrador del libro (y su "
                                             "contraseña con --password, $COOPDESK_PASSWORD o al pedirla)."))])
    password = getattr(args, "password", None) or password_for(login, confirm=True)
    name = getattr(args, "user_name", None) or login
    return NewUser(login, name, roles.ADMINISTRADOR, password or ""), bool(getattr(args, "automatic_login", False))


# -- coopdesk users ---------------------------------------------------------------

def cmd_users_list(args) -> int:
    from coopdesk.cli.args import print_table

    with open_book(args) as book:
        rows = book.users.list()
    table = [(_("Usuario"), _("Nombre"), _("Rol"), _("Estado"), _("Ingreso automático"), _("Desde"))]
    table += [(u.login, u.full_name, _(roles.ROLE_NAMES[u.role]), _("activo") if u.active else _("desactivado"),
               _("sí") if u.automatic_login else "", format_date(u.created_at.date())) for u in rows]
    print_table(table)
    return 0


def cmd_users_add(args) -> int:
    with open_book(args) as book:
        password = password_for(args.login, _("Contraseña para %(login)s: ") % {"login": args.login}, confirm=True) \
            if not os.environ.get("COOPDESK_NEW_PASSWORD") else os.environ["COOPDESK_NEW_PASSWORD"]
        book.users.add(NewUser(args.login, args.name, args.role, password or ""))
    print(_("Se registró al usuario %(login)s (%(role)s).") % {"login": args.login.strip().lower(),
                                                               "role": _(roles.ROLE_NAMES[args.role])})
    return 0


def cmd_users_disable(args) -> int:
    with open_book(args) as book:
        book.users.disable(args.login)
    print(_("Se desactivó al usuario %(login)s: ya no puede ingresar.") % {"login": args.login})
    return 0


def cmd_users_enable(args) -> int:
    with open_book(args) as book:
        book.users.enable(args.login)
    print(_("Se activó al usuario %(login)s.") % {"login": args.login})
    return 0


def cmd_users_role(args) -> int:
    with open_book(args) as book:
        book.users.set_role(args.login, args.role)
    print(_("%(login)s ahora es %(role)s.") % {"login": args.login, "role": _(roles.ROLE_NAMES[args.role])})
    return 0


def cmd_users_password(args) -> int:
    """The administrator sets anyone's; a person changes their own (saying the current one)."""
    with open_book(args) as book:
        login = args.login or book.user
        current = None
        if login.strip().lower() == book.user:
            current = os.environ.get(PASSWORD_VARIABLE) or getpass.getpass(_("Contraseña actual: "))
        new = os.environ.get("COOPDESK_NEW_PASSWORD") or password_for(
            login, _("Contraseña nueva para %(login)s: ") % {"login": login}, confirm=True)
        book.users.set_password(login, new or "", current=current)
    print(_("Se cambió la contraseña de %(login)s.") % {"login": login})
    return 0


def cmd_users_automatic(args) -> int:
    on = args.state == "on"
    with open_book(args) as book:
        book.users.set_automatic_login(on)
    print(_("El libro se abrirá sin contraseña en esta computadora, como su único usuario.") if on else
          _("El libro pedirá usuario y contraseña al abrirse."))
    return 0


def add_parsers(sub) -> None:
    users = sub.add_parser("users", help=_("usuarios del libro y sus roles (administrador)")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = users.add_parser("list", help=_("lista los usuarios"))
    s.set_defaults(func=cmd_users_list)
    s = users.add_parser("add", help=_("registra un usuario (la contraseña se pide sin mostrarla)"))
    s.add_argument("login", metavar=_("USUARIO"))
    s.add_argument("--name", required=True, help=_("nombre completo"))
    s.add_argument("--role", required=True, choices=list(roles.ROLES), help=_("rol"))
    s.set_defaults(func=cmd_users_add)
    for name, func, text in (("disable", cmd_users_disable, _("desactiva un usuario (no se borra)")),
                             ("enable", cmd_users_enable, _("vuelve a activar un usuario"))):
        s = users.add_parser(name, help=text)
        s.add_argument("login", metavar=_("USUARIO"))
        s.set_defaults(func=func)
    s = users.add_parser("role", help=_("cambia el rol de un usuario"))
    s.add_argument("login", metavar=_("USUARIO"))
    s.add_argument("role", choices=list(roles.ROLES))
    s.set_defaults(func=cmd_users_role)
    s = users.add_parser("password", help=_("cambia una contraseña (la suya, o la de otro si es administrador)"))
    s.add_argument("login", metavar=_("USUARIO"), nargs="?")
    s.set_defaults(func=cmd_users_password)
    s = users.add_parser("automatic", help=_("ingreso automático sin contraseña: solo para un libro de una sola "
                                             "persona, en su propia computadora"))
    s.add_argument("state", choices=["on", "off"])
    s.set_defaults(func=cmd_users_automatic)

