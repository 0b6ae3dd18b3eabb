"""The headless face of coopdesk: the same core calls as the GUI.

``coopdesk`` with no command opens the GUI. Exit status: 0 on success, 2 on bad
input (with a Spanish message on stderr, never a traceback), 1 on an unexpected
failure (a short message; the traceback goes to the log file).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from importlib import import_module
from pathlib import Path
from typing import NamedTuple

from coopdesk import __version__, version_text
from coopdesk.cli import args as cli_args
from coopdesk.cli.args import UsageError
from coopdesk.core.errors import BookError, InvalidInput
from coopdesk.domain.problems import Problem, Text
from coopdesk.i18n import N_, _, describe, set_language


# -- the commands -------------------------------------------------------------

class Command(NamedTuple):
    module: str
    """The module that declares the command (its ``add_parsers(sub)``) and runs it."""
    help: str
    """Its line in «coopdesk --help»: the same help its module gives it."""


# Every command, in the order «coopdesk --help» lists them. A command's module is
# imported only when that command is typed, so «coopdesk --help» and «coopdesk
# --version» import neither the core, SQLAlchemy, ReportLab nor Qt, and a command
# imports only what it uses (tests/cli/test_cli_startup.py holds this list to the
# modules' own declarations). A new command: declare it in its module's
# ``add_parsers(sub)`` (``sub.add_parser("name", help=_("..."))``), and add it here
# with that module and the same help. A new subcommand of a command (``members
# export``) needs nothing here.
COMMANDS: dict[str, Command] = {
    "init": Command("coopdesk.cli.init", N_("crea una cooperativa nueva")),
    "demo": Command("coopdesk.cli.init", N_("crea una cooperativa de demostración")),
    "members": Command("coopdesk.cli.book", N_("socios")),
    "distribution": Command("coopdesk.cli.distribution", N_("distribución de beneficios")),
    "account": Command("coopdesk.cli.accounts",
                       N_("cuenta corriente del socio: estado de cuenta, cargos, abonos, insumos, préstamos")),
    "participation": Command("coopdesk.cli.accounts", N_("asambleas y faenas, y quiénes asistieron")),
    "import": Command("coopdesk.cli.import_export", N_("importa socios, entregas, movimientos, asistencia o precios de un "
                                            "CSV o XLSX")),
    "export": Command("coopdesk.cli.import_export",
                      N_("exporta socios, entregas, movimientos, precios o la contabilidad a CSV o XLSX")),
    "plots": Command("coopdesk.cli.plots", N_("parcelas de los socios y control orgánico (estimado de cosecha)")),
    "lots": Command("coopdesk.cli.lots", N_("lotes del almacén, balance de masa, trazabilidad y el archivo para el "
                                            "comprador de la UE")),
    "prices": Command("coopdesk.cli.prices",
                      N_("precios de adelanto y normas de calidad por producto, desde una fecha")),
    "points": Command("coopdesk.cli.prices", N_("centros de acopio y su serie de tickets")),
    "settings": Command("coopdesk.cli.prices", N_("configuración de la cooperativa")),
    "ledger": Command("coopdesk.cli.ledger", N_("contabilidad: plan de cuentas, asientos, Libro Diario, balances y "
                                                "cierre de periodos")),
    "sales": Command("coopdesk.cli.sales", N_("ventas a compradores (cada una con su asiento)")),
    "expenses": Command("coopdesk.cli.sales", N_("gastos de la cooperativa (cada uno con su asiento)")),
    "withholding": Command("coopdesk.cli.withholding", N_("retenciones del impuesto a la renta a los socios")),
    "parties": Command("coopdesk.cli.registers", N_("compradores y proveedores, con su RUC o DNI")),
    "registers": Command("coopdesk.cli.registers",
                         N_("registros de ventas (14.1) y de compras (8.1) de un mes, para el PLE")),
    "assets": Command("coopdesk.cli.assets", N_("activos fijos: registro, depreciación mensual y baja")),
    "banks": Command("coopdesk.cli.banks", N_("cuentas bancarias por banco y moneda, tipos de cambio, diferencia de "
                                              "cambio y conciliación bancaria")),
    "backup": Command("coopdesk.cli.backup", N_("hace un respaldo verificado del libro (en la carpeta «respaldos» "
                                                "junto a él y en la segunda carpeta, si hay una)")),
    "restore": Command("coopdesk.cli.backup",
                       N_("restaura un respaldo: lo revisa primero y guarda aparte el libro actual")),
    "users": Command("coopdesk.cli.auth", N_("usuarios del libro y sus roles (administrador)")),
    "products": Command("coopdesk.cli.book", N_("productos")),
    "zones": Command("coopdesk.cli.book", N_("zonas")),
    "cooperative": Command("coopdesk.cli.book", N_("datos de la cooperativa")),
    "deliveries": Command("coopdesk.cli.book", N_("entregas (acopio)")),
    "statement": Command("coopdesk.cli.book", N_("imprime el estado de cuenta de un socio (PDF)")),
    "check": Command("coopdesk.cli.book", N_("verifica que estados de cuenta, cuentas de socios, fondos y "
                                             "distribuciones publicadas digan lo mismo que la contabilidad")),
    "verify": Command("coopdesk.cli.distribution", N_("comprueba un código de verificación: el de una distribución, "
                                                      "el de la liquidación de un socio, o la cabeza del registro "
                                                      "de cambios impresa en un cierre o un resumen (R-…)")),
    "statements": Command("coopdesk.cli.book", N_("imprime los estados de cuenta de todos los socios con entregas")),
    "bulletin": Command("coopdesk.cli.bulletin", N_("imprime el boletín mensual a los socios (PDF, e imagen PNG)")),
    "assembly-pack": Command("coopdesk.cli.bulletin", N_("imprime la carpeta de la asamblea trimestral (PDF)")),
}


def cmd_gui(args) -> int:
    from coopdesk.gui.app import run  # Qt only for the GUI

    return run(args.db, args.lang, demo_if_new=args.demo_if_new)


# -- the parser ---------------------------------------------------------------

def common_options(top: bool) -> cli_args.Parser:
    """--db and --lang, accepted before or after the command."""
    common = cli_args.Parser(add_help=False)
    default = None if top else argparse.SUPPRESS
    common.add_argument("--db", default=default,
                        help=_("archivo de datos o URL de base de datos (por defecto: $COOPDESK_DB o el archivo del usuario)"))
    common.add_argument("--lang", choices=["es", "en"], default=default, help=_("idioma: es (español) o en (inglés)"))
    common.add_argument("--user", default=default,
                        help=_("su usuario (por defecto $COOPDESK_USER; la contraseña se pide sin mostrarla o se lee "
                               "de $COOPDESK_PASSWORD)"))
    return common


def build_parser(command: str | None = None) -> cli_args.Parser:
    """coopdesk's parser, with the whole parser of ``command`` (its module is
    imported and declares it). Every other command is only its name and its help
    line: enough to list them in «coopdesk --help», to refuse a mistyped one, and
    to tell which command was typed (``main`` parses twice)."""
    p = cli_args.Parser(prog="coopdesk", description=_("Contabilidad y distribución transparente para cooperativas agrarias."),
                        parents=[common_options(top=True)])
    p.add_argument("--version", action="version", version=version_text(),
                   help=_("muestra la versión y termina"))
    p.add_argument("--demo-if-new", action="store_true",
                   help=_("si no hay base de datos, abre la cooperativa de demostración"))
    p.set_defaults(func=cmd_gui)
    common = common_options(top=False)
    sub = p.add_subparsers(dest="command", title=_("órdenes"), metavar=_("ORDEN"),
                           parser_class=lambda parents=(common,), **kw: cli_args.Parser(parents=list(parents), **kw))
    module = COMMANDS[command].module if command in COMMANDS else None
    for name, declared in COMMANDS.items():
        if declared.module == module and name not in sub.choices:
            import_module(module).add_parsers(sub)  # all of that module's commands
        if name not in sub.choices:  # a name and its help line: it takes any arguments and reads none
            sub.add_parser(name, help=_(declared.help), add_help=False, parents=())
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_language(_language_from(argv))
    cli_args.install()
    try:
        typed = build_parser().parse_known_args(argv)[0].command  # which command, without importing any
        args = build_parser(typed).parse_args(argv)
    except SystemExit as exc:  # --help, --version, or argparse's own error (status 2)
        return exc.code if isinstance(exc.code, int) else 0
    try:
        return args.func(args)
    except (InvalidInput, BookError, UsageError) as exc:
        for problem in exc.problems:
            print(_("Error: %(message)s") % {"message": describe(problem)}, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_("Interrumpido."), file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output was cut short (| head): nothing to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python would complain again at exit
        return 0
    except OSError as exc:
        print(_("Error: %(message)s") % {"message": describe(file_problem(exc))}, file=sys.stderr)
        return 2
    except Exception:
        path = log_failure(argv)
        print(_("Ocurrió un error inesperado. Los detalles se guardaron en %(file)s.") % {"file": path}, file=sys.stderr)
        return 1


def log_failure(argv: list[str]) -> Path:
    """Write the traceback being handled to the log file, for whoever supports
    coopdesk; the file's path. Its modules are imported only after a failure."""
    import logging

    from coopdesk.core.locations import log_path

    path = log_path()
    logging.basicConfig(filename=path, level=logging.ERROR, format="%(asctime)s %(message)s")
    logging.exception("coopdesk %s: %s", __version__, " ".join(argv))
    return path


OS_REASONS = {
    errno.EACCES: N_("no tiene permiso"),
    errno.EPERM: N_("no tiene permiso"),
    errno.EISDIR: N_("es una carpeta"),
    errno.ENOTDIR: N_("una parte del camino no es una carpeta"),
    errno.ENOENT: N_("la carpeta no existe"),
    errno.EEXIST: N_("ya existe un archivo con ese nombre"),
    errno.ENOSPC: N_("el disco está lleno"),
    errno.EROFS: N_("el disco es de solo lectura"),
}


def file_problem(exc: OSError) -> Problem:
    reason = OS_REASONS.get(exc.errno, N_("el sistema no lo permite"))
    return Problem("", N_("No se pudo usar %(file)s: %(reason)s."),
                   {"file": exc.filename or "", "reason": Text(reason)})


def _language_from(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return os.environ.get("COOPDESK_LANG")


if __name__ == "__main__":
    sys.exit(main())
