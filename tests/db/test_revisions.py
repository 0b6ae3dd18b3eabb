"""The schema revisions read without Alembic (coopdesk.db.revisions) say what
Alembic says, and opening an up-to-date book never imports Alembic."""

import subprocess
import sys

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from coopdesk.core import Book
from coopdesk.db import migrate, revisions
from coopdesk.db.engine import make_engine
from tests.db.test_schema import older_book
from tests.people import LOGIN


def test_the_revisions_read_from_file_names_are_alembics():
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert revisions.known_revisions() == {rev.revision for rev in script.walk_revisions()}
    assert revisions.head_revision() == script.get_current_head() == migrate.head_revision()


def test_a_books_revision_is_read_as_alembic_reads_it(db_url):
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:  # an empty database: no schema yet
            assert revisions.revision_in(conn) is None is MigrationContext.configure(conn).get_current_revision()
        older_book(db_url, "0004")
        with engine.connect() as conn:
            assert revisions.revision_in(conn) == "0004" == MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def test_an_older_book_is_still_upgraded_to_the_head(tmp_path):
    url = f"sqlite:///{tmp_path / 'older.sqlite'}"
    older_book(url, "0004")
    with Book.open(url, **LOGIN) as book:
        assert revisions.current_revision(book.engine) == revisions.head_revision()
        assert book.members.count() == 1


def test_opening_an_up_to_date_book_does_not_import_alembic(sqlite_book):
    url = sqlite_book.url
    sqlite_book.close()
    code = ("import sys\nfrom coopdesk.core import Book\n"
            f"with Book.open({url!r}, user={LOGIN['user']!r}, password={LOGIN['password']!r}) as book:\n"
            "    print(book.members.count(), 'alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "3 False\n"
