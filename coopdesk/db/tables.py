"""The tables that opening a book and listing its members read, declared with
SQLAlchemy Core: the one declaration of these tables. Their ORM classes in
``coopdesk.db.models`` are mapped onto them (``__table__``), and every other table
is declared there, on the same ``metadata``.

Why apart: declaring the 47 ORM models and importing ``sqlalchemy.orm`` cost
about 0.3 s of CPU, more than half of what ``coopdesk members list`` may take
(benchmarks/bench_startup.py, target 0.5 s). Opening a book (its revision, the
cooperative, the login, the interest that fell due) and the members' page read
only these tables, through SQLAlchemy Core, so they import neither
(tests/cli/test_cli_startup.py). Like the models, the schema itself is made only
by the migrations, and tests/db/test_schema.py holds both to them.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from coopdesk.db.types import Cents, Hundredths
from coopdesk.domain import limits

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)
"""Every table of the schema: these, and the models' (``models.Base.metadata`` is this one)."""


def _required(name: str, *args, **kwargs) -> Column:
    """A NOT NULL column, as a model's ``Mapped[X]`` (not ``X | None``) declares it."""
    return Column(name, *args, nullable=False, **kwargs)


cooperative = Table(
    "cooperative", metadata,
    Column("id", Integer, primary_key=True),
    _required("name", String(limits.COOPERATIVE_NAME)),
    _required("ruc", String(11)),
    _required("address", String(limits.ADDRESS), default=""),
    _required("city", String(limits.NAME)),
    _required("locale", String(10), default="es_PE"),
    _required("currency", String(3), default="PEN"),
    _required("created_at", DateTime),
)

zones = Table(
    "zones", metadata,
    Column("id", Integer, primary_key=True),
    _required("code", String(20), unique=True),
    _required("name", String(100)),
)

members = Table(
    "members", metadata,
    Column("id", Integer, primary_key=True),
    _required("code", String(20), unique=True),
    _required("dni", String(8), unique=True),
    _required("first_names", String(limits.NAME)),
    _required("last_names", String(limits.NAME)),
    _required("gender", String(1)),
    _required("zone_id", Integer, ForeignKey("zones.id"), index=True),
    _required("status", String(12), default="activo"),
    _required("certification", String(12)),
    _required("join_date", Date),
    _required("phone", String(limits.PHONE), default=""),
    # where a batch payment is transferred (preferably the 20-digit CCI); '' = paid in cash (migration 0016)
    _required("bank_account", String(limits.BANK_ACCOUNT), default="", server_default=""),
    # Derived from the names (coopdesk.domain.text), kept for SQL ordering and search.
    # ordered byte by byte (collation "C" on PostgreSQL, as SQLite does): the key
    # itself encodes the Spanish order, whatever the server's own locale
    _required("sort_key", String(250).with_variant(String(250, collation="C"), "postgresql")),
    _required("search_key", String(300)),
    _required("created_at", DateTime),
    _required("updated_at", DateTime),
    CheckConstraint("gender IN ('F', 'M')", name="gender"),
    CheckConstraint("status IN ('activo', 'suspendido', 'retirado')", name="status"),
    CheckConstraint("certification IN ('organico', 'transicion', 'convencional')", name="certification"),
    Index(None, "sort_key", "id"),
    Index(None, "search_key", "id"),  # searched by a fragment: scan this narrow index, not the rows (0027)
)

loans = Table(
    "loans", metadata,
    Column("id", Integer, primary_key=True),
    _required("member_id", Integer, ForeignKey("members.id"), index=True),
    _required("date", Date),
    _required("principal_cents", Cents),
    _required("annual_rate_cp", Hundredths),
    _required("months", Integer),
    _required("description", String(limits.DESCRIPTION), default=""),
    # set when the loan's charge is reversed (a mistake): no interest is owed on it then
    Column("cancelled_on", Date),
    CheckConstraint("principal_cents > 0 AND months > 0", name="positive"),
)

loan_installments = Table(
    "loan_installments", metadata,
    Column("id", Integer, primary_key=True),
    _required("loan_id", Integer, ForeignKey("loans.id")),
    _required("number", Integer),
    _required("due", Date, index=True),
    _required("principal_cents", Cents),
    _required("interest_cents", Cents),
    UniqueConstraint("loan_id", "number"),
)

journal_entries = Table(
    "journal_entries", metadata,
    Column("id", Integer, primary_key=True),
    _required("year", Integer),
    _required("number", Integer),  # correlative within the year
    _required("date", Date),
    _required("period_id", Integer, ForeignKey("ledger_periods.id")),
    _required("description", String(limits.DESCRIPTION)),
    _required("reference", String(limits.REFERENCE), default=""),
    _required("source_kind", String(20), default="manual"),
    Column("source_id", Integer),
    Column("reverses_id", Integer, ForeignKey("journal_entries.id")),
    _required("created_at", DateTime),
    _required("created_by", String(limits.NAME), default=""),
    UniqueConstraint("year", "number"),
    Index(None, "date", "id"),
    Index(None, "source_kind", "source_id"),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    _required("login", String(40), unique=True),
    _required("full_name", String(limits.NAME)),
    _required("role", String(20)),
    _required("password_hash", String(200)),
    _required("password_changed_at", DateTime),
    _required("active", Boolean, default=True),
    _required("automatic_login", Boolean, default=False),
    _required("created_at", DateTime),
    _required("created_by", String(limits.NAME)),
    CheckConstraint("role IN ('tesorero', 'contador', 'acopiador', 'consejo', 'administrador')", name="role"),
)
