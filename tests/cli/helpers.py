"""Running ``coopdesk`` from a CLI test: ``coopdesk.cli.main(argv)`` in this
process, with its exit code and what it printed (read through pytest's capsys).
Every module under tests/cli/ uses these instead of a copy of its own."""

from __future__ import annotations

import re

from coopdesk.cli import main


def run(capsys, *argv: str, db: str | None = None, plain_spaces: bool = False) -> tuple[int, str, str]:
    """``coopdesk [--db DB] ARGV``: its exit code, stdout and stderr (all that was printed
    since capsys was last read). ``db`` goes first, as ``--db DB``; ``plain_spaces`` turns
    the no-break spaces of stdout (``S/\u00a01.00``) into plain ones."""
    code = main([*(("--db", db) if db is not None else ()), *argv])
    out, err = capsys.readouterr()
    return code, out.replace("\xa0", " ") if plain_spaces else out, err


def ok(capsys, *argv: str, db: str | None = None, plain_spaces: bool = False) -> str:
    """What ``run`` printed to stdout, after asserting exit code 0 and nothing on stderr."""
    code, out, err = run(capsys, *argv, db=db, plain_spaces=plain_spaces)
    assert (code, err) == (0, ""), err
    return out


def lines(text: str) -> list[str]:
    """Each printed line with its runs of spaces (and no-break spaces) made one space."""
    return [re.sub(r"[ \u00a0]+", " ", line).strip() for line in text.splitlines()]
