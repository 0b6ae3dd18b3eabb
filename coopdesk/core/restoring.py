"""Putting a backup back: checked first, the current book kept aside, all or nothing.

``restore(db, file)`` needs no open book (the book may be the damaged file that
makes a restore necessary; whoever has it open closes it first):

1. the file is checked before anything is touched: its digest against the
   ``<file>.sha256`` written when it was made (when there is one); decrypted with
   the password if it is encrypted (beside the book, never on the USB stick);
   it opens, ``PRAGMA integrity_check`` says ``ok``, it is coopdesk's, with its
   cooperative, written by this coopdesk or an older one, and of the same
   cooperative (RUC) as the book it replaces. Anything else is refused in
   Spanish and nothing changes;
2. the current book is copied aside, whole, as
   ``<book>.antes-de-restaurar-<AAAAMMDD-HHMMSS>`` (SQLite's backup API, so what
   is still in its WAL is in the copy; a file SQLite cannot read is copied byte
   for byte, with its ``-wal``);
3. the backup's pages are written into the book in one SQLite transaction
   (``copy_into``), so a kill at any moment leaves the old book or the restored
   one; a book SQLite cannot read at all is replaced by a whole copy, renamed
   onto it. Then the book is checked again.

On PostgreSQL the current database is dumped aside (``respaldos/<base>-antes-de-
restaurar-<stamp>.dump``) and ``pg_restore --clean --single-transaction`` puts
the backup in its place.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from coopdesk.core.backup_cipher import DamagedCipher, WrongPassword, decrypt_file, is_encrypted
from coopdesk.core import backups
from coopdesk.core.backups import FOLDER_NAME, check_dump, file_digest, os_reason, recorded_digest
from coopdesk.core.book_files import refusal
from coopdesk.core.errors import BookError, N_
from coopdesk.db import pg_backup, revisions, sqlite_backup
from coopdesk.db.engine import default_db_path, describe, lock_timeout, resolve_url, sqlite_path
from coopdesk.db.sqlite_backup import CopyState

ASIDE = "antes-de-restaurar"


class RestoreRefused(BookError):
    """The file is not a whole backup of this cooperative's book: nothing was changed."""


class PasswordNeeded(RestoreRefused):
    """The backup is encrypted and no password was given."""


class WrongBackupPassword(RestoreRefused):
    """The password does not open the encrypted backup."""


@dataclass(frozen=True)
class Restored:
    source: Path
    cooperative: str
    kept_aside: Path | None  # the book as it was before, or None when there was none


def restore(db: str | os.PathLike | None, file: str | os.PathLike, password: str | None = None,
            now: Callable[[], datetime] | None = None) -> Restored:
    """Restore the backup ``file`` into the book ``db`` (see the module's text).
    ``now`` stamps the copy kept aside (by default the machine's clock)."""
    now = now if now is not None else backups.machine_now
    url = resolve_url(db)
    source = Path(file).expanduser().resolve()
    if not source.is_file():
        raise RestoreRefused(N_("No existe el archivo %(file)s."), file=str(source))
    recorded = recorded_digest(source)
    if recorded is not None and file_digest(source) != recorded:
        raise RestoreRefused(N_("El respaldo %(file)s no coincide con la huella SHA-256 anotada cuando se hizo "
                                "(%(digest_file)s): el archivo cambió o se dañó después. No se restauró nada; elija "
                                "otro respaldo."), file=str(source), digest_file=source.name + ".sha256")
    book_path = sqlite_path(url)
    workdir = book_path.parent if book_path is not None else default_db_path().parent
    plain, decrypted = source, None
    try:
        if is_encrypted(source):
            if not password:
                raise PasswordNeeded(N_("El respaldo %(file)s está cifrado: escriba su contraseña para "
                                        "restaurarlo."), file=str(source))
            workdir.mkdir(parents=True, exist_ok=True)
            decrypted = workdir / (source.name + ".descifrado.part")
            decrypted.unlink(missing_ok=True)
            try:
                decrypt_file(source, decrypted, password)
            except WrongPassword:
                raise WrongBackupPassword(N_("La contraseña no abre el respaldo %(file)s. No se restauró nada; revise la "
                                        "contraseña (distingue mayúsculas y minúsculas)."), file=str(source)) from None
            except DamagedCipher:
                raise _damaged(source) from None
            plain = decrypted
        if book_path is not None:
            return _restore_sqlite(plain, source, book_path, url, now)
        return _restore_postgres(plain, source, url, now)
    except OSError as exc:
        raise RestoreRefused(N_("No se pudo restaurar %(file)s: %(reason)s. El libro quedó como estaba."),
                             file=str(source), reason=os_reason(exc)) from exc
    finally:
        if decrypted is not None:
            decrypted.unlink(missing_ok=True)


def _damaged(source: Path) -> RestoreRefused:
    return RestoreRefused(N_("El respaldo %(file)s está dañado (la revisión encontró errores): no se restauró nada "
                             "y el libro quedó como estaba. Elija otro respaldo, por ejemplo el de la memoria USB."),
                          file=str(source))


def _foreign(source: Path) -> RestoreRefused:
    return RestoreRefused(N_("El archivo %(file)s no es un respaldo de coopdesk: no se restauró nada y el libro "
                             "quedó como estaba."), file=str(source))


