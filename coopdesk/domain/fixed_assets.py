"""Fixed assets (activo fijo) and their straight-line depreciation, pure
(docs/fixed_assets.md, in Spanish for the contador).

- The accounts: an asset sits on an account of 33 Propiedades, planta y equipo
  (PCGE); its monthly depreciation goes to the 6814x of the same group (debe)
  against the 3913x (haber), and its baja takes its net value to 65513.
- The rates: SUNAT's maximum annual rates (Reglamento de la Ley del Impuesto a la
  Renta, art. 22 inciso b; buildings: Ley, art. 39) as a dated table per category,
  like ``law.py``'s rules: a new norm is a new row, never an edit of an old one.
  Each month is depreciated at the row in force on its first day.
- The rounding: the monthly quota is cost × rate / 12 rounded DOWN to the céntimo,
  so no month and no year passes the maximum rate; each month takes the quota or
  what is left of the cost, whichever is less, so the total never passes the cost:
  the last month takes the remainder (e.g. S/ 1,000.00 at 25 %: 48 months of
  S/ 20.83 and a 49th of S/ 0.16).
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Callable, Iterator, Mapping

from coopdesk.domain import limits
from coopdesk.domain.law import Dated, in_force
from coopdesk.domain.money import CENT, ZERO
from coopdesk.domain.problems import N_, Problem

# -- categories and their dated rates --------------------------------------------------------------

EDIFICIOS = "edificios"
VEHICULOS = "vehiculos"
COMPUTO = "computo"
MAQUINARIA = "maquinaria"
MAQUINARIA_MINERA = "maquinaria_minera"
GANADO = "ganado"
RIEGO = "riego"
OTROS = "otros"

CATEGORY_NAMES = {
    EDIFICIOS: N_("Edificios y construcciones"),
    VEHICULOS: N_("Vehículos de transporte terrestre; hornos en general"),
    COMPUTO: N_("Equipos de procesamiento de datos"),
    MAQUINARIA: N_("Maquinaria y equipo adquirido a partir del 01/01/1991"),
    MAQUINARIA_MINERA: N_("Maquinaria y equipo de las actividades minera, petrolera y de construcción"),
    GANADO: N_("Ganado de trabajo y reproducción; redes de pesca"),
    RIEGO: N_("Obras de infraestructura hidráulica y de riego (régimen agrario)"),
    OTROS: N_("Otros bienes del activo fijo"),
}
CATEGORIES = tuple(CATEGORY_NAMES)
# an asset's states in the register, as message ids
STATUSES = (N_("anulado"), N_("de baja"), N_("depreciado"), N_("en uso"))

REGLAMENTO = "Reglamento de la Ley del Impuesto a la Renta (D.S. 122-94-EF), art. 22 inciso b (D.S. 194-99-EF)"
LEY_39 = "TUO de la Ley del Impuesto a la Renta (D.S. 179-2004-EF), art. 39"
AGRARIO = "Ley 27360, art. 3 (régimen agrario); Ley 31110 desde 2021 (lectura incierta: docs/fixed_assets.md)"

# Each category's maximum annual rate (percent) from a date; the row in force on a month's first day applies.
RATES: dict[str, tuple[Dated[Decimal], ...]] = {
    EDIFICIOS: (Dated(date(2004, 1, 1), Decimal(3), LEY_39 + " (D. Leg. 945): 3 %"),
                Dated(date(2010, 1, 1), Decimal(5), LEY_39 + " (Ley 29342): 5 %")),
    VEHICULOS: (Dated(date(2000, 1, 1), Decimal(20), REGLAMENTO + ", numeral 2"),),
    MAQUINARIA_MINERA: (Dated(date(2000, 1, 1), Decimal(20), REGLAMENTO + ", numeral 3"),),
    COMPUTO: (Dated(date(2000, 1, 1), Decimal(25), REGLAMENTO + ", numeral 4"),),
    MAQUINARIA: (Dated(date(2000, 1, 1), Decimal(10), REGLAMENTO + ", numeral 5"),),
    GANADO: (Dated(date(2000, 1, 1), Decimal(25), REGLAMENTO + ", numeral 1"),),
    RIEGO: (Dated(date(2001, 1, 1), Decimal(20), AGRARIO),),
    OTROS: (Dated(date(2000, 1, 1), Decimal(10), REGLAMENTO + ", numeral 6"),),
}


def rate(category: str, on: date) -> Dated[Decimal]:
    """The maximum annual rate (percent) of ``category`` in force on ``on``, with its source."""
    return in_force(RATES[category], on)


# -- the accounts ----------------------------------------------------------------------------------

# the PCGE's accounts of 33 an asset may sit on, with their names (opened in the chart when first used)
ASSET_ACCOUNTS = {
    "3321": "Edificaciones administrativas",
    "3322": "Almacenes",
    "3323": "Edificaciones para producción",
    "3331": "Maquinarias y equipos de explotación",
    "3341": "Vehículos motorizados",
    "3342": "Vehículos no motorizados",
    "3351": "Muebles",
    "3352": "Enseres",
    "3361": "Equipo para procesamiento de información (de cómputo)",
    "3362": "Equipo de comunicación",
    "3363": "Equipo de seguridad",
    "3369": "Otros equipos",
    "3371": "Herramientas",
}
# the group of 33 (three digits) → (6814x depreciation, 3913x accumulated depreciation)
GROUPS = {
    "332": ("68141", "39131"), "333": ("68142", "39132"), "334": ("68143", "39133"),
    "335": ("68144", "39134"), "336": ("68145", "39135"), "337": ("68146", "39136"),
}
DEPRECIATION_ACCOUNTS = {
    "68141": "Depreciación: edificaciones", "68142": "Depreciación: maquinarias y equipos de explotación",
    "68143": "Depreciación: equipo de transporte", "68144": "Depreciación: muebles y enseres",
    "68145": "Depreciación: equipos diversos", "68146": "Depreciación: herramientas y unidades de reemplazo",
    "39131": "Depreciación acumulada: edificaciones",
    "39132": "Depreciación acumulada: maquinarias y equipos de explotación",
    "39133": "Depreciación acumulada: equipo de transporte", "39134": "Depreciación acumulada: muebles y enseres",
    "39135": "Depreciación acumulada: equipos diversos",
    "39136": "Depreciación acumulada: herramientas y unidades de reemplazo",
}
# the baja: the net value (cost less accumulated depreciation) of an asset given de baja
RETIREMENT_ACCOUNT, RETIREMENT_NAME = "65513", "Costo neto de enajenación: inmuebles, maquinaria y equipo"
# what each account's default category is (the contador may choose another)
DEFAULT_CATEGORY = {"332": EDIFICIOS, "333": MAQUINARIA, "334": VEHICULOS, "3361": COMPUTO}


def group_of(account: str) -> tuple[str, str] | None:
    """(depreciation expense, accumulated depreciation) of an asset account, or None when it is not one
    that depreciates (331 Terrenos, or not of 33)."""
    return GROUPS.get((account or "")[:3])


def default_category(account: str) -> str:
    account = account or ""
    return DEFAULT_CATEGORY.get(account[:4]) or DEFAULT_CATEGORY.get(account[:3]) or OTROS


# -- months ----------------------------------------------------------------------------------------

Month = tuple[int, int]


def next_month(month: Month) -> Month:
    year, m = month
    return (year + 1, 1) if m == 12 else (year, m + 1)


def previous_month(month: Month) -> Month:
    year, m = month
    return (year - 1, 12) if m == 1 else (year, m - 1)


def month_end(month: Month) -> date:
    return date(month[0], month[1], monthrange(month[0], month[1])[1])


def months(start: Month, end: Month) -> Iterator[Month]:
    month = start
    while month <= end:
        yield month
        month = next_month(month)


# -- the schedule ----------------------------------------------------------------------------------


def quota(cost: Decimal, percent: Decimal) -> Decimal:
    """The month's straight-line quota: cost × rate / 12, rounded down to the céntimo."""
    return (cost * percent / Decimal(1200)).quantize(CENT, rounding=ROUND_DOWN)


