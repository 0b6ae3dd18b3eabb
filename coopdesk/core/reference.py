"""Campaigns, zones and products: the reference tables deliveries point to."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from coopdesk.core.dto import CampaignRow, Changes, ProductRow, ZoneRow
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.db.models import Campaign, Product, QualityStandardRow, Zone
from coopdesk.domain.catalog import Crop, PriceUnit
from coopdesk.domain.quality import QualityStandard
from coopdesk.domain.rules import CampaignInput, ZoneInput, check_campaign, check_zones
from coopdesk.domain import roles

if TYPE_CHECKING:
    from coopdesk.core.book import Book

# The products every cooperative starts with (code, name, crop, form, price unit).
DEFAULT_PRODUCTS = (
    ("CACAO-SECO", "Cacao grano seco", Crop.CACAO, "grano_seco", PriceUnit.KG),
    ("CACAO-BABA", "Cacao en baba", Crop.CACAO, "baba", PriceUnit.KG),
    ("CAFE-PERG", "Café pergamino seco", Crop.COFFEE, "pergamino_seco", PriceUnit.QUINTAL),
    ("COPOAZU-PULPA", "Copoazú pulpa", Crop.COPOAZU, "pulpa", PriceUnit.KG),
    ("COPOAZU-GRANO", "Copoazú grano", Crop.COPOAZU, "grano", PriceUnit.KG),
    ("CAFE-CEREZA", "Café cereza", Crop.COFFEE, "cereza", PriceUnit.KG),
    ("COPOAZU-FRUTO", "Copoazú fruto", Crop.COPOAZU, "fruto", PriceUnit.KG),
)
# Kilos of the reference form one kilo of these forms makes, as a new cooperative
# starts (docs/quality.md); each cooperative adjusts them to its own yields.
DEFAULT_CONVERSIONS = (
    ("CACAO-BABA", "0.38"),     # cacao en baba → grano seco
    ("CAFE-CEREZA", "0.20"),    # café cereza → pergamino seco
    ("COPOAZU-FRUTO", "0.38"),  # copoazú fruto → pulpa
)


def add_default_products(session, now: datetime, start: date | None = None) -> None:
    """The default products, and the conversion of each raw form from ``start``
    (a new cooperative's first campaign)."""
    existing = set(session.scalars(select(Product.code)))
    for code, name, crop, form, unit in DEFAULT_PRODUCTS:
        if code not in existing:
            session.add(Product(code=code, name=name, crop=crop, form=form, price_unit=unit))
    session.flush()
    ids = dict(session.execute(select(Product.code, Product.id)).all())
    configured = set(session.scalars(select(QualityStandardRow.product_id)))
    for code, factor in DEFAULT_CONVERSIONS:
        if ids[code] not in configured:
            session.add(QualityStandardRow(product_id=ids[code], valid_from=start or date(2000, 1, 1),
                                           text=QualityStandard(conversion=Decimal(factor)).to_json(),
                                           recorded_by="coopdesk", recorded_at=now))


def form_code(form: str) -> str:
    """«Grano seco» as stored: grano_seco (lower case, no accents, words joined by _)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", form) if not unicodedata.combining(c))
    return "_".join(plain.lower().split())


def check_product(code: str, name: str, crop: str, form: str, price_unit: str) -> list[Problem]:
    problems: list[Problem] = []
    code = code.strip()
    if not code:
        problems.append(Problem("code", N_("Escriba el código del producto, por ejemplo CACAO-SECO.")))
    elif len(code) > 30 or not all(c.isalnum() or c in "-_" for c in code):
        problems.append(Problem("code", N_("El código de producto %(code)s debe tener hasta 30 letras, números o "
                                           "guiones, sin espacios."), {"code": code}))
    if not name.strip():
        problems.append(Problem("name", N_("Escriba el nombre del producto.")))
    elif len(name.strip()) > 100:
        problems.append(Problem("name", N_("El nombre del producto tiene más de 100 caracteres.")))
    if crop not in {c.value for c in Crop}:
        problems.append(Problem("crop", N_("«%(crop)s» no es un cultivo: cacao, cafe o copoazu."), {"crop": crop}))
    if not form_code(form):
        problems.append(Problem("form", N_("Escriba la forma del producto, por ejemplo grano seco.")))
    elif len(form_code(form)) > 30:
        problems.append(Problem("form", N_("La forma del producto tiene más de 30 caracteres.")))
    if price_unit not in {u.value for u in PriceUnit}:
        problems.append(Problem("price_unit", N_("«%(unit)s» no es una unidad de precio: kg o qq."),
                                {"unit": price_unit}))
    return problems


def _campaign_row(c: Campaign) -> CampaignRow:
    return CampaignRow(c.id, c.code, c.name, c.start_date, c.end_date)


class Campaigns:
    def __init__(self, book: "Book"):
        self._book = book

    def add(self, code: str, name: str, start: date, end: date) -> Changes:
        with self._book.write(roles.EDIT_MEMBERS) as session:
            add_campaign(session, CampaignInput(code, name, start, end))
        return Changes(reference=True)

    def list(self) -> list[CampaignRow]:
        with self._book.read() as session:
            return [_campaign_row(c) for c in session.scalars(select(Campaign).order_by(Campaign.start_date, Campaign.id))]

    def current(self) -> CampaignRow | None:
        """The campaign in course: the one that started last."""
        with self._book.read() as session:
            c = session.scalars(select(Campaign).order_by(Campaign.start_date.desc(), Campaign.id.desc())).first()
            return _campaign_row(c) if c else None

    def get(self, code: str | None = None) -> CampaignRow:
        """The campaign with this code, or the current one; NotFound otherwise."""
        if code is None:
            current = self.current()
            if current is None:
                raise NotFound(N_("La cooperativa todavía no tiene ninguna campaña."))
            return current
        with self._book.read() as session:
            c = session.scalars(select(Campaign).where(Campaign.code == code)).first()
            if c is None:
                raise NotFound(N_("No existe la campaña %(code)s."), code=code)
            return _campaign_row(c)


class Zones:
    def __init__(self, book: "Book"):
        self._book = book

    def add(self, code: str, name: str) -> Changes:
        with self._book.write(roles.EDIT_MEMBERS) as session:
            add_zones(session, [ZoneInput(code, name)])
        return Changes(reference=True)

    def list(self) -> list[ZoneRow]:
        with self._book.read() as session:
            return [ZoneRow(z.id, z.code, z.name) for z in session.scalars(select(Zone).order_by(Zone.name))]

    def edit(self, code: str, new_code: str, name: str) -> Changes:
        """Rename a zone or correct its code (its members follow: they point to the
        zone, not to its code). Every problem is reported at once."""
        with self._book.write(roles.EDIT_MEMBERS) as session:
            zone = session.scalars(select(Zone).where(Zone.code == code.strip())).first()
            if zone is None:
                raise NotFound(N_("No existe la zona %(zone)s."), zone=code)
            problems = check_zones([ZoneInput(new_code, name)])
            new = new_code.strip()
            if new != zone.code and session.scalar(select(Zone.id).where(Zone.code == new)):
                problems.append(Problem("zones", N_("Ya existe la zona %(code)s."), {"code": new}))
            if problems:
                raise InvalidInput(problems)
            zone.code, zone.name = new, name.strip()
        return Changes(reference=True)


def add_campaign(session, campaign: CampaignInput) -> None:
    """Insert a campaign inside the caller's transaction, or raise every problem."""
    problems = check_campaign(campaign)
    code = campaign.code.strip()
    if code and session.scalar(select(Campaign.id).where(Campaign.code == code)):
        problems.append(Problem("campaign_code", N_("Ya existe la campaña %(code)s."), {"code": code}))
    if problems:
        raise InvalidInput(problems)
    session.add(Campaign(code=code, name=campaign.name.strip() or code, start_date=campaign.start,
                         end_date=campaign.end))


def add_zones(session, zones: list[ZoneInput]) -> None:
    """Insert zones inside the caller's transaction, or raise every problem."""
    problems = check_zones(zones)
    existing = set(session.scalars(select(Zone.code)))
    for zone in zones:
        if zone.code.strip() in existing:
            problems.append(Problem("zones", N_("Ya existe la zona %(code)s."), {"code": zone.code.strip()}))
    if problems:
        raise InvalidInput(problems)
    session.add_all(Zone(code=z.code.strip(), name=z.name.strip()) for z in zones)


class Products:
    def __init__(self, book: "Book"):
        self._book = book

    def add(self, code: str, name: str, crop: str, form: str, price_unit: str = PriceUnit.KG) -> Changes:
        """A new product or form (cacao «orgánico en baba», café «verde»…). Its
        prices and quality table are set afterwards, as for the default ones."""
        problems = check_product(code, name, crop, form, price_unit)
        code = code.strip().upper()
        with self._book.write(roles.SET_PRICES) as session:
            if code and session.scalar(select(Product.id).where(Product.code == code)):
                problems.append(Problem("code", N_("Ya existe el producto %(code)s."), {"code": code}))
            if problems:
                raise InvalidInput(problems)
            session.add(Product(code=code, name=" ".join(name.split()), crop=crop,
                                form=form_code(form), price_unit=price_unit))
        return Changes(reference=True)

    def list(self) -> list[ProductRow]:
        with self._book.read() as session:
            return [
                ProductRow(p.id, p.code, p.name, p.crop, p.form, p.price_unit)
                for p in session.scalars(select(Product).order_by(Product.id))
            ]