def check_backup(plain: Path, source: Path) -> tuple[str, str]:
    """Refuse a SQLite copy that is not a whole coopdesk book this coopdesk can open; its (name, RUC)."""
    state = sqlite_backup.check_copy(plain)
    if state is CopyState.DAMAGED:
        raise _damaged(source)
    if state is not CopyState.WHOLE:
        raise _foreign(source)
    if sqlite_backup.revision_of(plain) not in revisions.known_revisions():
        raise RestoreRefused(N_("El respaldo %(file)s fue hecho por una versión más nueva de coopdesk. Actualice "
                                "coopdesk para restaurarlo. No se restauró nada."), file=str(source))
    cooperative = sqlite_backup.cooperative_of(plain)
    if cooperative is None:
        raise _foreign(source)
    return cooperative


def _restore_sqlite(plain: Path, source: Path, book_path: Path, url: str, now: Callable[[], datetime]) -> Restored:
    name, ruc = check_backup(plain, source)
    current = sqlite_backup.cooperative_of(book_path) if book_path.exists() else None
    if current is not None and current[1] != ruc:
        raise RestoreRefused(N_("El respaldo %(file)s es de %(other)s (RUC %(other_ruc)s), no de %(name)s (RUC "
                                "%(ruc)s), cuyo libro es %(db)s. No se restauró nada. Para ver ese respaldo, ábralo "
                                "como otro libro (Archivo → Abrir)."), file=str(source), other=name, other_ruc=ruc,
                             name=current[0], ruc=current[1], db=str(book_path))
    book_path.parent.mkdir(parents=True, exist_ok=True)
    exists = book_path.exists()
    damaged = exists and sqlite_backup.check_copy(book_path) is CopyState.DAMAGED
    aside = _keep_aside(book_path, now, byte_for_byte=damaged) if exists else None
    if aside is None or damaged:
        _replace_whole(plain, book_path)
    else:
        try:
            sqlite_backup.copy_into(plain, book_path, lock_timeout())
        except sqlite3.DatabaseError as exc:
            refused = refusal(exc, url)  # busy, full disk, read-only: nothing was changed
            if refused is not None:
                raise refused from exc
            _replace_whole(plain, book_path)  # SQLite cannot write into it: a whole file in its place
    if sqlite_backup.check_copy(book_path) is not CopyState.WHOLE:
        raise RestoreRefused(N_("Después de restaurar, el libro %(db)s no pasó la revisión. El libro de antes está "
                                "en %(aside)s."), db=str(book_path), aside=str(aside))
    return Restored(source, name, aside)


def _replace_whole(plain: Path, book_path: Path) -> None:
    """A whole copy renamed onto the book (its old -wal and -shm, kept aside already, go)."""
    part = book_path.with_name(book_path.name + ".restaurado.part")
    part.unlink(missing_ok=True)
    try:
        sqlite_backup.copy_book(plain, part)
        for journal in ("-wal", "-shm"):
            book_path.with_name(book_path.name + journal).unlink(missing_ok=True)
        os.replace(part, book_path)
        sqlite_backup.fsync_folder(book_path.parent)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _aside_name(book_path: Path, now: Callable[[], datetime]) -> Path:
    stem = f"{book_path.name}.{ASIDE}-{now():%Y%m%d-%H%M%S}"
    aside, n = book_path.with_name(stem), 1
    while aside.exists():
        n += 1
        aside = book_path.with_name(f"{stem}-{n}")
    return aside


def _keep_aside(book_path: Path, now: Callable[[], datetime], byte_for_byte: bool) -> Path:
    """The book as it is now, whole, under ``<book>.antes-de-restaurar-<stamp>``:
    a consistent copy, or, for a damaged book, its very bytes (and its WAL's)."""
    aside = _aside_name(book_path, now)
    part = aside.with_name(aside.name + ".part")
    part.unlink(missing_ok=True)
    try:
        try:
            if byte_for_byte:
                raise sqlite3.DatabaseError("damaged")
            sqlite_backup.copy_book(book_path, part)
        except sqlite3.DatabaseError:  # SQLite cannot read it: its bytes, and its WAL's
            part.unlink(missing_ok=True)
            shutil.copyfile(book_path, part)
            sqlite_backup.fsync_file(part)
            wal = book_path.with_name(book_path.name + "-wal")
            if wal.exists():
                shutil.copyfile(wal, aside.with_name(aside.name + "-wal"))
        os.replace(part, aside)
        sqlite_backup.fsync_folder(aside.parent)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return aside


def _restore_postgres(plain: Path, source: Path, url: str, now: Callable[[], datetime]) -> Restored:
    database = describe(url)
    try:
        if not check_dump(plain):
            raise _foreign(source)
        folder = default_db_path().parent / FOLDER_NAME
        folder.mkdir(parents=True, exist_ok=True)
        from sqlalchemy.engine import make_url

        stem = make_url(url).database or "coopdesk"
        aside = folder / f"{stem}-{ASIDE}-{now():%Y%m%d-%H%M%S}.dump"
        part = aside.with_name(aside.name + ".part")
        pg_backup.dump(url, part)
        os.replace(part, aside)
        pg_backup.restore(plain, url)
    except pg_backup.ToolMissing as exc:
        raise RestoreRefused(N_("Para restaurar una base de datos PostgreSQL hace falta %(tool)s (el cliente de "
                                "PostgreSQL), que no está instalado en esta computadora."), tool=str(exc)) from None
    except pg_backup.ToolFailed as exc:
        raise RestoreRefused(N_("PostgreSQL no pudo restaurar %(db)s: %(reason)s"), db=str(database),
                             reason=str(exc)) from exc
    return Restored(source, "", aside)
