"""The book's file treated with care: recognised before anything is written to
it, and SQLite's refusals to write (full disk, read-only file, a lock held too
long by another office machine) said in Spanish, with nothing lost.

``Book.open`` and ``Book.create`` call ``check_before_opening`` before they make
an engine (whose connections switch a file to WAL); ``Book.write`` translates
failures with ``write_failures``. See docs/security.md.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.exc import DBAPIError

from coopdesk.core.errors import BookError, N_
from coopdesk.db.engine import describe, lock_timeout, sqlite_path
from coopdesk.db.failures import Failure, sqlite_failure
from coopdesk.db.sqlite_file import FileKind, examine, network_share


class DamagedFile(BookError):
    """SQLite's own check finds errors in the file: it is not opened, so as not to make it worse."""


class ForeignFile(BookError):
    """The file is empty, or not coopdesk's: it is left exactly as it was."""


class NetworkShare(BookError):
    """A SQLite file on a network folder: its locks are not reliable there."""


class WriteRefused(BookError):
    """SQLite refused to write (full disk, read-only file, lock held too long); nothing was saved."""


class DiskFull(WriteRefused):
    pass


class ReadOnlyFile(WriteRefused):
    pass


class BookBusy(WriteRefused):
    pass


def check_before_opening(url: str, creating: bool = False) -> None:
    """Refuse, before a byte is written, a SQLite file on a network share, and a
    file that is damaged, empty (when opening) or not coopdesk's. ``creating``
    allows a new path, an empty file and a SQLite database with no tables."""
    path = sqlite_path(url)
    if path is None:
        return
    share = network_share(path)
    if share is not None:
        raise NetworkShare(N_(
            "El archivo %(db)s está en una carpeta de red (%(share)s). SQLite no guarda con seguridad en carpetas "
            "de red: dos equipos podrían dañar el libro. Copie el archivo a este equipo o, para compartir un libro "
            "entre varias computadoras de la oficina, use PostgreSQL."), db=str(path), share=share)
    kind = examine(path)
    if kind is FileKind.MISSING or (creating and kind in (FileKind.EMPTY, FileKind.BLANK, FileKind.COOPDESK)):
        return
    if kind is FileKind.DAMAGED:
        raise DamagedFile(N_(
            "El archivo %(db)s está dañado: la revisión de SQLite encontró errores. No se abrió ni se modificó, "
            "para no empeorarlo. Restaure la copia de respaldo más reciente (por ejemplo un archivo %(name)s.bak-… "
            "de la misma carpeta, o la copia de su memoria USB) y vuelva a registrar lo que falte desde los tickets "
            "en papel."), db=str(path), name=path.name)
    if kind in (FileKind.EMPTY, FileKind.BLANK):
        raise ForeignFile(N_("El archivo %(db)s está vacío: no es un libro de coopdesk. No se modificó."),
                          db=str(path))
    if kind is FileKind.NOT_SQLITE:
        raise ForeignFile(N_("El archivo %(db)s no es una base de datos de coopdesk; no se modificó."), db=str(path))
    if kind is FileKind.FOREIGN:
        raise ForeignFile(N_("La base de datos %(db)s no es de coopdesk; no se modificó."), db=str(path))


def refusal(exc: BaseException, url: str) -> WriteRefused | None:
    """The Spanish refusal for a SQLite failure to write, or None for any other error."""
    failure = sqlite_failure(exc)
    db = describe(url)
    if failure is Failure.FULL:
        return DiskFull(N_("El disco donde está %(db)s está lleno: no se guardó nada de esta operación y el libro "
                           "quedó como estaba. Libere espacio (borre archivos que no necesite o vacíe la papelera) "
                           "y vuelva a intentarlo."), db=db)
    if failure in (Failure.READ_ONLY, Failure.CANNOT_OPEN) and sqlite_path(url) is not None:
        return ReadOnlyFile(N_("El archivo %(db)s (o su carpeta) es de solo lectura: coopdesk no puede guardar en "
                               "él. No se guardó nada de esta operación. Copie el archivo a una carpeta donde tenga "
                               "permiso de escritura, o pida ese permiso a quien administra el equipo."), db=db)
    if failure is Failure.BUSY:
        return BookBusy(N_("La base de datos %(db)s está ocupada por otro usuario desde hace más de %(seconds)s "
                           "segundos: no se guardó nada de esta operación. Espere a que la otra computadora termine "
                           "y vuelva a intentarlo."), db=db, seconds=f"{lock_timeout():g}")
    return None


@contextmanager
def write_failures(url: str) -> Iterator[None]:
    """Turn SQLite's refusals to write into their Spanish message; the
    transaction has been rolled back by then, so nothing half-done remains."""
    try:
        yield
    except DBAPIError as exc:
        refused = refusal(exc, url)
        if refused is None:
            raise
        raise refused from exc
