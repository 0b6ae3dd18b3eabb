"""Backups of the book: made whole or not at all, verified, rotated, kept twice.

``book.backups.make()`` copies the book into its backup folder (``respaldos``
beside a SQLite book; for PostgreSQL, ``respaldos`` in the user-data folder):

1. SQLite's online backup API (``pg_dump -Fc`` on PostgreSQL) writes
   ``<name>.part``;
2. the copy is verified against the snapshot it was copied from
   (``sqlite_backup.verify_copy``): it opens, ``PRAGMA quick_check`` says
   ``ok``, it has coopdesk's tables and its cooperative row, and its page count,
   size, every table's row count and the audit trail's head are the ones read in
   the backup's own read transaction; meanwhile, on two other threads, the
   copy is flushed to disk (fsync) and its SHA-256 computed. The first backup
   of each ISO week in a folder, and any backup made with ``thorough=True``
   (``coopdesk backup --thorough``), runs the full ``PRAGMA integrity_check``
   instead (docs/security.md, «How a backup is verified», says why). A dump:
   ``pg_restore --list`` reads it and the cooperative's rows are in it;
3. with a password, it is encrypted (coopdesk.core.backup_cipher; the plain
   copy is made beside the book, never on the USB stick) and decrypted back to
   compare digests;
4. its SHA-256 is written beside it, ``<name>.sha256`` (``sha256sum -c`` reads
   it too), and only then is ``<name>.part`` renamed to ``<name>``.

A name without ``.part`` is therefore always a whole, verified backup. The
backup is then copied to the second folder set in the cooperative's settings
(a USB stick), checked against the digest there, and each folder is rotated:
7 daily, 4 weekly, 12 monthly (coopdesk.domain.backup_rotation).

A backup's time stamp is when it really happened: it is read from the
machine's clock (``Backups.now``), not from the book's clock, which may be a
practice date (COOPDESK_TODAY). Restoring is coopdesk.core.restoring.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from coopdesk.core.backup_cipher import encrypt_file, plaintext_digest
from coopdesk.core.dto import Changes
from coopdesk.core.errors import BookError, InvalidInput, N_, Problem
from coopdesk.db import pg_backup, sqlite_backup
from coopdesk.db.engine import default_db_path, describe, sqlite_path
from coopdesk.domain import roles
from coopdesk.domain import backup_names
from coopdesk.domain.backup_names import BackupName
from coopdesk.domain.backup_rotation import to_keep
from coopdesk.domain.problems import Text

if TYPE_CHECKING:
    from coopdesk.core.book import Book

FOLDER_NAME = "respaldos"
SECOND_FOLDER = "carpeta_respaldos_2"  # the setting: a second folder (a USB stick) for every backup
MIN_PASSWORD = 8


def machine_now() -> datetime:
    """When a backup is really made: the machine's clock, to the second."""
    return datetime.now().replace(microsecond=0)


class BackupFailed(BookError):
    """The backup could not be written or did not pass its verification; no backup was left under its name."""


@dataclass(frozen=True)
class BackupMade:
    file: Path  # the verified backup in the first folder
    digest: str  # its SHA-256, as recorded in <file>.sha256
    made_at: datetime
    size: int
    encrypted: bool
    copies: tuple[Path, ...] = ()  # the same backup in the second folder
    removed: tuple[Path, ...] = ()  # older backups rotated away, in every folder
    warnings: tuple[Problem, ...] = ()  # the second folder missing or full: the backup is still whole in the first
    thorough: bool = False  # verified with the full integrity_check (the week's first, or asked for)


@dataclass(frozen=True)
class BackupStatus:
    latest: datetime | None  # the newest backup in the backup folders
    now: datetime  # the machine's time when asked

    @property
    def days_ago(self) -> int | None:
        return None if self.latest is None else (self.now.date() - self.latest.date()).days


# -- files ----------------------------------------------------------------------------------------

def file_digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def digest_file(backup: Path) -> Path:
    return backup.with_name(backup.name + backup_names.DIGEST)


