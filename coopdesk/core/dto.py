"""Frozen records the core hands to the GUI and CLI (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from coopdesk.domain.names import letter_name, list_name


@dataclass(frozen=True)
class Changes:
    """What a mutation changed, so screens refresh only that."""

    members: tuple[int, ...] = ()
    deliveries: tuple[int, ...] = ()
    documents: tuple[int, ...] = ()
    reference: bool = False
    distributions: bool = False  # a run was stored, approved, published, paid or discarded


@dataclass(frozen=True)
class CooperativeRow:
    name: str
    ruc: str
    address: str
    city: str
    locale: str
    currency: str


@dataclass(frozen=True)
class CampaignRow:
    id: int
    code: str
    name: str
    start_date: date
    end_date: date


@dataclass(frozen=True)
class ZoneRow:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class ProductRow:
    id: int
    code: str
    name: str
    crop: str
    form: str
    price_unit: str


@dataclass(frozen=True)
class MemberRow:
    id: int
    code: str
    dni: str
    first_names: str
    last_names: str
    gender: str
    zone_code: str
    zone_name: str
    status: str
    certification: str
    join_date: date
    phone: str
    bank_account: str = ""

    @property
    def full_name(self) -> str:
        return letter_name(self.first_names, self.last_names)

    @property
    def sort_name(self) -> str:
        return list_name(self.first_names, self.last_names)


@dataclass(frozen=True)
class DeliveryRow:
    id: int
    ticket: str
    date: date
    campaign_code: str
    member_code: str
    member_name: str
    product_code: str
    product_name: str
    crop: str
    sacks: int
    gross_kg: Decimal
    tare_kg: Decimal
    net_kg: Decimal
    humidity_pct: Decimal
    grade: str
    certification: str
    price: Decimal
    price_unit: str
    amount: Decimal
    void_reason: str | None = None  # None: valid; the reason when the ticket was voided
    payable_kg: Decimal | None = None     # net less the humidity discount
    equivalent_kg: Decimal | None = None  # in the reference form (grano seco, pergamino)
    certification_note: str = ""          # why the certification differs from the member's
    member_dni: str = ""
    yield_pct: Decimal | None = None      # the sample's measures (None: not measured)
    fermentation_pct: Decimal | None = None
    defects: int | None = None
    cup_score: Decimal | None = None
    plot_id: int | None = None            # the plot it came from (None: not said)
    plot_name: str = ""
    withheld: Decimal = Decimal(0)        # the Ley 31335 withholding taken out of the payment (4017)
    letter_name: str = ""                 # «Nombres Apellidos», for the receipt (member_name is the list's order)

    @property
    def paid(self) -> Decimal:
        """What the member was paid for the ticket: its amount less the withholding."""
        return self.amount - self.withheld
