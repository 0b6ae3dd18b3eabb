"""``coopdesk backup`` and ``coopdesk restore FILE``: the same core calls as the GUI's
«Respaldar ahora…» and «Restaurar un respaldo…» (``book.backups``,
``coopdesk.core.restoring.restore``).

The command line makes no automatic backups: every command stays as quick as it
was. Automatic backups are the GUI's (when it closes, and at most one a day);
an office that works only from scripts schedules ``coopdesk backup`` itself
(cron, the Windows Task Scheduler). See docs/security.md, «Respaldos».

A password is typed at a prompt that does not echo (never on the command line,
where other users of the computer could read it), or read from
``$COOPDESK_BACKUP_PASSWORD`` for scheduled backups.
"""

from __future__ import annotations

import getpass
import os
import sys
from decimal import Decimal

from coopdesk.cli.auth import open_book
from coopdesk.cli.args import UsageError
from coopdesk.core.restoring import PasswordNeeded, restore
from coopdesk.domain.problems import Problem
from coopdesk.i18n import N_, _, describe, ngettext
from coopdesk.i18n.formatting import format_number

PASSWORD_VARIABLE = "COOPDESK_BACKUP_PASSWORD"
NONE_WORDS = {"none", "ninguna", "-"}


def size_words(size: int) -> str:
    return _("%(mb)s MB") % {"mb": format_number(Decimal(size) / Decimal(1_000_000), 1)}


def read_password(confirm: bool) -> str:
    """From $COOPDESK_BACKUP_PASSWORD, or typed without echo (twice when making a backup)."""
    from_environment = os.environ.get(PASSWORD_VARIABLE)
    if from_environment:
        return from_environment
    password = getpass.getpass(_("Contraseña del respaldo: "))
    if confirm and getpass.getpass(_("Repita la contraseña: ")) != password:
        raise UsageError([Problem("password", N_("Las dos contraseñas no coinciden: no se hizo el respaldo."))])
    return password


def cmd_backup(args) -> int:
    password = read_password(confirm=True) if args.password else None
    with open_book(args) as book:
        if args.second_folder is not None:
            folder = "" if args.second_folder.strip().lower() in NONE_WORDS else args.second_folder
            book.backups.set_second_folder(folder)
            second = book.backups.second_folder()
            print(_("Cada respaldo se copiará también a %(folder)s.") % {"folder": second} if second else
                  _("Los respaldos ya no se copian a una segunda carpeta."))
        made = book.backups.make(to=args.to, password=password, thorough=True if args.thorough else None)
    print(_("Respaldo verificado: %(file)s (%(size)s, SHA-256 %(digest)s).")
          % {"file": made.file, "size": size_words(made.size), "digest": made.digest})
    if made.encrypted:
        print(_("Está cifrado: sin la contraseña no se puede restaurar. Guárdela en un lugar seguro, aparte."))
    for copy in made.copies:
        print(_("Copia verificada en %(file)s.") % {"file": copy})
    for warning in made.warnings:
        print(_("Aviso: %(message)s") % {"message": describe(warning)}, file=sys.stderr)
    if made.removed:
        print(ngettext("Se borró %(n)s respaldo antiguo (se conservan 7 diarios, 4 semanales y 12 mensuales).",
                       "Se borraron %(n)s respaldos antiguos (se conservan 7 diarios, 4 semanales y 12 mensuales).",
                       len(made.removed)) % {"n": format_number(len(made.removed))})
    if made.thorough:
        print(_("Se revisó a fondo (PRAGMA integrity_check: cada página, cada índice contra su tabla)."))
    return 0


def cmd_restore(args) -> int:
    password = read_password(confirm=False) if args.password else None
    try:
        done = restore(args.db, args.file, password=password)
    except PasswordNeeded as exc:
        print(_("Error: %(message)s") % {"message": describe(exc.problem)}, file=sys.stderr)
        print(_("Repita la orden con --password."), file=sys.stderr)
        return 2
    print(_("Se restauró el respaldo %(file)s.") % {"file": done.source})
    if done.kept_aside is not None:
        print(_("El libro como estaba antes quedó en %(file)s.") % {"file": done.kept_aside})
    return 0


def add_parsers(sub) -> None:
    s = sub.add_parser("backup", help=_("hace un respaldo verificado del libro (en la carpeta «respaldos» junto a "
                                        "él y en la segunda carpeta, si hay una)"))
    s.add_argument("--to", metavar=_("CARPETA"), help=_("esta vez, respalda en esta carpeta en lugar de las de "
                                                        "siempre"))
    s.add_argument("--password", action="store_true",
                   help=_("cifra el respaldo con una contraseña (se pide sin mostrarla, o se lee de "
                          "$COOPDESK_BACKUP_PASSWORD)"))
    s.add_argument("--thorough", action="store_true",
                   help=_("revisa la copia a fondo (PRAGMA integrity_check, más lento), como el primer respaldo de "
                          "cada semana; los demás se revisan con quick_check y se comparan con el libro"))
    s.add_argument("--second-folder", metavar=_("CARPETA"),
                   help=_("guarda en la configuración una segunda carpeta (una memoria USB) a la que se copia cada "
                          "respaldo; none para ninguna"))
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help=_("restaura un respaldo: lo revisa primero y guarda aparte el libro actual"))
    s.add_argument("file", metavar=_("ARCHIVO"), help=_("el archivo de respaldo (.sqlite, .dump o .cifrado)"))
    s.add_argument("--password", action="store_true", help=_("el respaldo está cifrado: pide su contraseña"))
    s.set_defaults(func=cmd_restore)
