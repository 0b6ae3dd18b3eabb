"""Start-up that is fast for what it does (issue 11, item 7): ``import coopdesk.cli``,
``coopdesk --help`` and ``--version`` import none of the heavy libraries, and a
command imports only its own module (``coopdesk.cli.COMMANDS``).

The imports are checked in a fresh interpreter: this one has imported everything.
benchmarks/bench_startup.py measures the times."""

import json
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal as D
from importlib import import_module
from pathlib import Path

import coopdesk
from coopdesk import cli
from coopdesk.cli import args as cli_args
from coopdesk.core import Book
from coopdesk.domain.accounts import LoanInput, add_months
from coopdesk.domain.clock import FixedClock
from coopdesk.i18n import _
from tests.conftest import TODAY, cash_in_hand, make_book
from tests.core.test_postings import by_source

HEAVY = {"sqlalchemy", "alembic", "reportlab", "openpyxl", "PySide6", "babel",
         # what the book's managers import that listing members does not need
         "coopdesk.core.demo", "coopdesk.core.distributions", "coopdesk.core.imports", "coopdesk.core.checks",
         # opening a book asks whether interest fell due (core.interest_due) without the members' accounts' module
         "coopdesk.core.accounts", "coopdesk.domain.accounts", "coopdesk.domain.loans",
         # opening a book and the members' page read db.tables through SQLAlchemy Core: no ORM, no models
         # (about 0.3 s), no PostgreSQL dialect, no postings' rules unless interest fell due
         "sqlalchemy.orm", "coopdesk.db.models", "sqlalchemy.dialects.postgresql", "coopdesk.core.postings",
         "coopdesk.domain.postings"}
CLI_MODULES = sorted(f"cli.{p.stem}" for p in Path(cli.__file__).parent.glob("*.py")
                     if p.stem not in ("__init__", "__main__"))


def loaded_after(code: str) -> tuple[str, set[str]]:
    """What ``code`` prints in a fresh interpreter, and which of HEAVY and of
    coopdesk's CLI modules it left imported."""
    probe = (f"import json, sys\n{code}\n"
             f"print(json.dumps([m for m in sys.modules if m in {sorted(HEAVY)!r} or m.startswith('coopdesk.cli')]))")
    lines = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    return "\n".join(lines[:-1]), set(json.loads(lines[-1]))


def test_importing_the_cli_imports_no_heavy_library_and_no_command():
    _out, modules = loaded_after("import coopdesk.cli")
    assert modules == {"coopdesk.cli", "coopdesk.cli.args"}


def test_help_and_version_import_no_heavy_library():
    for option in ("--help", "--version"):
        out, modules = loaded_after(f"from coopdesk.cli import main\ntry:\n    main([{option!r}])\n"
                                    f"except SystemExit:\n    pass")
        assert modules == {"coopdesk.cli", "coopdesk.cli.args"}, option
        assert ("órdenes:" in out) if option == "--help" else (out == coopdesk.version_text()), option


def test_a_read_command_imports_only_its_module_and_the_database(tmp_path):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    out, modules = loaded_after(f"from coopdesk.cli import main\nmain(['members', 'list', '--db', {db!r}])")
    assert out.splitlines()[-1] == "3 socios"
    # cli_book opens the book with cli_auth's open_book
    # Babel's locale data only for a figure with decimals or a date in prose: the count is Python's own
    assert modules == {"sqlalchemy", "coopdesk.cli", "coopdesk.cli.args", "coopdesk.cli.auth", "coopdesk.cli.book"}


def test_every_command_a_module_declares_is_registered_with_that_module_and_its_help():
    declared = {}
    for name in CLI_MODULES:
        module = import_module(f"coopdesk.{name}")
        if hasattr(module, "add_parsers"):
            sub = cli_args.Parser().add_subparsers(parser_class=cli_args.Parser)
            module.add_parsers(sub)
            declared.update({action.dest: (module.__name__, action.help) for action in sub._choices_actions})
    assert declared == {name: (command.module, _(command.help)) for name, command in cli.COMMANDS.items()}


def test_the_help_lists_every_command_in_the_registrys_order(capsys):
    assert cli.main(["--help"]) == 0
    listing = capsys.readouterr().out.split("órdenes:\n", 1)[1]
    names = [line.split()[0] for line in listing.splitlines()[1:] if line.startswith("    ") and
             not line.startswith("      ")]
    assert names == list(cli.COMMANDS)


def test_a_commands_own_help_is_its_whole_parser(capsys):
    assert cli.main(["members", "list", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("uso: coopdesk members list [-h]") and "--search TEXTO" in out


def test_a_mistyped_command_is_refused_with_every_command_named(capsys):
    assert cli.main(["--db", "x.sqlite", "socios"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("coopdesk: error: argumento ORDEN: opción no válida: 'socios' "
                                           "(elija entre 'init', 'demo', 'members'")
    assert all(f"'{name}'" in err for name in cli.COMMANDS)  # every command, the last ones too


def test_options_before_and_after_the_command_still_reach_it(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    for argv in (["--db", db, "members", "list", "--search", "Rosa"], ["members", "list", f"--db={db}", "--search",
                                                                       "Rosa"]):
        assert cli.main(argv) == 0
        assert capsys.readouterr().out.splitlines()[-1] == "1 socio"


def test_showing_an_account_imports_no_reportlab_until_it_is_printed(tmp_path):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    show = f"from coopdesk.cli import main\nmain(['account', '--member', 'S0001', '--db', {db!r}])"
    out, modules = loaded_after(show)
    assert out.startswith("Estado de cuenta corriente de Rosa Quispe Mamani (S0001)") and "reportlab" not in modules
    pdf = str(tmp_path / "cuenta.pdf")
    _out, modules = loaded_after(show.replace("])", f", '--pdf', {pdf!r}])"))
    assert "reportlab" in modules and Path(pdf).read_bytes().startswith(b"%PDF")


def test_the_withholding_report_on_the_terminal_imports_no_reportlab(tmp_path):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    out, modules = loaded_after(f"from coopdesk.cli import main\n"
                                f"main(['withholding', 'report', '--month', '2026-03', '--db', {db!r}])")
    assert out.startswith("Retenciones a socios, marzo de 2026") and "reportlab" not in modules


def test_listing_members_imports_the_postings_rules_only_when_interest_fell_due(tmp_path, monkeypatch):
    """Opening a book asks whether a loan's interest fell due (core.interest_due): one count over the
    tables. Only when some did are the ORM, the models and the postings' rules imported, to post it."""
    db = str(tmp_path / "coop.sqlite")
    with make_book(db) as book:
        cash_in_hand(book)
        book.accounts.grant_loan(LoanInput("S0001", TODAY, D("1000.00"), D("12"), 6, "Poda"))
    listing = f"from coopdesk.cli import main\nmain(['members', 'list', '--db', {db!r}])"
    out, modules = loaded_after(listing)
    assert out.splitlines()[-1] == "3 socios"
    assert not modules & {"sqlalchemy.orm", "coopdesk.db.models", "coopdesk.core.postings"}
    monkeypatch.setenv("COOPDESK_TODAY", (TODAY + timedelta(days=40)).isoformat())  # the first installment is due
    out, modules = loaded_after(listing)
    assert out.splitlines()[-1] == "3 socios"
    assert {"sqlalchemy.orm", "coopdesk.db.models", "coopdesk.core.postings"} <= modules
    with Book.open(db, clock=FixedClock(TODAY + timedelta(days=40))) as book:
        assert [(e.date, e.total) for e in by_source(book, "interes")] == [(add_months(TODAY, 1), D("10.00"))]
