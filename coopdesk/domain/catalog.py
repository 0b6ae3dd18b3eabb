"""The fixed vocabularies: certifications, genders, member statuses, crops, price units.

Values are stable codes stored in the database; labels are Spanish message ids
marked with ``N_`` and translated by ``coopdesk.i18n``.
"""

from __future__ import annotations

from enum import StrEnum

from coopdesk.domain.problems import N_


class Certification(StrEnum):
    ORGANIC = "organico"
    TRANSITION = "transicion"
    CONVENTIONAL = "convencional"


class Gender(StrEnum):
    FEMALE = "F"
    MALE = "M"


class MemberStatus(StrEnum):
    ACTIVE = "activo"
    SUSPENDED = "suspendido"
    RETIRED = "retirado"


class Crop(StrEnum):
    CACAO = "cacao"
    COFFEE = "cafe"
    COPOAZU = "copoazu"


class PriceUnit(StrEnum):
    KG = "kg"
    QUINTAL = "qq"


class RunStatus(StrEnum):
    """A distribution run's life: simulated, approved by the assembly, published
    (sealed with its fingerprint), superseded by a corrected run."""

    DRAFT = "borrador"
    APPROVED = "aprobada"
    PUBLISHED = "publicada"
    SUPERSEDED = "reemplazada"


class Concept(StrEnum):
    """What a member's account statement keeps apart (domain/accounts.py)."""
    ADVANCES = "adelantos"
    LOANS = "prestamos"
    INPUTS = "insumos"
    SHARES = "aportaciones"


class PaymentMethod(StrEnum):
    CASH = "efectivo"
    TRANSFER = "transferencia"
    CHEQUE = "cheque"
    DEPOSIT = "deposito"


LABELS: dict[str, str] = {
    Certification.ORGANIC: N_("Orgánico"),
    Certification.TRANSITION: N_("En transición"),
    Certification.CONVENTIONAL: N_("Convencional"),
    Gender.FEMALE: N_("Mujer"),
    Gender.MALE: N_("Hombre"),
    MemberStatus.ACTIVE: N_("Activo"),
    MemberStatus.SUSPENDED: N_("Suspendido"),
    MemberStatus.RETIRED: N_("Retirado"),
    Crop.CACAO: N_("Cacao"),
    Crop.COFFEE: N_("Café"),
    Crop.COPOAZU: N_("Copoazú"),
    RunStatus.DRAFT: N_("Borrador"),
    RunStatus.APPROVED: N_("Aprobada"),
    RunStatus.PUBLISHED: N_("Publicada"),
    RunStatus.SUPERSEDED: N_("Reemplazada"),
    PaymentMethod.CASH: N_("Efectivo"),
    PaymentMethod.TRANSFER: N_("Transferencia"),
    PaymentMethod.CHEQUE: N_("Cheque"),
    PaymentMethod.DEPOSIT: N_("Depósito"),
    Concept.ADVANCES: N_("Adelantos"),
    Concept.LOANS: N_("Préstamos"),
    Concept.INPUTS: N_("Insumos"),
    Concept.SHARES: N_("Aportaciones"),
}
