"""The people who work in a book, their passwords and who is logged in
(docs/security.md, «Personas y roles»).

Passwords are hashed with argon2id (argon2-cffi's ``PasswordHasher``, its
RFC 9106 parameters; the hash carries them, so a later change of parameters
still verifies older hashes). The password itself is kept nowhere.

``book.users`` is the administrator's: add, list, disable, enable, change
roles and passwords, turn the automatic login on or off. A person may change
their own password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from coopdesk.core.dto import Changes
from coopdesk.core.errors import BookError, InvalidInput, N_, NotFound, Problem
from coopdesk.db.tables import users as users_table
from coopdesk.domain import roles
from coopdesk.domain.roles import ADMINISTRADOR, check_password, check_person, normal_login

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from coopdesk.core.book import Book
    from coopdesk.db.models import User  # imported where used: opening a book reads ``db.tables`` only

HASHER: PasswordHasher | None = None
"""argon2id, RFC 9106 low-memory profile (t=3, m=64 MiB, p=4): made for the first
password typed, so a book opened with its automatic login never loads argon2."""


def _hasher() -> PasswordHasher:
    global HASHER
    if HASHER is None:
        from argon2 import PasswordHasher

        HASHER = PasswordHasher()
    return HASHER


@dataclass(frozen=True)
class NewUser:
    login: str
    full_name: str
    role: str
    password: str


@dataclass(frozen=True)
class Person:
    """Who the book is acting as: what «Registrado por» says (the login) and their role."""

    id: int
    login: str
    full_name: str
    role: str


@dataclass(frozen=True)
class UserRow:
    login: str
    full_name: str
    role: str
    active: bool
    automatic_login: bool
    created_at: datetime
    created_by: str
    password_changed_at: datetime


class LoginRequired(BookError):
    """The book needs someone to say who they are (no automatic login)."""


class NoUsersYet(BookError):
    """A book upgraded from before users: whoever opens it first becomes its administrator."""


class LoginFailed(BookError):
    """A wrong user or password, or a disabled user."""


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _row(u: User) -> UserRow:
    return UserRow(u.login, u.full_name, u.role, u.active, u.automatic_login, u.created_at, u.created_by,
                   u.password_changed_at)


def _checked(data: NewUser) -> NewUser:
    problems = check_person(data.login, data.full_name, data.role, data.password)
    if problems:
        raise InvalidInput(problems)
    return NewUser(normal_login(data.login), data.full_name.strip(), data.role, data.password)


def add_in(session, data: NewUser, now: datetime, by: str) -> User:
    from coopdesk.db.models import User

    data = _checked(data)
    if session.scalar(select(User.id).where(User.login == data.login)) is not None:
        raise InvalidInput([Problem("login", N_("Ya hay un usuario «%(login)s»."), {"login": data.login})])
    user = User(login=data.login, full_name=data.full_name, role=data.role, password_hash=hash_password(data.password),
                password_changed_at=now, active=True, automatic_login=False, created_at=now,
                created_by=by or data.login)
    session.add(user)
    session.flush()
    return user


# what opening a book reads of its user, as the table's columns: no ORM object nor attribute, so a command
# that reads only columns never configures the ORM's mappers (benchmarks/bench_startup.py)
_user = users_table.c
LOGIN_COLUMNS = (_user.id, _user.login, _user.full_name, _user.role, _user.active)


def log_in(session, login: str | None, password: str | None, url: str) -> Person:
    """Who opens the book: the person named, after their password; or, with no one
    named, the automatic login when the book has one. A book without users (upgraded
    from before them) makes the person named its administrator (``Book.open``)."""
    from coopdesk.db.engine import describe

    if login is None or not login.strip():
        auto = automatic_person(session)
        if auto is not None:
            return auto
        raise LoginRequired(N_("Indique su usuario y su contraseña para abrir %(db)s."), db=describe(url))
    user = session.execute(select(*LOGIN_COLUMNS, _user.password_hash)
                           .where(_user.login == normal_login(login))).first()
    if user is None or not _matches(user.password_hash, password or ""):
        raise LoginFailed(N_("Usuario o contraseña incorrectos."))
    if not user.active:
        raise LoginFailed(N_("El usuario %(login)s está desactivado; pida al administrador que lo active."),
                          login=user.login)
    return Person(user.id, user.login, user.full_name, user.role)


def automatic_person(session) -> Person | None:
    """The person the book opens as without a password: only while they are its one active user."""
    active = session.execute(select(*LOGIN_COLUMNS, _user.automatic_login)
                             .where(_user.active.is_(True)).limit(2)).all()
    if len(active) == 1 and active[0].automatic_login:
        u = active[0]
        return Person(u.id, u.login, u.full_name, u.role)
    return None


def has_users(session) -> bool:
    return session.scalar(select(func.count()).select_from(users_table)) > 0


class Users:
    def __init__(self, book: "Book"):
        self._book = book

    def list(self) -> list[UserRow]:
        from coopdesk.db.models import User

        with self._book.read() as session:
            return [_row(u) for u in session.scalars(select(User).order_by(User.login))]

    def get(self, login: str) -> UserRow:
        with self._book.read() as session:
            return _row(self._find(session, login))

    @staticmethod
    def _find(session, login: str) -> User:
        from coopdesk.db.models import User

        user = session.scalar(select(User).where(User.login == normal_login(login)))
        if user is None:
            raise NotFound(N_("No hay ningún usuario «%(login)s»."), login=normal_login(login))
        return user

    def add(self, data: NewUser) -> Changes:
        """A new person. The automatic login, if on, goes off: it is only for a
        book with one person."""
        from coopdesk.db.models import User

        with self._book.write(roles.MANAGE_USERS) as session:
            add_in(session, data, self._book.clock.now(), self._book.user)
            for u in session.scalars(select(User).where(User.automatic_login.is_(True))):
                u.automatic_login = False
        return Changes(reference=True)

    def set_role(self, login: str, role: str) -> Changes:
        if role not in roles.ROLES:
            raise InvalidInput([p for p in check_person("x", "x", role, None)])
        with self._book.write(roles.MANAGE_USERS) as session:
            user = self._find(session, login)
            if user.role == ADMINISTRADOR and role != ADMINISTRADOR:
                self._keep_an_administrator(session, user)
            user.role = role
        return Changes(reference=True)

    def disable(self, login: str) -> Changes:
        with self._book.write(roles.MANAGE_USERS) as session:
            user = self._find(session, login)
            if user.id == self._book.person.id:
                raise BookError(N_("No puede desactivar su propio usuario."))
            if user.role == ADMINISTRADOR:
                self._keep_an_administrator(session, user)
            user.active = False
            user.automatic_login = False
        return Changes(reference=True)

    def enable(self, login: str) -> Changes:
        with self._book.write(roles.MANAGE_USERS) as session:
            self._find(session, login).active = True
            self._automatic_only_alone(session)
        return Changes(reference=True)

    @staticmethod
    def _keep_an_administrator(session, user: User) -> None:
        from coopdesk.db.models import User

        others = session.scalar(select(func.count()).select_from(User).where(
            User.role == ADMINISTRADOR, User.active.is_(True), User.id != user.id))
        if not others:
            raise BookError(N_("%(login)s es el único administrador activo: nombre antes a otro administrador."),
                            login=user.login)

    @staticmethod
    def _automatic_only_alone(session) -> None:
        from coopdesk.db.models import User

        if session.scalar(select(func.count()).select_from(User).where(User.active.is_(True))) > 1:
            for u in session.scalars(select(User).where(User.automatic_login.is_(True))):
                u.automatic_login = False

    def set_password(self, login: str, password: str, current: str | None = None) -> Changes:
        """The administrator sets anyone's password; a person changes their own,
        saying the current one first."""
        problems = check_password(password)
        if problems:
            raise InvalidInput(problems)
        own = normal_login(login) == self._book.user
        if own:
            with self._book.read() as session:
                if not _matches(self._find(session, login).password_hash, current or ""):
                    raise InvalidInput([Problem("current", N_("La contraseña actual no es correcta."))])
        with self._book.write(None if own else roles.MANAGE_USERS) as session:
            user = self._find(session, login)
            user.password_hash = hash_password(password)
            now = self._book.clock.now()  # a new hash always comes with a new date (migration 0009's guard)
            user.password_changed_at = now if now > user.password_changed_at \
                else user.password_changed_at + timedelta(seconds=1)
        return Changes(reference=True)

    def set_automatic_login(self, on: bool) -> Changes:
        """The book opens as the administrator, with no password, on this book's
        laptop: only for a cooperative of one person (the book's one active user)."""
        from coopdesk.db.models import User

        with self._book.write(roles.MANAGE_USERS) as session:
            active = session.scalars(select(User).where(User.active.is_(True))).all()
            if on and len(active) != 1:
                raise BookError(N_("El ingreso automático es solo para un libro con un único usuario activo; "
                                   "este tiene %(n)s."), n=len(active))
            for u in active:
                u.automatic_login = on
        return Changes(reference=True)