def recorded_digest(backup: Path) -> str | None:
    """The digest written beside ``backup`` when it was made, or None when there is none."""
    try:
        return backup_names.digest_from(digest_file(backup).read_text(encoding="utf-8", errors="replace")[:200])
    except OSError:
        return None


def _write_digest(backup: Path, digest: str) -> None:
    """``<backup>.sha256``, itself written whole (a temporary name, then renamed)."""
    target = digest_file(backup)
    part = target.with_name(target.name + backup_names.PART)
    with part.open("w", encoding="utf-8") as f:
        f.write(backup_names.digest_line(digest, backup.name))
        f.flush()
        os.fsync(f.fileno())
    os.replace(part, target)


def _remove(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


OS_REASONS = {
    errno.EACCES: N_("no tiene permiso"),
    errno.EPERM: N_("no tiene permiso"),
    errno.ENOSPC: N_("el disco está lleno"),
    errno.EROFS: N_("el disco es de solo lectura"),
    errno.ENOENT: N_("la carpeta no existe"),
    errno.ENOTDIR: N_("una parte del camino no es una carpeta"),
}


def os_reason(exc: OSError) -> Text:
    return Text(OS_REASONS.get(exc.errno, N_("el sistema no lo permite")))


class Backups:
    """``book.backups``: make one now, say when the last one was made, the second folder."""

    def __init__(self, book: "Book"):
        self._book = book
        self.now: Callable[[], datetime] = machine_now

    # -- where ------------------------------------------------------------------------------------

    @property
    def stem(self) -> str:
        """The book's name in its backups' names: the file's (``coopdesk``) or the PostgreSQL database's."""
        path = sqlite_path(self._book.url)
        if path is not None:
            return path.stem
        from sqlalchemy.engine import make_url

        return make_url(self._book.url).database or "coopdesk"

    @property
    def kind(self) -> str:
        return backup_names.SQLITE if sqlite_path(self._book.url) is not None else backup_names.DUMP

    def folder(self) -> Path:
        """The usual backup folder: ``respaldos`` beside the book, or in the user-data folder."""
        path = sqlite_path(self._book.url)
        return (path.parent if path is not None else default_db_path().parent) / FOLDER_NAME

    def second_folder(self) -> Path | None:
        value = self._book.settings.get(SECOND_FOLDER)
        return Path(value) if value else None

    def set_second_folder(self, folder: str | os.PathLike | None) -> Changes:
        """Every backup is also copied there (a USB stick); None or '' for none. The
        folder must exist now (so a mistyped path is caught); later, when it is
        missing (the stick not plugged in), the backup stays in the first folder."""
        value = "" if folder is None or not str(folder).strip() else str(Path(folder).expanduser().resolve())
        if value and not Path(value).is_dir():
            raise InvalidInput([Problem("second_folder", N_("No existe la carpeta %(folder)s. Conecte la memoria "
                                                            "USB o elija una carpeta que exista."),
                                        {"folder": value})])
        return self._book.settings._set(SECOND_FOLDER, value)

    # -- when -------------------------------------------------------------------------------------

    def _backups_in(self, folder: Path) -> dict[Path, BackupName]:
        try:
            names = os.listdir(folder)
        except OSError:
            return {}
        found = {}
        for name in names:
            parsed = backup_names.parse(name)
            if parsed is not None and parsed.stem == self.stem:
                found[folder / name] = parsed
        return found

    def status(self) -> BackupStatus:
        """When the newest backup was made (cheap: it reads the folders' names, not the files)."""
        folders = [self.folder()]
        second = self.second_folder()
        if second is not None:
            folders.append(second)
        stamps = [b.made_at for folder in folders for b in self._backups_in(folder).values()]
        return BackupStatus(max(stamps, default=None), self.now())

    def due(self) -> bool:
        """No backup made today yet: an automatic one is due (at most one a day)."""
        status = self.status()
        return status.latest is None or status.latest.date() < status.now.date()

    # -- making -----------------------------------------------------------------------------------

    def make(self, to: str | os.PathLike | None = None, password: str | None = None,
             thorough: bool | None = None) -> BackupMade:
        """Make a verified backup now, into ``to`` (instead of the usual folders) or
        into the backup folder and the second one; rotate what is there.
        ``thorough``: verify the copy with the full ``integrity_check`` (True),
        with ``quick_check`` and the snapshot's comparison (False), or (None) the
        full check when it is the folder's first backup of this ISO week."""
        self._book.require(roles.BACKUP)
        if password is not None and len(password) < MIN_PASSWORD:
            raise InvalidInput([Problem("password", N_("La contraseña del respaldo debe tener al menos %(n)s "
                                                       "caracteres."), {"n": MIN_PASSWORD})])
        folder = Path(to).expanduser().resolve() if to is not None else self.folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupFailed(N_("No se pudo crear la carpeta de respaldos %(folder)s: %(reason)s."),
                               folder=str(folder), reason=os_reason(exc)) from exc
        made_at = self.now()
        name = self._free_name(folder, made_at, password is not None)
        target = folder / str(name)
        if thorough is None:
            thorough = self.first_of_week(folder, made_at)
        try:
            digest = self._write_verified(target, password, thorough)
        except OSError as exc:
            raise BackupFailed(N_("No se pudo escribir el respaldo en %(folder)s: %(reason)s. No quedó ningún "
                                  "respaldo a medias."), folder=str(folder), reason=os_reason(exc)) from exc
        copies, warnings = [], []
        second = self.second_folder() if to is None else None
        if second is not None and second != folder:
            copy, warning = self._copy_to_second(target, digest, second)
            copies += [copy] if copy else []
            warnings += [warning] if warning else []
        removed = []
        for place in [folder, *(c.parent for c in copies)]:
            removed += self._rotate(place)
        return BackupMade(target, digest, made_at, target.stat().st_size, password is not None, tuple(copies),
                          tuple(removed), tuple(warnings), thorough)

    def first_of_week(self, folder: Path, made_at: datetime) -> bool:
        """No backup of this book in ``folder`` is of ``made_at``'s ISO week yet: the
        one made now is verified with the full integrity_check (so an index that
        no longer matches its table is found within a week, while the daily,
        weekly and monthly backups from before it are still kept)."""
        week = made_at.isocalendar()[:2]
        return all(b.made_at.isocalendar()[:2] != week for b in self._backups_in(folder).values())

    def _free_name(self, folder: Path, made_at: datetime, encrypted: bool) -> BackupName:
        """This second's name, or ``-2``, ``-3``… when a backup of this second is there already."""
        taken = {(b.made_at, b.n) for b in self._backups_in(folder).values()}
        n = 1
        while (made_at, n) in taken:
            n += 1
        return BackupName(self.stem, made_at, self.kind, encrypted, n)

    def _write_verified(self, target: Path, password: str | None, thorough: bool = False) -> str:
        """Write ``target`` through ``<target>.part``, verified; its digest."""
        part = target.with_name(target.name + backup_names.PART)
        book_path = sqlite_path(self._book.url)
        # an encrypted backup's plain copy is made beside the book, never in the backup folder (a USB stick)
        plain = part if password is None else (
            (book_path.parent if book_path is not None else default_db_path().parent)
            / (target.name + ".sin-cifrar" + backup_names.PART))
        try:
            if book_path is not None:
                try:
                    snapshot = sqlite_backup.copy_book(book_path, plain, flush=False)
                except sqlite3.DatabaseError:  # the copy is already unreadable: the book itself is damaged
                    raise _copy_damaged() from None
                # while SQLite checks the copy, other threads flush it to disk and read its digest (all three
                # release the GIL); nothing gets its name before all three are done
                with ThreadPoolExecutor(max_workers=2) as pool:
                    flushing = pool.submit(sqlite_backup.fsync_file, plain)
                    digesting = pool.submit(file_digest, plain)
                    self._check_sqlite_copy(plain, snapshot, thorough)
                    digest = digesting.result()
                    flushing.result()
            else:
                self._dump(plain)
                digest = file_digest(plain)
            if password is not None:
                encrypt_file(plain, part, password)
                if plaintext_digest(part, password) != digest:
                    raise BackupFailed(N_("El respaldo cifrado no se pudo leer de vuelta igual al libro: no se "
                                          "guardó. Revise el disco o la memoria USB."))
                _remove(plain)
                digest = file_digest(part)
            _write_digest(target, digest)
            os.replace(part, target)
            sqlite_backup.fsync_folder(target.parent)
            return digest
        except BaseException:
            _remove(part, plain)
            raise

    def _check_sqlite_copy(self, copy: Path, snapshot: sqlite_backup.Snapshot, thorough: bool) -> None:
        state = sqlite_backup.verify_copy(copy, snapshot, thorough)
        if state is sqlite_backup.CopyState.DIFFERENT:
            raise BackupFailed(N_("La copia del libro no salió igual al libro (sus páginas, sus filas o su registro "
                                  "de cambios no son los que se copiaron): no se guardó como respaldo. Revise el "
                                  "disco de %(folder)s y vuelva a intentarlo."), folder=str(copy.parent))
        if state is not sqlite_backup.CopyState.WHOLE:
            raise _copy_damaged()

    def _dump(self, target: Path) -> None:
        url = self._book.url
        try:
            pg_backup.dump(url, target)
        except pg_backup.ToolMissing:
            raise BackupFailed(N_("Para respaldar una base de datos PostgreSQL hace falta pg_dump (el cliente de "
                                  "PostgreSQL), que no está instalado en esta computadora.")) from None
        except pg_backup.ToolFailed as exc:
            raise BackupFailed(N_("pg_dump no pudo respaldar %(db)s: %(reason)s"), db=describe(url),
                               reason=str(exc)) from exc
        if not check_dump(target):
            raise BackupFailed(N_("La copia de %(db)s no pasó la verificación: no se guardó como respaldo."),
                               db=describe(url))

    def _copy_to_second(self, backup: Path, digest: str, folder: Path) -> tuple[Path | None, Problem | None]:
        """The same backup in the second folder, read back and compared; a problem
        there is a warning (the backup is whole in the first folder)."""
        if not folder.is_dir():
            return None, Problem("second_folder", N_("No se encontró la carpeta %(folder)s (¿está conectada la "
                                                     "memoria USB?): el respaldo quedó solo en %(first)s."),
                                 {"folder": str(folder), "first": str(backup.parent)})
        target = folder / backup.name
        part = target.with_name(target.name + backup_names.PART)
        try:
            shutil.copyfile(backup, part)
            sqlite_backup.fsync_file(part)
            if file_digest(part) != digest:
                _remove(part)
                return None, Problem("second_folder", N_("La copia en %(folder)s no salió igual al respaldo: no se "
                                                         "guardó allí. Revise la memoria USB."), {"folder": str(folder)})
            _write_digest(target, digest)
            os.replace(part, target)
            sqlite_backup.fsync_folder(folder)
        except OSError as exc:
            _remove(part)
            return None, Problem("second_folder", N_("No se pudo copiar el respaldo a %(folder)s: %(reason)s. El "
                                                     "respaldo quedó solo en %(first)s."),
                                 {"folder": str(folder), "reason": os_reason(exc), "first": str(backup.parent)})
        return target, None

    def _rotate(self, folder: Path) -> list[Path]:
        """Delete the backups (and their digests) that the 7/4/12 rule no longer keeps."""
        backups = self._backups_in(folder)
        order = {path: b.made_at + timedelta(microseconds=b.n) for path, b in backups.items()}
        keep = to_keep(order.values())
        removed = []
        for path, stamp in order.items():
            if stamp not in keep:
                try:
                    path.unlink()
                except OSError:
                    continue
                _remove(digest_file(path))
                removed.append(path)
        return removed


def _copy_damaged() -> "BackupFailed":
    return BackupFailed(N_("La copia del libro no pasó la verificación (la revisión de SQLite encontró errores): "
                           "no se guardó como respaldo. El libro mismo puede estar dañado: ejecute «coopdesk check "
                           "--integrity» y conserve los respaldos anteriores."))


def check_dump(path: Path) -> bool:
    """A PostgreSQL dump that pg_restore reads, with coopdesk's tables and its cooperative's row."""
    tables = pg_backup.dump_tables(path)
    return tables is not None and {"alembic_version", "cooperative"} <= tables and \
        pg_backup.dump_has_rows(path, "cooperative")
