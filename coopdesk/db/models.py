"""The schema as typed SQLAlchemy 2.0 models.

The schema itself is created and upgraded only by the Alembic migrations in
``coopdesk/db/migrations``; a test proves the migrated schema equals these models.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy import text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from coopdesk.db import tables
from coopdesk.db.tables import NAMING  # noqa: F401 - where it was declared before
from coopdesk.db.types import Cents, Grams, Hundredths
from coopdesk.domain import limits


class Base(DeclarativeBase):
    metadata = tables.metadata  # its NAMING convention; the tables of opening a book are declared there


class Cooperative(Base):
    """The cooperative whose books these are (one row)."""

    __table__ = tables.cooperative  # declared with Core, for opening a book without the ORM

    id: Mapped[int]
    name: Mapped[str]
    ruc: Mapped[str]
    address: Mapped[str]
    city: Mapped[str]
    locale: Mapped[str]
    currency: Mapped[str]
    created_at: Mapped[datetime]


class Campaign(Base):
    """A season (campaña): deliveries and distributions belong to one."""

    __tablename__ = "campaigns"
    __table_args__ = (CheckConstraint("start_date <= end_date", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)


class Zone(Base):
    """An agricultural zone, sector or base committee grouping members."""

    __table__ = tables.zones  # declared with Core, for opening a book without the ORM

    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]


class Product(Base):
    """A product in a given form (cacao grano seco, café pergamino seco, ...)."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    crop: Mapped[str] = mapped_column(String(20))
    form: Mapped[str] = mapped_column(String(30))
    price_unit: Mapped[str] = mapped_column(String(2), default="kg")


class Member(Base):
    """A socio or socia of the cooperative."""

    __table__ = tables.members  # declared with Core, for opening a book without the ORM

    id: Mapped[int]
    code: Mapped[str]
    dni: Mapped[str]
    first_names: Mapped[str]
    last_names: Mapped[str]
    gender: Mapped[str]
    zone_id: Mapped[int]
    status: Mapped[str]
    certification: Mapped[str]
    join_date: Mapped[date]
    phone: Mapped[str]
    bank_account: Mapped[str]
    sort_key: Mapped[str]
    search_key: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Delivery(Base):
    """One intake ticket: a member's delivery of one product."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("series", "number"),
        CheckConstraint("gross_g > 0", name="gross_positive"),
        CheckConstraint("tare_g >= 0 AND tare_g < gross_g", name="tare_below_gross"),
        CheckConstraint("net_g = gross_g - tare_g", name="net_is_gross_minus_tare"),
        CheckConstraint("humidity_cp BETWEEN 0 AND 10000", name="humidity_percent"),
        CheckConstraint("sacks >= 0", name="sacks_not_negative"),
        CheckConstraint("price_cents >= 0 AND amount_cents >= 0", name="money_not_negative"),
        CheckConstraint("withheld_cents >= 0 AND withheld_cents <= amount_cents", name="withheld_within_amount"),
        Index(None, "member_id", "campaign_id"),
        Index(None, "date", "id"),
        Index(None, "campaign_id", "date", "id"),
        Index(None, "member_id", "date", "id"),  # the Entregas screen searched by socio, newest first
        # «Inicio»'s kilos by product and day (core/season.py ``kilos_query``) read from this index alone (0026)
        Index("ix_deliveries_season_kilos", "campaign_id", "voided_at", "product_id", "date", "net_g", "payable_g",
              "amount_cents"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    series: Mapped[str] = mapped_column(String(4))
    number: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    sacks: Mapped[int] = mapped_column(Integer)
    gross_kg: Mapped[Decimal] = mapped_column("gross_g", Grams)
    tare_kg: Mapped[Decimal] = mapped_column("tare_g", Grams)
    net_kg: Mapped[Decimal] = mapped_column("net_g", Grams)
    humidity_pct: Mapped[Decimal] = mapped_column("humidity_cp", Hundredths)
    grade: Mapped[str] = mapped_column(String(20))
    certification: Mapped[str] = mapped_column(String(12))
    price: Mapped[Decimal] = mapped_column("price_cents", Cents)
    price_unit: Mapped[str] = mapped_column(String(2))
    amount: Mapped[Decimal] = mapped_column("amount_cents", Cents)
    # the income-tax withholding (Ley 31335) taken out of the payment (0014): the member is paid amount − withheld
    withheld: Mapped[Decimal] = mapped_column("withheld_cents", Cents, default=Decimal(0), server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # a voided ticket keeps its number and its figures, and counts for nothing
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="", server_default="")
    voided_by: Mapped[str] = mapped_column(String(limits.NAME), default="", server_default="")
    # quality at the scale (0004): the sample's measures (None = not measured), the
    # kilos paid after the humidity discount, their kilos of the reference form, the
    # price row the advance came from (None = typed by hand) and why the ticket's
    # certification differs from the member's
    yield_pct: Mapped[Decimal | None] = mapped_column("yield_cp", Hundredths)
    fermentation_pct: Mapped[Decimal | None] = mapped_column("fermentation_cp", Hundredths)
    defects: Mapped[int | None] = mapped_column(Integer)
    cup_score: Mapped[Decimal | None] = mapped_column("cup_cp", Hundredths)
    payable_kg: Mapped[Decimal] = mapped_column("payable_g", Grams)
    equivalent_kg: Mapped[Decimal] = mapped_column("equivalent_g", Grams)
    price_entry_id: Mapped[int | None] = mapped_column(ForeignKey("price_entries.id"))
    # the plot the produce came from (0011; None: not said, as on every older ticket)
    plot_id: Mapped[int | None] = mapped_column(ForeignKey("plots.id"))
    certification_note: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="", server_default="")
    collection_point_id: Mapped[int | None] = mapped_column(ForeignKey("collection_points.id"))
    # its journal entry: the ticket's own, or the day's summary of an imported batch
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))


class Document(Base):
    """Every printed document gets a correlative number of its kind, kept here
    (``coopdesk.core.documents``): what it is for (``subject``: a member in a
    campaign, a run and a member, a ticket), a digest of its content, when it
    was first printed and how many times it was reprinted since."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("kind", "number"), Index("ix_documents_subject", "kind", "subject"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    printed_at: Mapped[datetime] = mapped_column(DateTime)  # first printed
    subject: Mapped[str] = mapped_column(String(120), default="", server_default="")
    digest: Mapped[str] = mapped_column(String(64), default="", server_default="")
    reprints: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_printed_at: Mapped[datetime | None] = mapped_column(DateTime)


