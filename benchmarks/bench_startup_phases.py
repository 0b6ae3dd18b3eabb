"""Where ``coopdesk members list`` spends its CPU, step by step, in one process
(issue 11, item 7; benchmarks/README.md, bench_startup's rows).

    .venv/bin/python benchmarks/bench_startup_phases.py BOOK.sqlite

Run it in a new interpreter each time (the imports are what it measures), on a
book that opens with its automatic login (``coopdesk demo --automatic-login``).
Each line is the CPU (``time.process_time``) and wall time of one step, in the
order the command takes them: the imports, parsing, ``Book.open`` up to the
login, the login, the interest-due check, the page, the count, the print, the
close. ``bench_startup.py`` measures the whole command in new processes.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time

marks: list[tuple[str, float, float]] = []


def mark(name: str) -> None:
    marks.append((name, time.process_time(), time.perf_counter()))


def main(db: str) -> None:
    mark("start")
    import sqlalchemy  # noqa: F401
    mark("import sqlalchemy (core)")
    import sqlalchemy.dialects.sqlite  # noqa: F401
    mark("its SQLite dialect")
    import coopdesk.cli  # noqa: F401
    mark("coopdesk.cli (cli.args, i18n)")
    import coopdesk.domain.rules  # noqa: F401
    mark("domain.rules")
    import coopdesk.db.tables  # noqa: F401
    mark("db.tables (the Core tables)")
    import coopdesk.core.users  # noqa: F401
    mark("core.users (core.dto)")
    import coopdesk.core.book  # noqa: F401
    mark("core.book (book_files, audit, db.engine)")
    import coopdesk.cli.book  # noqa: F401
    mark("cli.book, cli.auth")
    import coopdesk.core.members  # noqa: F401
    import coopdesk.core.interest_due  # noqa: F401
    mark("core.members, core.interest_due")
    from coopdesk.cli import build_parser
    from coopdesk.cli.args import print_table
    from coopdesk.cli.auth import open_book
    from coopdesk.core.book import Book
    from coopdesk.i18n import _, label, ngettext, set_language
    from coopdesk.i18n.formatting import format_number

    set_language(None)
    args = build_parser("members").parse_args(["members", "list", "--db", db])
    build_parser().parse_known_args(["members", "list", "--db", db])  # coopdesk.cli.main parses twice
    mark("parsing the arguments")
    log_in = Book._log_in

    def timed_log_in(book, *a):
        mark("Book.open to the login (file checks, engine, revision, cooperative)")
        person = log_in(book, *a)
        mark("the login")
        return person

    Book._log_in = timed_log_in
    book = open_book(args)
    mark("whether interest fell due")
    rows = book.members.page("", limit=args.limit)
    mark("the members' page")
    total = book.members.count("")
    mark("the count")
    with contextlib.redirect_stdout(io.StringIO()):
        table = [(_("Código"), _("Apellidos y nombres"), _("DNI"), _("Zona"), _("Certificación"), _("Estado"))]
        table += [(m.code, m.sort_name, m.dni, m.zone_name, label(m.certification), label(m.status)) for m in rows]
        print_table(table)
        print(ngettext("%(n)s socio", "%(n)s socios", total) % {"n": format_number(total)})
    mark("formatting and printing")
    book.close()
    mark("closing (PRAGMA optimize)")
    for (_name, cpu0, wall0), (name, cpu1, wall1) in zip(marks, marks[1:]):
        print(f"{name:68} CPU {1000 * (cpu1 - cpu0):6.1f} ms  wall {1000 * (wall1 - wall0):7.1f} ms")
    print(f"{'total after the interpreter started':68} CPU {1000 * (marks[-1][1] - marks[0][1]):6.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1])
