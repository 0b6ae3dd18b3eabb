"""The Book: the one object through which the GUI and the CLI reach the data.

Like Anki's collection: ``Book.open(url)`` migrates (after a backup) and returns
a book whose managers (``members``, ``deliveries``, ``statements``, ...) run the
use cases. Every call returns frozen DTOs; every mutation returns ``Changes``.
A Book is used from one thread at a time (the GUI's worker thread).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from importlib import import_module
from functools import cached_property
from typing import TYPE_CHECKING, Iterator, Sequence

from sqlalchemy import Connection, Engine, func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from coopdesk.core import audit
from coopdesk.core.book_files import check_before_opening, refusal, write_failures
from coopdesk.core.clock import default_clock
from coopdesk.core.errors import BookError, InvalidInput, N_, Problem
from coopdesk.core.users import NewUser, NoUsersYet, Person
from coopdesk.db import revisions
from coopdesk.db.engine import describe, make_engine, resolve_url, sqlite_path, write_engine
from coopdesk.db.tables import cooperative as cooperative_table
from coopdesk.domain import roles
from coopdesk.domain.clock import Clock
from coopdesk.domain.rules import (
    CampaignInput,
    CooperativeInput,
    ZoneInput,
    check_campaign,
    check_cooperative,
    check_zones,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


WRITE_LOCK_KEY = 0x636F6F70  # "coop": the one advisory lock coopdesk's writers share on PostgreSQL


@contextmanager
def _unreadable(url: str) -> Iterator[None]:
    """A file that is not a database, or a server that does not answer, said in Spanish."""
    try:
        yield
    except DBAPIError as exc:
        refused = refusal(exc, url)  # a read-only file or folder, a lock held too long
        if refused is not None:
            raise refused from exc
        if sqlite_path(url) is not None:
            raise BookError(N_("El archivo %(db)s no es una base de datos de coopdesk; no se modificó."),
                            db=describe(url)) from exc
        raise BookError(N_("No se pudo conectar con la base de datos %(db)s. Revise la dirección y que el "
                           "servidor esté encendido."), db=describe(url)) from exc


AUTOMATIC_ENTRIES = "0006"  # the revision from which every document posts its entry
AUDIT_TRAIL = "0007"  # the revision from which every change is recorded in the audit trail


class LazyManager:
    """One of the book's managers (``Members``, ``Ledger``...), made the first time
    it is used: its module, and whatever that imports (the distribution engine,
    the spreadsheets, the cipher), is imported then, not when the book opens."""

    _making = threading.RLock()

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, book: "Book | None", owner: type | None = None):
        if book is None:
            return self
        with self._making:  # one manager per book, even if two threads ask first at once
            manager = book.__dict__.get(self.attribute)
            if manager is None:
                manager = getattr(import_module(self.module), self.name)(book)
                book.__dict__[self.attribute] = manager  # the next lookups find it without coming here
        return manager


class NotAllowed(BookError):
    """The logged-in person's role may not do this (``domain.roles.PERMISSIONS``)."""

    def __init__(self, problem):
        self.problem = problem
        Exception.__init__(self, problem.message % {k: str(v) for k, v in problem.params.items()})