RUN_STATUSES = ("borrador", "aprobada", "publicada", "reemplazada")


class DistributionCriteria(Base):
    """A version of a distribution's criteria, as the assembly reads them (TOML).

    Versions of one name are numbered 1, 2, ...; an approved version records
    the acta; approving a newer version supersedes the one approved before."""

    __tablename__ = "distribution_criteria"
    __table_args__ = (
        UniqueConstraint("name", "version"),
        CheckConstraint("status IN ('borrador', 'aprobado', 'reemplazado')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(12), default="borrador")
    # the acta that first approved this version
    acta_number: Mapped[str | None] = mapped_column(String(limits.ACTA))
    acta_date: Mapped[date | None] = mapped_column(Date)
    approved_by: Mapped[str | None] = mapped_column(String(limits.NAME))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DistributionRun(Base):
    """One run of criteria over a campaign's data: its inputs and results are
    stored (compressed canonical JSON), so a published run can be printed,
    shown and verified years later, whatever happens to the live data."""

    __tablename__ = "distribution_runs"
    __table_args__ = (
        CheckConstraint("status IN ('borrador', 'aprobada', 'publicada', 'reemplazada')", name="status"),
        CheckConstraint("status IN ('borrador', 'aprobada') OR fingerprint IS NOT NULL", name="published_sealed"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    criteria_id: Mapped[int] = mapped_column(ForeignKey("distribution_criteria.id"))
    # the year whose income it is (the criteria's date, else the day it was computed): the withholding's year
    tax_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="borrador")
    inputs: Mapped[bytes] = mapped_column(LargeBinary)
    results: Mapped[bytes] = mapped_column(LargeBinary)
    amount: Mapped[Decimal] = mapped_column("amount_cents", Cents)
    to_members: Mapped[Decimal] = mapped_column("to_members_cents", Cents)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    # the assembly's approval of this run (sealed with it once published)
    acta_number: Mapped[str | None] = mapped_column(String(limits.ACTA))
    acta_date: Mapped[date | None] = mapped_column(Date)
    # who signs the acta (0022), apart from its number; '' for runs approved before
    acta_signed_by: Mapped[str] = mapped_column(String(limits.NAME), default="", server_default="")
    approved_by: Mapped[str | None] = mapped_column(String(limits.NAME))
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("distribution_runs.id"))
    reason: Mapped[str] = mapped_column(Text, default="")


class DistributionLine(Base):
    """A member's totals in a run, for lists, sorting and the padrón (the full
    trace is in the run's stored results)."""

    __tablename__ = "distribution_lines"
    __table_args__ = (
        UniqueConstraint("run_id", "member_id"),
        CheckConstraint("net_cents >= 0", name="net_not_negative"),
        Index(None, "run_id", "net_cents"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("distribution_runs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    eligible: Mapped[bool] = mapped_column(Boolean)
    gross: Mapped[Decimal] = mapped_column("gross_cents", Cents)
    capitalised: Mapped[Decimal] = mapped_column("capitalised_cents", Cents)
    taxable: Mapped[Decimal] = mapped_column("taxable_cents", Cents)    # income counted for the withholding
    withheld: Mapped[Decimal] = mapped_column("withheld_cents", Cents)  # the legal withholding taken
    retained: Mapped[Decimal] = mapped_column("retained_cents", Cents)
    deducted: Mapped[Decimal] = mapped_column("deducted_cents", Cents)
    net: Mapped[Decimal] = mapped_column("net_cents", Cents)


class DistributionPayment(Base):
    """The payment of a member's net amount of a published run. Its figures never
    change; a payment recorded by mistake with its batch is voided once (its entry
    reversed), and the member can then be paid again (migration 0016)."""

    __tablename__ = "distribution_payments"
    __table_args__ = (Index("uq_distribution_payments_live", "run_id", "member_id", unique=True,
                            sqlite_where=text("voided_at IS NULL"), postgresql_where=text("voided_at IS NULL")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("distribution_runs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(limits.REFERENCE), default="")
    amount: Mapped[Decimal] = mapped_column("amount_cents", Cents)
    recorded_by: Mapped[str] = mapped_column(String(limits.NAME), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("payment_batches.id"), index=True, nullable=True)
    voided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    voided_by: Mapped[str] = mapped_column(String(limits.NAME), default="", server_default="")
    void_reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="", server_default="")


class PaymentBatch(Base):
    """Payments of a published run recorded at once (docs/distribution.md, «Pago en
    lote»): numbered, confirmed by a person; undone once, never deleted (0016)."""

    __tablename__ = "payment_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("distribution_runs.id"))
    paid_on: Mapped[date] = mapped_column(Date)
    members: Mapped[int] = mapped_column(Integer)
    cash: Mapped[Decimal] = mapped_column("cash_cents", Cents)
    bank: Mapped[Decimal] = mapped_column("bank_cents", Cents)
    confirmed_by: Mapped[str] = mapped_column(String(limits.NAME))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    undone_by: Mapped[str] = mapped_column(String(limits.NAME), default="", server_default="")
    undo_reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="", server_default="")


class PaymentBatchProof(Base):
    """A batch's proof kept inside the book: a scanned signed planilla or a photo,
    its bytes and SHA-256. Never changed or deleted (0016)."""

    __tablename__ = "payment_batch_proofs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("payment_batches.id"), index=True)
    name: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_by: Mapped[str] = mapped_column(String(limits.NAME))
    added_at: Mapped[datetime] = mapped_column(DateTime)


class AccountMovement(Base):
    """A charge (cargo) or credit (abono) on a member's account, by concept.

    Never edited or deleted: a mistake is reversed by an opposite movement
    whose ``reverses_id`` names it."""

    __tablename__ = "account_movements"
    __table_args__ = (
        CheckConstraint("concept IN ('adelantos', 'prestamos', 'insumos', 'aportaciones', 'retenidos')", name="concept"),
        CheckConstraint("direction IN ('cargo', 'abono')", name="direction"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        Index(None, "member_id", "date", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    date: Mapped[date] = mapped_column(Date)
    concept: Mapped[str] = mapped_column(String(12))
    direction: Mapped[str] = mapped_column(String(5))
    amount: Mapped[Decimal] = mapped_column("amount_cents", Cents)
    description: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")
    reference: Mapped[str] = mapped_column(String(limits.REFERENCE), default="")
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loans.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("distribution_runs.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("account_movements.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class InputItemRow(Base):
    """The items of a charge for inputs on credit."""

    __tablename__ = "input_items"
    __table_args__ = (CheckConstraint("quantity_milli > 0 AND unit_price_cents > 0", name="positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("account_movements.id"), index=True)
    description: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    quantity: Mapped[Decimal] = mapped_column("quantity_milli", Grams)  # thousandths, as grams are of a kg
    unit_price: Mapped[Decimal] = mapped_column("unit_price_cents", Cents)
    amount: Mapped[Decimal] = mapped_column("amount_cents", Cents)


class Loan(Base):
    """A loan to a member: its principal is charged when granted; the interest
    of each installment is owed from its due date (``loan_installments``)."""

    __table__ = tables.loans  # declared with Core, for opening a book without the ORM

    id: Mapped[int]
    member_id: Mapped[int]
    date: Mapped[date]
    principal: Mapped[Decimal] = tables.loans.c.principal_cents
    annual_rate: Mapped[Decimal] = tables.loans.c.annual_rate_cp
    months: Mapped[int]
    description: Mapped[str]
    cancelled_on: Mapped[date | None]


class LoanInstallment(Base):
    __table__ = tables.loan_installments  # declared with Core, for opening a book without the ORM

    id: Mapped[int]
    loan_id: Mapped[int]
    number: Mapped[int]
    due: Mapped[date]
    principal: Mapped[Decimal] = tables.loan_installments.c.principal_cents
    interest: Mapped[Decimal] = tables.loan_installments.c.interest_cents


class ParticipationEvent(Base):
    """An assembly or a faena (communal work day), worth points to those who attend."""

    __tablename__ = "participation_events"
    __table_args__ = (
        CheckConstraint("kind IN ('asamblea', 'faena')", name="kind"),
        CheckConstraint("points_cp >= 0", name="points_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")
    points: Mapped[Decimal] = mapped_column("points_cp", Hundredths)


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("event_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("participation_events.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)


class YieldNorm(Base):
    """What a hectare of a crop yields at most in a campaign, from a date on (the
    yield guard compares each plot's deliveries with it; docs/traceability.md)."""

    __tablename__ = "yield_norms"
    __table_args__ = (
        CheckConstraint("crop IN ('cacao', 'cafe', 'copoazu')", name="crop"),
        CheckConstraint("kg_per_ha_g > 0", name="norm_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    crop: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[date] = mapped_column(Date)
    kg_per_ha: Mapped[Decimal] = mapped_column("kg_per_ha_g", Grams)
    source: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="", server_default="")
    recorded_by: Mapped[str] = mapped_column(String(limits.NAME), default="", server_default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class Plot(Base):
    """A member's plot (parcela) of one crop: its hectares and estimated yield
    per hectare give the internal control system's estimate of what the member
    can deliver. ``certification`` None means the member's own."""

    __tablename__ = "plots"
    __table_args__ = (
        CheckConstraint("crop IN ('cacao', 'cafe', 'copoazu')", name="crop"),
        CheckConstraint("hectares_hundredths > 0", name="hectares_positive"),
        CheckConstraint("yield_g_per_ha > 0", name="yield_positive"),
        CheckConstraint("certification IS NULL OR certification IN ('organico', 'transicion', 'convencional')",
                        name="certification"),
        Index(None, "member_id", "crop"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    crop: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="", server_default="")
    hectares: Mapped[Decimal] = mapped_column("hectares_hundredths", Hundredths)  # 2.50 ha stored as 250
    yield_kg_per_ha: Mapped[Decimal] = mapped_column("yield_g_per_ha", Grams)   # 600 kg/ha stored as 600000
    certification: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # geolocation (0011, docs/traceability.md): a GeoJSON Point or Polygon in WGS 84,
    # its coordinates as the field-mapping file wrote them; its geodesic area in m²;
    # the land-tenure document, the day it was mapped and the file it came from
    geometry: Mapped[str | None] = mapped_column(Text)
    area_m2: Mapped[int | None] = mapped_column(BigInteger)
    tenure_document: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="", server_default="")
    mapped_on: Mapped[date | None] = mapped_column(Date)
    geometry_source: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="", server_default="")


class CollectionPoint(Base):
    """A collection point (centro de acopio) and the ticket series it numbers."""

    __tablename__ = "collection_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(limits.CODE), unique=True)
    name: Mapped[str] = mapped_column(String(limits.NAME))
    series: Mapped[str] = mapped_column(String(4), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class QualityStandardRow(Base):
    """A product's quality standard from a date (coopdesk.domain.quality, as JSON).
    Never changed: a change is a new row, so the history says who and when."""

    __tablename__ = "quality_standards"
    __table_args__ = (Index(None, "product_id", "valid_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(limits.NAME))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class PriceEntryRow(Base):
    """An advance price from a date, for a product, a grade ('' = any) and a
    certification ('' = any). Never changed: a new row replaces it from its date."""

    __tablename__ = "price_entries"
    __table_args__ = (
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
        CheckConstraint("price_unit IN ('kg', 'qq')", name="price_unit"),
        CheckConstraint("certification IN ('', 'organico', 'transicion', 'convencional')", name="certification"),
        Index(None, "product_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    grade: Mapped[str] = mapped_column(String(limits.CODE))
    certification: Mapped[str] = mapped_column(String(12))
    valid_from: Mapped[date] = mapped_column(Date)
    price: Mapped[Decimal] = mapped_column("price_cents", Cents)
    price_unit: Mapped[str] = mapped_column(String(2))
    note: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")
    recorded_by: Mapped[str] = mapped_column(String(limits.NAME))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class SettingRow(Base):
    """A setting's value from the moment it was recorded (the latest row wins);
    never changed, so the history of every setting is kept."""

    __tablename__ = "settings"
    __table_args__ = (Index(None, "key", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    recorded_by: Mapped[str] = mapped_column(String(limits.NAME))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class LedgerAccount(Base):
    """An account of the chart (PCGE codes). ``member_ledger``: its lines name the
    member, and the members' sub-ledgers add up to it."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (
        CheckConstraint("kind IN ('activo', 'pasivo', 'patrimonio', 'ingreso', 'gasto')", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(limits.CODE), unique=True)
    name: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    kind: Mapped[str] = mapped_column(String(12))
    member_ledger: Mapped[bool] = mapped_column(Boolean, default=False)


class LedgerPeriod(Base):
    """A month of an ejercicio. Closing moves forward only: a closed period takes
    no entry (a trigger refuses it) and is never opened again."""

    __tablename__ = "ledger_periods"
    __table_args__ = (
        UniqueConstraint("year", "month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        CheckConstraint("status IN ('abierto', 'cerrado')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8), default="abierto")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class JournalEntry(Base):
    """A posted journal entry: never changed or deleted (triggers); a mistake is
    reversed by an opposite entry naming it. ``source_kind``/``source_id`` link an
    automatic entry to the document it comes from."""

    __table__ = tables.journal_entries  # declared with Core, for opening a book without the ORM

    id: Mapped[int]
    year: Mapped[int]
    number: Mapped[int]
    date: Mapped[date]
    period_id: Mapped[int]
    description: Mapped[str]
    reference: Mapped[str]
    source_kind: Mapped[str]
    source_id: Mapped[int | None]
    reverses_id: Mapped[int | None]
    created_at: Mapped[datetime]
    created_by: Mapped[str]


class DiarioNumber(Base):
    """The entry's correlativo in the Libro Diario (per year), given once, when its
    month is closed, in order of date and posting number (the apertura first and
    the cierre last in a day): the CUO of SUNAT's electronic books. The entry
    itself is never touched; this row is only ever added (triggers refuse a
    change or a delete, and an entry of a month still open)."""

    __tablename__ = "diario_numbers"
    __table_args__ = (UniqueConstraint("year", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)


class JournalLine(Base):
    """One line: a debit or a credit in céntimos of PEN, with the foreign amount
    and the exchange rate (ten-thousandths) of a US$ line."""

    __tablename__ = "journal_lines"
    __table_args__ = (
        CheckConstraint("debit_cents >= 0 AND credit_cents >= 0", name="not_negative"),
        CheckConstraint("(debit_cents = 0) <> (credit_cents = 0)", name="one_side"),
        CheckConstraint("currency IN ('PEN', 'USD')", name="currency"),
        # covering: the trial balance's sums per account come from the index alone
        Index(None, "account_id", "entry_id", "debit_cents", "credit_cents"),
        Index(None, "member_id", "account_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    debit: Mapped[Decimal] = mapped_column("debit_cents", Cents)
    credit: Mapped[Decimal] = mapped_column("credit_cents", Cents)
    currency: Mapped[str] = mapped_column(String(3), default="PEN")
    foreign_cents: Mapped[int | None] = mapped_column(BigInteger)
    rate_ten_thousandths: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")


class CashConfirmation(Base):
    """A document that left Caja or a bank below zero, confirmed by a person with a
    reason (docs/ledger.md, «Caja y bancos no quedan en negativo», migration
    0013): the entry, the account, the day and the figures the refusal named.
    Never changed or deleted (triggers); audited."""

    __tablename__ = "cash_confirmations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), index=True)
    account: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    balance: Mapped[Decimal] = mapped_column("balance_cents", Cents)   # that day, without the document
    amount: Mapped[Decimal] = mapped_column("amount_cents", Cents)     # what the document took out by then
    result: Mapped[Decimal] = mapped_column("result_cents", Cents)     # the balance it left
    reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)
    confirmed_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class Sale(Base):
    """A sale to a buyer: product, certification, kilos, price in PEN or US$ with
    the exchange rate, the Fairtrade Premium and the organic differential apart.
    Never edited; a mistake is voided (its entry reversed)."""

    __tablename__ = "sales"
    __table_args__ = (
        CheckConstraint("currency IN ('PEN', 'USD')", name="currency"),
        CheckConstraint("kg_g > 0 AND price_e4 >= 0 AND amount_cents >= 0 AND premium_cents >= 0 "
                        "AND differential_cents >= 0 AND cost_cents >= 0", name="figures_not_negative"),
        Index(None, "date", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date)
    buyer: Mapped[str] = mapped_column(String(limits.NAME))
    contract: Mapped[str] = mapped_column(String(limits.REFERENCE), default="")
    invoice: Mapped[str] = mapped_column(String(limits.REFERENCE), default="")
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    certification: Mapped[str] = mapped_column(String(12))
    kg: Mapped[Decimal] = mapped_column("kg_g", Grams)
    equivalent_kg: Mapped[Decimal] = mapped_column("equivalent_g", Grams)  # in the reference form, as tickets
    currency: Mapped[str] = mapped_column(String(3), default="PEN")
    price_e4: Mapped[int] = mapped_column(BigInteger)            # per kg, ten-thousandths of the currency
    rate_e4: Mapped[int | None] = mapped_column(Integer)          # soles per US$, ten-thousandths
    amount_cents: Mapped[int] = mapped_column(BigInteger)         # kg × price, in the currency
    premium_cents: Mapped[int] = mapped_column(BigInteger)        # Fairtrade Premium, in the currency
    differential_cents: Mapped[int] = mapped_column(BigInteger)   # organic differential, in the currency
    cost_cents: Mapped[int] = mapped_column(BigInteger)           # cost of acopio of the kilos sold, PEN
    debit_account: Mapped[str] = mapped_column(String(20))        # 1212 por cobrar, 1041 banco, 101 caja
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")
    collected_on: Mapped[date | None] = mapped_column(Date)                  # the buyer paid (por cobrar)
    collection_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    # an acto cooperativo (Ley 31335), or an operation with third parties that is not (taxed): 0018
    cooperative_act: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # the buyer (parties), the comprobante (tabla 10), its serie and número, and how the IGV treats it: 0020
    party_id: Mapped[int | None] = mapped_column(Integer)
    comprobante: Mapped[str] = mapped_column(String(2), default="", server_default="")
    doc_series: Mapped[str] = mapped_column(String(20), default="", server_default="")
    doc_number: Mapped[str] = mapped_column(String(20), default="", server_default="")
    tax_kind: Mapped[str] = mapped_column(String(12), default="", server_default="")


class CreditNote(Base):
    """A nota de crédito (tabla 10: 07) against a sale's comprobante (0024): the parts of
    the sale it credits, in the sale's currency, and the entry that reverses them.
    Never edited."""

    __tablename__ = "credit_notes"
    __table_args__ = (
        UniqueConstraint("series", "number"),
        CheckConstraint("amount_cents >= 0 AND premium_cents >= 0 AND differential_cents >= 0 "
                        "AND amount_cents + premium_cents + differential_cents > 0", name="figures_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    date: Mapped[date] = mapped_column(Date)
    series: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    amount_cents: Mapped[int] = mapped_column(BigInteger)         # of the sale's price, in its currency
    premium_cents: Mapped[int] = mapped_column(BigInteger)
    differential_cents: Mapped[int] = mapped_column(BigInteger)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class OpeningStock(Base):
    """What the almacén held of a product and certification when the cooperative
    started its stock in coopdesk (saldo inicial del kardex, migration 0015): kilos
    of the stocked form and their value, on a date, with the entry that put them in
    inventory. Never edited; a mistake is voided (its entry reversed) and typed
    again. One that is not voided per product and certification."""

    __tablename__ = "opening_stocks"
    __table_args__ = (
        CheckConstraint("kg_g > 0 AND value_cents > 0", name="figures_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    certification: Mapped[str] = mapped_column(String(12))
    kg: Mapped[Decimal] = mapped_column("kg_g", Grams)
    value: Mapped[Decimal] = mapped_column("value_cents", Cents)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")


class Expense(Base):
    """An expense (or purchase) of the cooperative: the account it is charged to,
    what was paid from (caja, banco, or owed to the supplier). Never edited; a
    mistake is voided (its entry reversed)."""

    __tablename__ = "expenses"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        Index(None, "date", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date)
    account: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    supplier: Mapped[str] = mapped_column(String(limits.NAME), default="")
    reference: Mapped[str] = mapped_column(String(limits.REFERENCE), default="")
    amount: Mapped[Decimal] = mapped_column("amount_cents", Cents)
    paid_from: Mapped[str] = mapped_column(String(20))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")
    paid_on: Mapped[date | None] = mapped_column(Date)                       # owed to the supplier (4212), paid
    payment_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    # an expense of an acto cooperativo, or of an operation that is not (deducted from the taxed income): 0018
    cooperative_act: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # the supplier (parties), the comprobante (tabla 10), its serie and número, and how the IGV treats it: 0020
    party_id: Mapped[int | None] = mapped_column(Integer)
    comprobante: Mapped[str] = mapped_column(String(2), default="", server_default="")
    doc_series: Mapped[str] = mapped_column(String(20), default="", server_default="")
    doc_number: Mapped[str] = mapped_column(String(20), default="", server_default="")
    tax_kind: Mapped[str] = mapped_column(String(12), default="", server_default="")


class AuditLog(Base):
    """The audit trail: one row per change to an audited table, written by the
    database's own triggers (migration 0007), so a change made with a SQL tool
    is recorded too. ``who`` and ``at`` come from coopdesk's ``audit_context``
    (NULL: the change was made outside coopdesk); ``before`` and ``after`` are
    JSON (an update keeps only the columns that changed). coopdesk chains each
    row to the one before with SHA-256 before it commits (``prev_hash``,
    ``hash``: ``coopdesk.domain.audit_chain``). Rows are never changed or
    deleted; only their hashes are filled, once."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "table_name", "row_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str | None] = mapped_column(String(32))
    who: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(10))      # alta, cambio, baja; inicio: the trail began
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int | None] = mapped_column(BigInteger)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class AuditContext(Base):
    """Who is writing, and when, for the length of one coopdesk transaction: the
    row is inserted when it begins and deleted before it commits, so no other
    connection ever sees it (the audit triggers read it)."""

    __tablename__ = "audit_context"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    who: Mapped[str] = mapped_column(String(100))
    at: Mapped[str] = mapped_column(String(32))


class AuditHead(Base):
    """A head of the audit trail as coopdesk printed it (migration 0012): on the
    monthly «cierre» (``kind`` ``cierre``, ``reference`` the month «2026-03») or on
    the board's summary of a distribution (``resumen``, the run's number). The
    newest chained record then (``record_id``), how many records the trail had up
    to it (``records``) and its ``hash``; ``coopdesk check --integrity`` recomputes
    the chain and compares. Audited, never changed nor deleted."""

    __tablename__ = "audit_heads"
    __table_args__ = (CheckConstraint("kind IN ('cierre', 'resumen')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str] = mapped_column(String(40))
    printed_on: Mapped[date] = mapped_column(Date)
    printed_at: Mapped[datetime] = mapped_column(DateTime)
    printed_by: Mapped[str] = mapped_column(String(limits.NAME))
    record_id: Mapped[int] = mapped_column(BigInteger)
    records: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class User(Base):
    """A person who works in the book (migration 0009): their login (what
    «Registrado por» and the audit trail's ``who`` say), name, role
    (``domain.roles``) and password, hashed with argon2id (never the password).
    Never deleted: a person who leaves is disabled (``active`` false), so what
    they recorded still names someone. ``automatic_login``: the book opens as
    this person without a password (a one-person cooperative's own laptop; it
    works only while they are the book's one active user). Every change is in
    the audit trail, the hash shown only by its length; a new hash must come
    with a new ``password_changed_at`` (a trigger refuses it otherwise)."""

    __table__ = tables.users  # declared with Core, for opening a book without the ORM

    id: Mapped[int]
    login: Mapped[str]
    full_name: Mapped[str]
    role: Mapped[str]
    password_hash: Mapped[str]
    password_changed_at: Mapped[datetime]
    active: Mapped[bool]
    automatic_login: Mapped[bool]
    created_at: Mapped[datetime]
    created_by: Mapped[str]


class ChartChange(Base):
    """The chart's move to the PCGE's codes (migration 0008), as it was applied to
    this book: each account renumbered (``renumerada``: coopdesk's account, old
    code → PCGE code) or moved out of the way (``movida``: a contador's own account
    that held a PCGE code coopdesk now uses, to a subdivision of it). Shown once
    to the contador (``shown_at``), and always by ``coopdesk ledger chart-changes``."""

    __tablename__ = "chart_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    old_code: Mapped[str] = mapped_column(String(limits.CODE))
    new_code: Mapped[str] = mapped_column(String(limits.CODE))
    old_name: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    new_name: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    revision: Mapped[str] = mapped_column(String(12))
    shown_at: Mapped[datetime | None] = mapped_column(DateTime)


# -- lots and mass balance (0017, docs/traceability.md): records, never changed or deleted


class Lot(Base):
    """A lot at the warehouse (lote de acopio): one product in one form and one
    certification, from a date. What entered it and what it shipped are the rows
    of ``lot_tickets``, ``lot_sources`` and ``sale_lots``."""

    __tablename__ = "lots"
    __table_args__ = (
        CheckConstraint("certification IN ('organico', 'transicion', 'convencional')", name="certification"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(limits.CODE), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    certification: Mapped[str] = mapped_column(String(12))
    date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")
    # for the EU market (0021): a plot flagged by its deforestation screening enters only with an override
    eu_market: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class LotTicket(Base):
    """Kilos of a ticket (its payable kilos, in the ticket's form) put in a lot."""

    __tablename__ = "lot_tickets"
    __table_args__ = (CheckConstraint("kg_g > 0", name="kg_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id"), index=True)
    kg: Mapped[Decimal] = mapped_column("kg_g", Grams)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class LotSource(Base):
    """Kilos taken from an earlier lot into this one, and the kilos they made
    (a transformation, baba → grano seco, at its conversion factor; a blend of
    the same product at 1): ``made_g`` ≤ ``taken_g`` × factor."""

    __tablename__ = "lot_sources"
    __table_args__ = (
        CheckConstraint("taken_g > 0 AND made_g >= 0 AND factor_e6 > 0", name="figures_positive"),
        CheckConstraint("from_lot_id < lot_id", name="from_an_earlier_lot"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    from_lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    taken: Mapped[Decimal] = mapped_column("taken_g", Grams)    # kilos of the earlier lot's product
    factor_e6: Mapped[int] = mapped_column(Integer)              # millionths
    made: Mapped[Decimal] = mapped_column("made_g", Grams)      # kilos of this lot's product
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class SaleLot(Base):
    """Kilos of a lot (its product, the sale's) that make up a sale (a container)."""

    __tablename__ = "sale_lots"
    __table_args__ = (CheckConstraint("kg_g > 0", name="kg_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    kg: Mapped[Decimal] = mapped_column("kg_g", Grams)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class DdsReference(Base):
    """The reference and verification numbers of the due-diligence statement the
    EU buyer filed for a sale (EU information system), as the buyer returned them."""

    __tablename__ = "dds_references"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    reference: Mapped[str] = mapped_column(String(limits.REFERENCE))
    verification: Mapped[str] = mapped_column(String(limits.REFERENCE), default="")
    note: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class BankAccount(Base):
    """An account of the cooperative at a bank, in one currency, with its own ledger
    subaccount of 1041 (10411, 10412 …): the books say how much each holds, US$
    apart from soles (migration 0019, docs/ledger.md, «Bancos y monedas»)."""

    __tablename__ = "bank_accounts"
    __table_args__ = (CheckConstraint("currency IN ('PEN', 'USD')", name="currency"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank: Mapped[str] = mapped_column(String(limits.NAME))
    number: Mapped[str] = mapped_column(String(limits.REFERENCE))
    currency: Mapped[str] = mapped_column(String(3))
    account_code: Mapped[str] = mapped_column(String(limits.CODE), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class ExchangeRate(Base):
    """The SBS's exchange rate of a day (soles per US$, ten-thousandths), compra and
    venta, as imported; a day's rate is never changed (migration 0019)."""

    __tablename__ = "exchange_rates"
    __table_args__ = (CheckConstraint("buy_e4 > 0 AND sell_e4 > 0", name="positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    buy_e4: Mapped[int] = mapped_column(Integer)
    sell_e4: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(limits.REFERENCE), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class Party(Base):
    """A buyer or a supplier: its document (SUNAT's tabla 2: 6 RUC, checked by
    módulo 11; 1 DNI; 0 a foreign tax number) and its name, for the registers of
    sales and purchases (migration 0020)."""

    __tablename__ = "parties"
    __table_args__ = (UniqueConstraint("document_type", "document"),
                      CheckConstraint("document_type IN ('0', '1', '6')", name="document_type"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_type: Mapped[str] = mapped_column(String(1))
    document: Mapped[str] = mapped_column(String(15))
    name: Mapped[str] = mapped_column(String(limits.NAME))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")
class PlotScreening(Base):
    """A plot's result in an external deforestation screening (0021): ``sin_riesgo``,
    ``riesgo`` or ``revisar``, from a source (the buyer's, a public service's),
    dated; the newest is the plot's status. A record: never changed or deleted."""

    __tablename__ = "plot_screenings"
    __table_args__ = (CheckConstraint("result IN ('sin_riesgo', 'riesgo', 'revisar')", name="result"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plot_id: Mapped[int] = mapped_column(ForeignKey("plots.id"), index=True)
    result: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    screened_on: Mapped[date] = mapped_column(Date)
    file: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class RiskOverride(Base):
    """A decision, with its reason, to let a flagged plot's deliveries into lots
    for the EU despite one screening (0021). A newer screening needs a new one."""

    __tablename__ = "risk_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plot_id: Mapped[int] = mapped_column(ForeignKey("plots.id"), index=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("plot_screenings.id"))
    reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(limits.NAME), default="")


class FixedAsset(Base):
    """A fixed asset (activo fijo) of the register (0023, docs/fixed_assets.md): its account of
    33, its depreciation category, its cost and the entry that bought it. Never edited: a
    mistake is voided (its own acquisition entry reversed); a baja is a dated entry."""

    __tablename__ = "fixed_assets"
    __table_args__ = (CheckConstraint("cost_cents > 0", name="cost_positive"),
                      CheckConstraint("prior_cents >= 0 AND prior_cents < cost_cents", name="prior_below_cost"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(limits.CODE), unique=True)
    description: Mapped[str] = mapped_column(String(limits.DESCRIPTION))
    account: Mapped[str] = mapped_column(String(limits.CODE))
    category: Mapped[str] = mapped_column(String(30))
    acquired_on: Mapped[date] = mapped_column(Date)
    cost: Mapped[Decimal] = mapped_column("cost_cents", Cents)
    prior: Mapped[Decimal] = mapped_column("prior_cents", Cents, default=Decimal(0))
    start_year: Mapped[int] = mapped_column(Integer)    # the first month depreciated
    start_month: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(limits.REFERENCE), default="")
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))   # the purchase's entry
    own_entry: Mapped[bool] = mapped_column(Boolean, default=False)          # posted by the register itself
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(limits.NAME), default="")
    retired_on: Mapped[date | None] = mapped_column(Date)
    retirement_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    retirement_reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(String(limits.DESCRIPTION), default="")


class AssetDepreciation(Base):
    """One month's depreciation of one asset, and the month's entry that posted it (0023): at
    most one per asset and month."""

    __tablename__ = "asset_depreciations"
    __table_args__ = (UniqueConstraint("asset_id", "year", "month"),
                      CheckConstraint("amount_cents > 0", name="amount_positive"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("fixed_assets.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    percent: Mapped[Decimal] = mapped_column("percent_e2", Hundredths)
    amount: Mapped[Decimal] = mapped_column("amount_cents", Cents)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), index=True)