def month_amount(cost: Decimal, accumulated: Decimal, percent: Decimal) -> Decimal:
    """What a month depreciates: its quota, or what is left of the cost when that is less."""
    return max(min(quota(cost, percent), cost - accumulated), ZERO)


@dataclass(frozen=True)
class ScheduleRow:
    year: int
    month: int
    percent: Decimal
    amount: Decimal
    accumulated: Decimal     # after this month
    book_value: Decimal      # cost less accumulated, after this month
    entry: str = ""          # the entry that posted it («2026-000123»), "" when not posted yet

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def schedule(cost: Decimal, start: Month, category: str, prior: Decimal = ZERO, until: Month | None = None,
             posted: Mapping[Month, tuple[Decimal, Decimal, str]] | None = None,
             rate_of: Callable[[str, date], Dated[Decimal]] = rate) -> list[ScheduleRow]:
    """The asset's depreciation month by month from ``start``, beginning from ``prior`` already
    depreciated, until it is fully depreciated (or through ``until``: the month before its baja).
    ``posted``: the months already in the books, (amount, rate, entry number) — taken as they were."""
    posted = posted or {}
    rows: list[ScheduleRow] = []
    accumulated = prior
    month = start
    while accumulated < cost and (until is None or month <= until):
        if month in posted:
            amount, percent, entry = posted[month]
        else:
            percent, entry = rate_of(category, date(month[0], month[1], 1)).value, ""
            amount = month_amount(cost, accumulated, percent)
        if amount <= ZERO:
            break
        accumulated += amount
        rows.append(ScheduleRow(month[0], month[1], percent, amount, accumulated, cost - accumulated, entry))
        month = next_month(month)
    return rows


