"""``python -m coopdesk.gui [--db PATH] [--lang es|en] [--demo]``."""

from __future__ import annotations

import argparse
import sys

from coopdesk.gui.app import run
from coopdesk.i18n import _


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="coopdesk-gui")
    parser.add_argument("--db", help=_("archivo o URL de la base de datos"))
    parser.add_argument("--lang", choices=("es", "en"), help=_("idioma (es o en)"))
    parser.add_argument("--demo", action="store_true", help=_("abrir la cooperativa de demostración si no hay base de datos"))
    args = parser.parse_args(argv)
    return run(args.db, args.lang, demo_if_new=args.demo)


if __name__ == "__main__":
    sys.exit(main())