class Book:
    # The managers that run the use cases (``book.members.add(...)``), each made when first used:
    # a command imports only the modules it uses.
    campaigns = LazyManager("coopdesk.core.reference", "Campaigns")
    zones = LazyManager("coopdesk.core.reference", "Zones")
    products = LazyManager("coopdesk.core.reference", "Products")
    members = LazyManager("coopdesk.core.members", "Members")
    deliveries = LazyManager("coopdesk.core.deliveries", "Deliveries")
    lots = LazyManager("coopdesk.core.lots", "Lots")
    documents = LazyManager("coopdesk.core.documents", "Documents")
    statements = LazyManager("coopdesk.core.statements", "Statements")
    accounts = LazyManager("coopdesk.core.accounts", "Accounts")
    participation = LazyManager("coopdesk.core.participation", "Participation")
    plots = LazyManager("coopdesk.core.plots", "Plots")
    screenings = LazyManager("coopdesk.core.screenings", "Screenings")
    prices = LazyManager("coopdesk.core.prices", "Prices")
    collection_points = LazyManager("coopdesk.core.collection_points", "CollectionPoints")
    settings = LazyManager("coopdesk.core.settings", "Settings")
    ledger = LazyManager("coopdesk.core.ledger", "Ledger")
    banks = LazyManager("coopdesk.core.banks", "Banks")
    parties = LazyManager("coopdesk.core.registers", "Parties")
    registers = LazyManager("coopdesk.core.registers", "Registers")
    sales = LazyManager("coopdesk.core.sales", "Sales")
    credit_notes = LazyManager("coopdesk.core.credit_notes", "CreditNotes")
    opening_stock = LazyManager("coopdesk.core.opening_stock", "OpeningStocks")
    expenses = LazyManager("coopdesk.core.sales", "Expenses")
    assets = LazyManager("coopdesk.core.fixed_assets", "FixedAssets")
    distributions = LazyManager("coopdesk.core.distributions", "Distributions")
    payment_batches = LazyManager("coopdesk.core.payment_batches", "PaymentBatches")
    liquidations = LazyManager("coopdesk.core.liquidations", "Liquidations")
    imports = LazyManager("coopdesk.core.imports", "Imports")
    exports = LazyManager("coopdesk.core.exports", "Exports")
    checks = LazyManager("coopdesk.core.checks", "Checks")
    withholding = LazyManager("coopdesk.core.withholding", "Withholdings")
    backups = LazyManager("coopdesk.core.backups", "Backups")
    users = LazyManager("coopdesk.core.users", "Users")
    audit_heads = LazyManager("coopdesk.core.audit_heads", "AuditHeads")
    cierres = LazyManager("coopdesk.core.cierre", "Cierres")
    season = LazyManager("coopdesk.core.season", "Season")
    cooperative_details = LazyManager("coopdesk.core.cooperative", "CooperativeDetails")
    """Where the season stands, every figure of «Inicio» (``book.season.overview()``)."""
    bulletin = LazyManager("coopdesk.core.bulletin", "Bulletin")
    """The monthly bulletin's and the quarterly assembly pack's figures (``book.bulletin.monthly(...)``)."""
    cash = LazyManager("coopdesk.core.cash_guard", "CashGuard")
    """Caja and the banks below zero only with a confirmation (``book.cash.confirmed(reason)``)."""

    def __init__(self, engine: Engine, clock: Clock | None = None, person: Person | None = None):
        self.engine = engine
        self.person: Person | None = person
        """Who the book acts as (``Book.open``'s login): whose role every change is checked against."""
        self._trail: bool | None = None  # does the schema keep the audit trail yet (0007)?
        self.clock: Clock = clock if clock is not None else default_clock()
        """What today is for this book: every date and time stamp the core needs comes from it."""
        self.url = str(engine.url.render_as_string(hide_password=False))

    # SQLAlchemy's ORM is imported when a session is first needed: opening a book and
    # ``coopdesk members list`` read through ``rows()`` (Core) and never import it
    @cached_property
    def _read_sessions(self) -> "sessionmaker[Session]":
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @cached_property
    def _write_sessions(self) -> "sessionmaker[Session]":
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(write_engine(self.engine), expire_on_commit=False)

    # -- opening and creating -------------------------------------------------

    @property
    def user(self) -> str:
        """The logged-in person's login: «Registrado por» and the audit trail's «who»."""
        return self.person.login if self.person is not None else ""

    @classmethod
    def open(cls, db: str | None = None, clock: Clock | None = None, *, user: str | None = None,
             password: str | None = None, name: str | None = None) -> "Book":
        """Open an existing cooperative's book, upgrading its schema if needed,
        as the person ``user`` after their ``password`` (docs/security.md, «Personas
        y roles»). Without a user, the book's automatic login if it has one, or
        ``LoginRequired``. A book that has no users yet (upgraded from before them)
        makes ``user`` its administrator, with ``password`` and ``name``; without a
        user, ``NoUsersYet``. ``clock`` says what today is (by default the
        machine's, or COOPDESK_TODAY)."""
        clock = clock if clock is not None else default_clock()
        url = resolve_url(db)
        path = sqlite_path(url)
        if path is not None and not path.exists():
            raise BookError(N_("No existe la base de datos %(db)s."), db=str(path))
        check_before_opening(url)  # damaged, empty or foreign files are refused before a byte is written
        engine = make_engine(url)
        try:
            before = cls._recognise(engine, url)
            with engine.connect() as conn, _unreadable(url):
                if not inspect(conn).has_table("cooperative") or conn.execute(
                    select(func.count()).select_from(cooperative_table)
                ).scalar_one() == 0:
                    raise BookError(
                        N_("La base de datos %(db)s no tiene ninguna cooperativa registrada."), db=describe(url)
                    )
            book = cls(engine, clock)
            if before != revisions.head_revision():  # Alembic only for an upgrade
                book._upgrade_in_one_transaction()
            book.person = book._log_in(user, password, name)
        except Exception:
            engine.dispose()
            raise
        try:
            from coopdesk.core.interest_due import accrue_interest_due  # core.postings only when some fell due

            accrue_interest_due(book)  # the books owe what the members' statements say they owe
        except Exception:
            book.close()
            raise
        return book

    def _log_in(self, login: str | None, password: str | None, name: str | None) -> Person:
        from coopdesk.core import users

        with self.rows() as conn:
            if users.has_users(conn):
                return users.log_in(conn, login, password, self.url)
        if login is None or not login.strip():
            raise NoUsersYet(N_("La base de datos %(db)s todavía no tiene usuarios: quien la abre ahora será su "
                                "administrador. Indique su usuario y una contraseña."), db=describe(self.url))
        administrator = NewUser(login, name or login, roles.ADMINISTRADOR, password or "")
        with self._write(users.normal_login(login)) as session:
            if users.has_users(session):  # someone else became the administrator meanwhile
                raise NoUsersYet(N_("Otra persona acaba de crear el administrador de %(db)s; ingrese con su "
                                    "usuario."), db=describe(self.url))
            user = users.add_in(session, administrator, self.clock.now(), "")
            return Person(user.id, user.login, user.full_name, user.role)

    def _upgrade_in_one_transaction(self) -> None:
        """Upgrade an older book: one transaction or nothing. After the backup
        (``migrate.backup_sqlite``), the new schema and the posting of the older
        documents commit together, so a kill at any moment leaves either the old
        book or the fully upgraded one, never a new schema without its entries."""
        from coopdesk.db import migrate  # Alembic: only when a book needs it

        migrate.backup_before_upgrade(self.engine)
        with self._write("coopdesk", audited=False) as session:
            conn = session.connection()
            current = migrate.revision_in(conn)
            # a book that already keeps the trail records what the migrations change (0008 renumbers
            # the chart) as coopdesk's, chained with this upgrade
            pending = audit.begin(conn, "coopdesk", self.clock.now()) \
                if current is not None and current >= AUDIT_TRAIL else None
            before = migrate.upgrade_in(conn)
            if pending is None:
                # the trail begins with this upgrade (0007): its «inicio» records are chained with it
                pending = audit.begin(conn, "coopdesk", self.clock.now(),
                                      since=0 if before is None or before < AUDIT_TRAIL else None)
            if before is not None and before < AUTOMATIC_ENTRIES:
                self._post_older_documents(session)
            session.flush()
            audit.seal(conn, pending)
        self._trail = True

    def _post_older_documents(self, session: Session) -> None:
        """A book kept before the automatic entries: post its tickets, movements and
        distributions once, as it is upgraded, so what is recorded next (a loan's
        repayment, a sale's cost) finds them in the books; what is dated in a closed
        month is left. If the contador already typed entries in it, nothing is
        posted: «Contabilizar pendientes» is theirs to run (they may have entered
        the same documents by hand)."""
        from coopdesk.core.postings import post_pending_in
        from coopdesk.db.models import JournalEntry

        # the contador already keeps these books by hand: they decide
        typed = session.scalar(select(JournalEntry.id).where(JournalEntry.source_kind.in_(
            ("manual", "apertura", "reversion", "cierre"))).limit(1))
        if typed is None:
            try:
                with session.begin_nested():  # a refusal undoes only the posting, not the upgrade
                    post_pending_in(self, session, by="coopdesk")
            except InvalidInput:
                pass

    @classmethod
    def create(cls, db: str | None, cooperative: CooperativeInput, zones: Sequence[ZoneInput] = (),
               campaign: CampaignInput | None = None, clock: Clock | None = None, *,
               administrator: NewUser, automatic_login: bool = False) -> "Book":
        """Create a new book for a cooperative, with its zones, first campaign,
        the default products and its first user, the ``administrator`` (who the
        book returned acts as), in one transaction: all of it or nothing.
        ``automatic_login``: the book opens as the administrator without a
        password (a cooperative of one person, docs/security.md).

        Every problem of the input is reported at once; a database that already
        has a cooperative, or is not coopdesk's, is refused untouched."""
        from coopdesk.core.ledger import add_default_chart
        from coopdesk.core.reference import add_campaign, add_default_products, add_zones
        from coopdesk.core.users import add_in
        from coopdesk.db.models import Cooperative

        problems = check_cooperative(cooperative) + check_zones(list(zones))
        if campaign is not None:
            problems += check_campaign(campaign)
        problems += roles.check_person(administrator.login, administrator.full_name, administrator.role,
                                       administrator.password)
        if administrator.role != roles.ADMINISTRADOR:
            problems.append(Problem("role", N_("El primer usuario de un libro es su administrador.")))
        if problems:
            raise InvalidInput(problems)
        clock = clock if clock is not None else default_clock()
        url = resolve_url(db)
        check_before_opening(url, creating=True)  # a foreign or damaged file is refused untouched
        engine = make_engine(url)
        try:
            cls._upgrade(engine, url)
            book = cls(engine, clock)
            with book._write(roles.normal_login(administrator.login)) as session:
                if session.scalar(select(func.count()).select_from(Cooperative)):
                    raise BookError(N_("La base de datos %(db)s ya tiene una cooperativa."), db=describe(url))
                session.add(
                    Cooperative(
                        name=cooperative.name.strip(),
                        ruc=cooperative.ruc.strip(),
                        address=cooperative.address.strip(),
                        city=cooperative.city.strip(),
                        locale=cooperative.locale,
                        currency=cooperative.currency,
                        created_at=book.clock.now(),
                    )
                )
                add_default_products(session, book.clock.now())
                add_default_chart(session)
                add_zones(session, list(zones))
                if campaign is not None:
                    add_campaign(session, campaign)
                admin = add_in(session, administrator, book.clock.now(), "")
                admin.automatic_login = automatic_login
                book.person = Person(admin.id, admin.login, admin.full_name, admin.role)
        except Exception:
            engine.dispose()
            raise
        return book

    @classmethod
    def _upgrade(cls, engine: Engine, url: str) -> str | None:
        """Bring the schema to the newest revision; the revision it had before."""
        from coopdesk.db import migrate  # Alembic: only when a book is created or upgraded

        current = cls._recognise(engine, url)
        migrate.upgrade(engine)
        return current

    @staticmethod
    def _recognise(engine: Engine, url: str) -> str | None:
        """The book's schema revision; a database that is not coopdesk's, or
        comes from a newer coopdesk, is refused untouched."""
        with _unreadable(url):
            current = revisions.current_revision(engine)
        if current is None:
            with engine.connect() as conn:
                if inspect(conn).get_table_names():
                    raise BookError(N_("La base de datos %(db)s no es de coopdesk; no se modificó."), db=describe(url))
        elif current not in revisions.known_revisions():
            raise BookError(
                N_("La base de datos %(db)s fue creada por una versión más nueva de coopdesk. Actualice coopdesk."),
                db=describe(url),
            )
        return current

    def close(self) -> None:
        """Close the book; on SQLite, let it refresh its query statistics first."""
        if self.engine.dialect.name == "sqlite":
            try:
                with self.engine.begin() as conn:
                    conn.exec_driver_sql("PRAGMA optimize")
            except Exception:  # closing must never fail because of housekeeping
                pass
        self.engine.dispose()

    def __enter__(self) -> "Book":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def location(self) -> str:
        """Where the data lives, fit to show in a status bar."""
        return describe(self.url)

    # -- transactions ---------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read_sessions() as session, session.begin():
            yield session

    @contextmanager
    def rows(self) -> Iterator[Connection]:
        """A read transaction through SQLAlchemy Core, for what reads table columns
        only (``db.tables``): the same engine and transaction as ``read()``, without
        importing the ORM or declaring the models (opening a book, the members' page)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def require(self, action: str | None) -> None:
        """The one permission check (``domain.roles``): the logged-in person may do
        ``action`` (None: anything a logged-in person may, such as changing their
        own password), or ``NotAllowed`` says why not, in Spanish."""
        if self.person is None:
            raise BookError(N_("Nadie ha ingresado en este libro: indique su usuario y su contraseña."))
        if action is not None:
            refused = roles.refusal(self.person.role, action)
            if refused is not None:
                raise NotAllowed(refused)

    def allows(self, action: str) -> bool:
        """Whether the logged-in person may do ``action`` (for screens that hide what they may not)."""
        return self.person is not None and roles.allowed(self.person.role, action)

    @contextmanager
    def write(self, action: str | None) -> Iterator[Session]:
        """A write transaction that does ``action`` (``domain.roles``), after checking
        the logged-in person may; every change it makes is recorded as theirs."""
        self.require(action)
        with self._write(self.user) as session:
            yield session

    @contextmanager
    def _write(self, who: str, audited: bool = True) -> Iterator[Session]:
        """A write transaction, one at a time across every office machine:
        BEGIN IMMEDIATE on SQLite; on PostgreSQL a transaction-scoped advisory
        lock, so checks such as "this ticket is free" and "the next correlative
        number" cannot race with another machine. Rolled back on any error.

        Every change it makes is recorded in the audit trail (``core.audit``) as
        made by ``who`` at the book's clock's now, and chained before it commits.
        ``audited=False`` only for the upgrade, which begins the trail itself."""
        with write_failures(self.url), self._write_sessions() as session, session.begin():
            if self.engine.dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            pending = None
            if audited and self._keeps_trail(session):
                pending = audit.begin(session.connection(), who, self.clock.now())
            yield session
            if pending is not None:
                session.flush()
                audit.seal(session.connection(), pending)

    def _keeps_trail(self, session: Session) -> bool:
        if self._trail is None:
            self._trail = inspect(session.connection()).has_table(audit.TABLE)
        return self._trail

    # -- the cooperative ------------------------------------------------------

    @property
    def cooperative(self):
        from coopdesk.core.dto import CooperativeRow

        c = cooperative_table.c
        with self.rows() as conn:
            return CooperativeRow(*conn.execute(select(c.name, c.ruc, c.address, c.city, c.locale, c.currency)
                                                .order_by(c.id)).first())