# -- the asset as typed ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssetInput:
    code: str
    description: str
    account: str                    # 33xx
    acquired_on: date | None
    cost: Decimal | None
    category: str = ""              # "": the account's default
    start: date | None = None       # first month of depreciation; None: the month of acquisition
    prior: Decimal = ZERO           # depreciation accumulated before coopdesk (in the opening balance)
    paid_from: str = ""             # 101, 1041…, 4212: the acquisition posts its own entry
    entry: str = ""                 # or the number of the entry that already bought it («2026-000123»)
    reference: str = ""             # the purchase's comprobante, as written


def _money_problem(value: Decimal | None) -> bool:
    return (value is None or not value.is_finite() or value != value.quantize(CENT)
            or value > limits.MAX_LEDGER_AMOUNT)


def check_asset(a: AssetInput, today: date) -> list[Problem]:
    problems: list[Problem] = []
    code = a.code.strip()
    if not code:
        problems.append(Problem("code", N_("Escriba el código del activo, por ejemplo AF-001.")))
    elif len(code) > limits.CODE:
        problems.append(Problem("code", N_("El código del activo tiene %(limit)s caracteres como máximo."),
                                {"limit": limits.CODE}))
    if not a.description.strip():
        problems.append(Problem("description", N_("Describa el activo (qué es, marca, modelo o serie).")))
    elif len(a.description.strip()) > limits.DESCRIPTION:
        problems.append(Problem("description", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                {"limit": limits.DESCRIPTION}))
    account = a.account.strip()
    if account.startswith("331"):
        problems.append(Problem("account", N_("Los terrenos (331) no se deprecian: no van en el registro de activos "
                                              "depreciables.")))
    elif group_of(account) is None or not account.isdigit():
        problems.append(Problem("account", N_("La cuenta %(account)s no es de propiedades, planta y equipo "
                                              "depreciables: use una de 332 a 337, por ejemplo 3361 para equipos de "
                                              "cómputo."), {"account": account}))
    if a.category and a.category not in CATEGORY_NAMES:
        problems.append(Problem("category", N_("«%(category)s» no es una categoría de depreciación: %(choices)s."),
                                {"category": a.category, "choices": ", ".join(CATEGORIES)}))
    if a.acquired_on is None:
        problems.append(Problem("acquired_on", N_("Escriba la fecha de adquisición.")))
    elif a.acquired_on > today:
        problems.append(Problem("acquired_on", N_("La fecha de adquisición no puede ser futura.")))
    if _money_problem(a.cost) or a.cost <= ZERO:
        problems.append(Problem("cost", N_("El costo debe ser mayor que cero, en soles con dos decimales como "
                                           "máximo.")))
    if _money_problem(a.prior) or a.prior < ZERO:
        problems.append(Problem("prior", N_("La depreciación acumulada anterior va en soles con dos decimales, "
                                            "cero o más.")))
    elif not _money_problem(a.cost) and a.prior >= a.cost > ZERO:
        problems.append(Problem("prior", N_("La depreciación acumulada anterior (S/ %(prior)s) no puede llegar al "
                                            "costo (S/ %(cost)s): ese activo ya está depreciado."),
                                {"prior": a.prior, "cost": a.cost}))
    if a.start is not None and a.acquired_on is not None and \
            (a.start.year, a.start.month) < (a.acquired_on.year, a.acquired_on.month):
        problems.append(Problem("start", N_("La depreciación no empieza antes del mes de adquisición (%(date)s)."),
                                {"date": a.acquired_on}))
    if bool(a.paid_from.strip()) == bool(a.entry.strip()):
        problems.append(Problem("paid_from", N_("Diga cómo se compró: con qué se pagó (caja 101, banco 1041 o por "
                                                "pagar al proveedor 4212), o el número del asiento que ya registró "
                                                "la compra; uno de los dos.")))
    if len(a.reference.strip()) > limits.REFERENCE:
        problems.append(Problem("reference", N_("La referencia tiene %(limit)s caracteres como máximo."),
                                {"limit": limits.REFERENCE}))
    return problems
