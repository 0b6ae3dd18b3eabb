"""A realistic demo cooperative, the same for the same seed.

Modelled on a cacao and copoazú cooperative of Madre de Dios: five zones, each
with its own collection point (ticket series 001–005), members organic, in
transition and conventional, women and men, and one season (campaña 2026) of
deliveries with plausible weights, humidity, grades and advance prices.

Sizes scale to 50,000 members and 1,000,000 deliveries for benchmarks; rows are
written with bulk inserts of plain integers (céntimos, grams). Each ticket's
grade, kilos paid, price and amount are what the rules compute: the same
``coopdesk.domain.quality.quote`` that recording a ticket and the intake dialog's
preview use (``Deliveries.preview``), over the demo's own quality standards and
price tables (tested: the preview of a demo ticket gives what the demo stored).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Callable

from sqlalchemy import text

from coopdesk.core import demo_plots, postings
from coopdesk.core.book import Book
from coopdesk.core.prices import PriceInput
from coopdesk.domain.quality import Grade, HumidityMethod, Measures, QualityStandard, Quote, in_force, quote
from coopdesk.core.errors import N_, BookError
from coopdesk.domain.identity import ruc_check_digit
from coopdesk.core.locations import resolve_db, sqlite_file
from coopdesk.domain.rules import CampaignInput, CooperativeInput, ZoneInput
from coopdesk.domain.accounts import InputItem, LoanInput, MovementInput
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.postings import INTAKE_DAY
from coopdesk.domain.sales import ExpenseInput, SaleInput
from coopdesk.domain.text import member_search_key, member_sort_key
from coopdesk.domain import roles
from coopdesk.core.users import NewUser

CAMPAIGN = ("2026", "Campaña 2026", date(2026, 1, 1), date(2026, 12, 31))
SEASON = (date(2026, 1, 5), date(2026, 11, 14))
ZONES = (
    ("LP", "Las Piedras"),
    ("TB", "Tambopata"),
    ("LB", "Laberinto"),
    ("IN", "Inambari"),
    ("PL", "Planchón"),
)
WOMEN = ("María", "Rosa", "Juana", "Carmen", "Elena", "Luz", "Ana", "Julia", "Nelly", "Gladys", "Yolanda",
         "Marisol", "Flor", "Sonia", "Teresa", "Delia", "Norma", "Lucía", "Hilda", "Ruth")
MEN = ("José", "Juan", "Luis", "Carlos", "Pedro", "Jorge", "Víctor", "Alberto", "Wilber", "Edwin", "Raúl",
       "Fredy", "Hugo", "Mario", "César", "Julio", "Walter", "Percy", "Segundo", "Teófilo")
SURNAMES = ("Quispe", "Mamani", "Huamán", "Flores", "Condori", "Ccahua", "Vargas", "Ramos", "Chávez", "Torres",
            "Rojas", "Gutiérrez", "Mendoza", "Apaza", "Cusi", "Huillca", "Pari", "Soncco", "Choque", "Luque",
            "Tapia", "Salas", "Cárdenas", "Baca", "Ortiz", "Rengifo", "Pinedo", "Sangama", "Tuanama", "Panduro")
# product code -> (share of deliveries, gross kg range, humidity % range, price S/ per kg by grade A/B/C)
PRODUCTS = {
    "CACAO-SECO": (0.60, (15, 260), (6.0, 8.5), (1850, 1720, 1580)),
    "CACAO-BABA": (0.15, (30, 400), (50.0, 60.0), (640, 600, 560)),
    "COPOAZU-PULPA": (0.15, (10, 150), (84.0, 90.0), (450, 420, 380)),
    "COPOAZU-GRANO": (0.10, (5, 80), (8.0, 12.0), (1050, 980, 900)),
}
ORGANIC_PREMIUM_CENTS = {"organico": 120, "transicion": 50, "convencional": 0}
SACK_KG = 65
TARE_PER_SACK_G = 200


@dataclass(frozen=True)
class DemoSize:
    members: int = 150
    deliveries: int | None = None  # default: 12 per member

    @property
    def delivery_count(self) -> int:
        return self.members * 12 if self.deliveries is None else self.deliveries


def demo_cooperative() -> CooperativeInput:
    first_ten = "2060458812"
    return CooperativeInput(
        name="Cooperativa Agraria Sur Oriente de Madre de Dios (DEMOSTRACIÓN)",
        ruc=first_ten + str(ruc_check_digit(first_ten)),
        address="Av. Fitzcarrald 512",
        city="Puerto Maldonado",
    )


# the demo's documented administrator (docs/security.md): practice data on one laptop, it opens without a password
DEMO_ADMINISTRATOR = NewUser("demo", "Demostración", roles.ADMINISTRADOR, "demostracion")


def build_demo(db: str | None, seed: int = 2026, members: int = 150, deliveries: int | None = None,
               progress: Callable[[int, int], None] | None = None, administrator: NewUser = DEMO_ADMINISTRATOR,
               automatic_login: bool = True) -> None:
    """Create the demo cooperative in a new database at ``db``, its first user
    ``administrator`` (by default the documented ``demo``, opening without a password)."""
    if members < 1 or (deliveries is not None and deliveries < 0):
        raise BookError(N_("La demostración necesita al menos un socio y no menos de cero entregas."))
    size = DemoSize(members, deliveries)
    rng = random.Random(seed)
    url = resolve_db(db)
    target = sqlite_file(url)
    if target is not None:  # build beside the target and move it in place when complete
        if target.exists():
            raise BookError(N_("Ya existe la base de datos %(db)s."), db=str(target))
        partial = target.with_name(target.name + ".partial")
        _remove_sqlite_files(partial)
        url = resolve_db(str(partial))
    try:
        _build(url, rng, size, progress, administrator, automatic_login, random.Random(seed * 7919 + 17))
    except BaseException:
        if target is not None:
            _remove_sqlite_files(partial)
        raise
    if target is not None:
        partial.replace(target)


def amount_cents(net_g: int, price_cents_per_kg: int) -> int:
    """net kg × price per kg, rounded half-up to the céntimo, in integers: what
    ``domain.rules.delivery_amount`` computes in Decimal (a property test proves it)."""
    return (net_g * price_cents_per_kg * 2 + 1000) // 2000


def _remove_sqlite_files(path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def _build(url: str, rng: random.Random, size: DemoSize, progress, administrator: NewUser,
           automatic_login: bool, plots_rng: random.Random) -> None:
    book = Book.create(url, demo_cooperative(), [ZoneInput(c, n) for c, n in ZONES], CampaignInput(*CAMPAIGN),
                       administrator=administrator, automatic_login=automatic_login)
    try:
        zone_ids = {z.code: z.id for z in book.zones.list()}
        product_ids = {p.code: p.id for p in book.products.list()}
        campaign_id = book.campaigns.current().id
        _intake_tables(book)
        point_ids = {p.series: p.id for p in book.collection_points.list()}
        quoting = _Quoting(book)
        member_rows = _members(rng, size.members, zone_ids)
        total = size.members + size.delivery_count
        with book.write(roles.RECORD_DELIVERY) as session:
            conn = session.connection()
            as_text = conn.dialect.name == "sqlite"
            columns = tuple(member_rows[0]) if member_rows else ()
            _insert(conn, "members", columns,
                    [tuple(_stamp(v, as_text) if isinstance(v, date) else v for v in row.values()) for row in member_rows])
            # plots from their own generator: the rest of the demo is the same for the same seed
            plot_of = demo_plots.store(book, conn, plots_rng, member_rows, zone_ids, as_text, _stamp, _insert)
            if progress:
                progress(size.members, total)
            done = size.members
            with _IndexesDeferred(conn, size.delivery_count):
                for batch in _deliveries(rng, size.delivery_count, member_rows, zone_ids, product_ids, campaign_id,
                                         as_text, point_ids, quoting, plot_of=plot_of):
                    _insert(conn, "deliveries", DELIVERY_COLUMNS, batch)
                    done += len(batch)
                    if progress:
                        progress(done, total)
        _season_books(book, random.Random(rng.random()))
        demo_plots.lots(book)
        with book.engine.begin() as conn:  # statistics, so the planner picks the right index
            conn.exec_driver_sql("ANALYZE")
    finally:
        book.close()


# the season's sales, on its last day: most of what is in stock, by crop and
# certification; cacao in US$ with the Fairtrade Premium and the organic
# differential, copoazú in soles (price per kg, premium and differential per kg)
SALES = (
    ("CACAO-SECO", "organico", "Exportadora Amazonas S.A.C.", "USD", "6.2000", "0.2400", "0.3000"),
    ("CACAO-SECO", "transicion", "Exportadora Amazonas S.A.C.", "USD", "5.8000", "0.2400", "0"),
    ("CACAO-SECO", "convencional", "Chocolates del Sur E.I.R.L.", "USD", "5.4000", "0", "0"),
    ("COPOAZU-PULPA", "organico", "Agroindustrias Tambopata S.A.C.", "PEN", "9.5000", "0", "0.50"),
    ("COPOAZU-PULPA", "transicion", "Agroindustrias Tambopata S.A.C.", "PEN", "9.0000", "0", "0"),
    ("COPOAZU-PULPA", "convencional", "Mercado de Puerto Maldonado", "PEN", "8.5000", "0", "0"),
)
RATE = Decimal("3.7450")
COLLECTION_RATE = Decimal("3.7520")
SOLD = Decimal("0.95")
GUANO = Decimal("85.00")          # a sack of guano de isla, on credit to members
CAPITAL_PAID = Decimal("100.00")
LOT_KG = Decimal(1_000_000)
# the office's monthly expenses (account, what, soles), January to the season's last month
EXPENSES = (("621", "Remuneraciones del personal de acopio", "4800.00"),
            ("631", "Fletes a Puerto Maldonado", "1350.00"),
            ("636", "Luz, agua e internet de la oficina", "320.00"),
            ("639", "Asesoría contable", "900.00"))


OPENING = (("101", "20000.00"), ("1041", "180000.00"), ("582", "-120000.00"), ("591", "-80000.00"))
WORKING_CAPITAL = Decimal("3000000.00")   # the bank's loan for the season's acopio
INTEREST = Decimal("112500.00")


def _season_books(book: Book, rng: random.Random) -> None:
    """The season's books, posted in date order (so the entries' numbers follow
    their dates): the opening balances and a working-capital loan; each month,
    the cash taken from the bank for the advances at the scale, the day's intake,
    the members' advances, loans, inputs and repayments, and the month's
    expenses; on the season's last day the sales, the buyers' payment and the
    loan repaid. The books give a remanente for the assembly to distribute."""
    first, last = SEASON
    book.ledger.post_opening(EntryInput(date(first.year, 1, 1), f"Asiento de apertura {first.year}", tuple(
        LineInput(a, debit=Decimal(v)) if Decimal(v) > 0 else LineInput(a, credit=-Decimal(v)) for a, v in OPENING)))
    with book.read() as session:
        advanced = dict(session.execute(text(
            "SELECT substr(CAST(date AS TEXT), 1, 7), SUM(amount_cents) FROM deliveries WHERE voided_at IS NULL "
            "GROUP BY substr(CAST(date AS TEXT), 1, 7)")).all())
        members = [code for (code,) in session.execute(text(
            "SELECT code FROM members WHERE status = 'activo' ORDER BY id LIMIT 400"))]
    plan = _member_movements(rng, members, first.year)
    # the bank lends what the season pays out before the buyers pay (a large demo borrows more):
    # Caja and the bank never go below zero (core.cash_guard)
    needed = Decimal(sum(int(c or 0) for c in advanced.values())).scaleb(-2) + sum(
        (max(v, Decimal(0)) for v in plan.cash_out.values()), Decimal(0)) + plan.inputs + last.month * sum(
        (Decimal(a) for _c, _w, a in EXPENSES), Decimal(0))
    capital = max(WORKING_CAPITAL, (needed / 100000).to_integral_value(rounding="ROUND_CEILING") * 100000)
    tranches = _tranches(capital)  # one journal line stays within limits.MAX_LEDGER_AMOUNT
    book.ledger.post(EntryInput(first, "Préstamo de capital de trabajo para el acopio", tuple(
        line for t in tranches for line in (LineInput("1041", debit=t), LineInput("451", credit=t))),
        "Pagaré 2026-01"))
    movements = plan.by_day
    with book.read() as session:
        intake: dict[date, list] = {}
        for key, entry in postings.intake_groups(session, 0):
            intake.setdefault(key[0], []).append((key, entry))
    entry_of: dict = {}
    for month in range(1, last.month + 1):
        start = first if month == 1 else date(first.year, month, 1)
        end = last if month == last.month else date(first.year + (month == 12), month % 12 + 1, 1) - timedelta(1)
        # the month's advances at the scale, and what the members' movements take out of the caja
        amount = Decimal(int(advanced.get(f"{first.year}-{month:02d}") or 0)).scaleb(-2) + max(
            plan.cash_out.get(month, Decimal(0)), Decimal(0))
        if amount:
            book.ledger.post(EntryInput(start, f"Retiro del banco para los adelantos de {month:02d}/{first.year}", (
                LineInput("101", debit=amount), LineInput("1041", credit=amount)), f"Cheque {month:02d}"))
        day = start
        while day <= end:  # each day's intake, then the day's movements
            if intake.get(day):
                with book.write(roles.POST_ENTRY) as session:
                    posted = book.ledger.post_many_in(session, [(e, INTAKE_DAY, None, None) for _k, e in intake[day]])
                entry_of.update({key: entry.id for (key, _e), entry in zip(intake[day], posted)})
            for record in movements.get(day, ()):
                record(book)
            day += timedelta(1)
        for account, what, amount in EXPENSES:
            book.expenses.record(ExpenseInput(end, account, f"{what}, {month:02d}/{first.year}", Decimal(amount),
                                              "1041", reference=f"G-{month:02d}-{account}"))
        if month == 3 and plan.inputs:  # the guano handed out on credit in April, bought in March
            book.expenses.record(ExpenseInput(end, "2524", "Guano de isla para los socios", plan.inputs, "1041",
                                              supplier="Agrorural", reference="F003-000871"))
    with book.write(roles.POST_ENTRY) as session:  # each ticket names its day's entry
        postings.link_intake(session, 0, entry_of)
    invoice = 0
    for number, (product, certification, buyer, currency, price, premium, differential) in enumerate(SALES, 1):
        stock = book.sales.stock_of(product, certification)
        left = (stock.kg * SOLD).quantize(Decimal("1"))
        while left > 0:  # in lots of at most a thousand tonnes (a large demo sells many)
            kg, left = min(left, LOT_KG), left - min(left, LOT_KG)
            invoice += 1
            book.sales.record(SaleInput(
                last, buyer, product, certification, kg, Decimal(price), currency,
                RATE if currency == "USD" else None, premium=(kg * Decimal(premium)).quantize(Decimal("0.01")),
                differential=(kg * Decimal(differential)).quantize(Decimal("0.01")),
                contract=f"C-{last.year}-{number:02d}", invoice=f"F001-{invoice:06d}", debit_account="1212"))
    for sale in book.sales.list():  # the buyers pay into the bank, the dollars at the day's rate
        book.sales.collect(sale.id, last, "1041", COLLECTION_RATE if sale.currency == "USD" else None)
    with book.read() as session:  # what the bank holds after the buyers paid
        in_bank = Decimal(int(session.execute(text(
            "SELECT COALESCE(SUM(l.debit_cents - l.credit_cents), 0) FROM journal_lines l "
            "JOIN ledger_accounts a ON a.id = l.account_id WHERE a.code = '1041'")).scalar_one())).scaleb(-2)
    # the interest, then as much of the loan as the sales paid for: a small demo's few sales leave
    # the rest of the loan owed (renewed for the next season) instead of overdrawing the bank
    repaid = max(min(capital, in_bank - INTEREST), Decimal(0))
    book.ledger.post(EntryInput(last, "Pago del préstamo de capital de trabajo e intereses", (
        *(LineInput("451", debit=t) for t in _tranches(repaid) if t), LineInput("673", debit=INTEREST),
        *(LineInput("1041", credit=t) for t in _tranches(repaid + INTEREST))), "Pagaré 2026-01"))


@dataclass
class _Plan:
    """The members' movements over the season, by day, with the cash each month
    pays out (advances, loans) or takes in (repayments, capital) and the inputs
    handed out on credit (bought before, from the bank)."""

    by_day: dict = field(default_factory=dict)
    cash_out: dict = field(default_factory=dict)   # month -> soles out of the caja, net
    inputs: Decimal = Decimal(0)

    def add(self, day: date, cash: Decimal, action) -> None:
        self.by_day.setdefault(day, []).append(action)
        self.cash_out[day.month] = self.cash_out.get(day.month, Decimal(0)) + cash


def _tranches(amount: Decimal, most: Decimal = Decimal("500000000")) -> list[Decimal]:
    """``amount`` in parts of at most ``most`` (a full-size demo borrows more than one line may hold)."""
    parts = []
    while amount > most:
        parts.append(most)
        amount -= most
    return parts + [amount]


def _member_movements(rng: random.Random, members: list[str], year: int) -> _Plan:
    """Some members' accounts over the season: cash advances (February to April,
    some paid back in August), loans for pruning and renovation (March, 12 % a
    year), fertiliser on credit (April), and share capital paid (May)."""
    plan = _Plan()
    for code in members:
        if rng.random() < 0.25:
            amount = Decimal(rng.randrange(200, 900, 50))
            day = date(year, rng.randint(2, 4), rng.randint(1, 28))
            plan.add(day, amount, lambda book, c=code, d=day, a=amount: book.accounts.record(
                MovementInput(c, d, "adelantos", "cargo", a, "Adelanto de campaña")))
            if rng.random() < 0.4:
                back = date(year, 8, rng.randint(1, 28))
                plan.add(back, -amount, lambda book, c=code, d=back, a=amount: book.accounts.record(
                    MovementInput(c, d, "adelantos", "abono", a, "Devolución del adelanto")))
        if rng.random() < 0.08:
            principal = Decimal(rng.randrange(1000, 3500, 250))
            day = date(year, 3, rng.randint(1, 28))
            months = rng.choice((6, 8, 10))
            plan.add(day, principal, lambda book, c=code, d=day, p=principal, n=months: book.accounts.grant_loan(
                LoanInput(c, d, p, Decimal(12), n, "Préstamo para poda y renovación")))
        if rng.random() < 0.15:
            sacks = Decimal(rng.randint(1, 6))
            day = date(year, 4, rng.randint(1, 28))
            plan.inputs += sacks * GUANO
            plan.add(day, Decimal(0), lambda book, c=code, d=day, n=sacks: book.accounts.record_inputs(
                c, d, [InputItem("Sacos de guano de isla", n, GUANO)]))
        if rng.random() < 0.2:
            day = date(year, 5, rng.randint(1, 28))
            plan.add(day, -CAPITAL_PAID, lambda book, c=code, d=day: book.accounts.record(
                MovementInput(c, d, "aportaciones", "abono", CAPITAL_PAID, "Aporte pagado")))
    return plan


def _intake_tables(book: Book) -> None:
    """A collection point per zone (its ticket series), the dry cacao standard and
    the season's advance prices, so a ticket typed in the demo is graded and priced."""
    for k, (code, name) in enumerate(ZONES):
        book.collection_points.add(code, f"Acopio {name}", f"{k + 1:03d}")
    # the office, for tickets copied from the treasurer's sheets (docs/samples/entregas.csv)
    book.collection_points.add("OF", "Oficina central", f"{len(ZONES) + 1:03d}")
    grades = (Grade("A", min_fermentation=Decimal(80)), Grade("B", min_fermentation=Decimal(65)), Grade("C"))
    book.prices.set_standard("CACAO-SECO", CAMPAIGN[2], QualityStandard(
        Decimal("7.5"), HumidityMethod.PROPORTIONAL, grades=grades))
    for product, (_share, _kg, _humidity, prices) in PRODUCTS.items():
        for grade, cents in zip("ABC", prices):
            if product == "CACAO-SECO":
                for certification, premium in ORGANIC_PREMIUM_CENTS.items():
                    book.prices.add(PriceInput(product, CAMPAIGN[2], Decimal(cents + premium).scaleb(-2), grade,
                                               certification))
            else:
                book.prices.add(PriceInput(product, CAMPAIGN[2], Decimal(cents).scaleb(-2), grade))


DELIVERY_COLUMNS = ("campaign_id", "series", "number", "date", "member_id", "product_id", "sacks", "gross_g",
                    "tare_g", "net_g", "humidity_cp", "grade", "certification", "price_cents", "price_unit",
                    "amount_cents", "created_at", "payable_g", "equivalent_g", "collection_point_id",
                    "fermentation_cp", "price_entry_id", "plot_id")


class _Quoting:
    """The demo's quality standards and price tables, read once, and each ticket's quote from them
    (``domain.quality.quote``, as ``Deliveries.record`` computes it)."""

    def __init__(self, book: Book):
        self.standards: dict[str, list] = {}
        for version in reversed(book.prices.standard_history()):  # oldest first
            self.standards.setdefault(version.product_code, []).append((version.valid_from, version.standard))
        self.entries: dict[str, list] = {}
        for entry in book.prices.entries():
            self.entries.setdefault(entry.product_code, []).append(entry)
        self.units = {p.code: p.price_unit for p in book.products.list()}
        self._in_force: dict[tuple[str, date], QualityStandard] = {}

    def quote(self, product: str, day: date, net_g: int, humidity_cp: int, fermentation_cp: int | None,
              certification: str, grade: str) -> Quote:
        key = (product, day)
        if key not in self._in_force:
            self._in_force[key] = in_force(self.standards.get(product, ()), day)
        standard = self._in_force[key]
        measures = Measures(Decimal(humidity_cp).scaleb(-2),
                            fermentation_pct=None if fermentation_cp is None else Decimal(fermentation_cp).scaleb(-2))
        # a product whose grade table grades by the measures is graded by them; the others' grade is typed
        typed = "" if standard.grades else grade
        return quote(standard, self.entries.get(product, ()), Decimal(net_g).scaleb(-3), measures, certification,
                     day, typed, product_unit=self.units[product])


# the cut test of a dry-cacao sample of each grade: well-fermented beans in %, as hundredths, so that
# the demo's grade table (A from 80 %, B from 65 %) gives the grade the generator drew
FERMENTATION_CP = {0: (8000, 9500), 1: (6500, 7900), 2: (5000, 6400)}


def _insert(conn, name: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Bulk insert through the driver's executemany: the values are already plain
    integers, text and dates (as text on SQLite), so nothing needs binding."""
    if rows:
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
        conn.exec_driver_sql(sql, rows)


def _stamp(value: date | datetime, as_text: bool):
    """SQLAlchemy's own text form of Date/DateTime on SQLite; the object elsewhere."""
    if not as_text:
        return value
    return value.isoformat(" ", "microseconds") if isinstance(value, datetime) else value.isoformat()


class _IndexesDeferred:
    """On SQLite, drop the deliveries' secondary indexes during a large bulk load
    and recreate them from their own stored SQL afterwards (within the same
    transaction, so the schema ends exactly as the migration made it). Building
    an index once over sorted data is faster than updating it a million times."""

    def __init__(self, conn, rows: int):
        self.conn = conn
        self.active = conn.dialect.name == "sqlite" and rows >= 100_000
        self.indexes: list[tuple[str, str]] = []

    def __enter__(self):
        if self.active:
            self.indexes = self.conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' AND sql IS NOT NULL"
            ).all()
            for name, _sql in self.indexes:
                self.conn.exec_driver_sql(f"DROP INDEX {name}")
        return self

    def __exit__(self, exc_type, *_):
        if exc_type is None:
            for _name, sql in self.indexes:
                self.conn.exec_driver_sql(sql)


def _members(rng: random.Random, n: int, zone_ids: dict[str, int]) -> list[dict]:
    dnis = rng.sample(range(10_000_000, 80_000_000), n)
    zones = list(zone_ids.values())
    founded = date(2018, 3, 1).toordinal()
    rows = []
    for i in range(n):
        woman = rng.random() < 0.42
        roll = rng.random()
        certification = "organico" if roll < 0.45 else "transicion" if roll < 0.65 else "convencional"
        roll = rng.random()
        status = "activo" if roll < 0.95 else "suspendido" if roll < 0.98 else "retirado"
        joined = date.fromordinal(rng.randint(founded, date(2025, 12, 31).toordinal()))
        stamp = datetime.combine(joined, datetime.min.time())
        code, dni = f"S{i + 1:05d}", str(dnis[i])
        first = " ".join(rng.sample(WOMEN if woman else MEN, rng.choice((1, 2))))
        last = f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
        rows.append({
            "id": i + 1,
            "code": code,
            "dni": dni,
            "first_names": first,
            "last_names": last,
            "gender": "F" if woman else "M",
            "zone_id": zones[i % len(zones)] if i < len(zones) else rng.choice(zones),
            "status": status,
            "certification": certification,
            "join_date": joined,
            "phone": f"9{rng.randint(10_000_000, 99_999_999)}",
            "sort_key": member_sort_key(first, last),
            "search_key": member_search_key(code, dni, first, last),
            "created_at": stamp,
            "updated_at": stamp,
        })
    return rows


def _deliveries(rng: random.Random, n: int, members: list[dict], zone_ids: dict[str, int],
                product_ids: dict[str, int], campaign_id: int, as_text: bool, point_ids: dict[str, int],
                quoting: _Quoting, batch_size: int = 20_000, plot_of: dict | None = None):
    """Yield batches of delivery rows (tuples in ``DELIVERY_COLUMNS`` order) in
    date order, with per-series ticket numbers."""
    active = [m for m in members if m["status"] == "activo"] or members
    # Some members deliver much more than others (plot size): a weight per member.
    weights = [rng.paretovariate(2.0) for _ in active]
    series_of_zone = {zone_id: f"{k + 1:03d}" for k, zone_id in enumerate(sorted(zone_ids.values()))}
    codes = list(PRODUCTS)
    shares = [PRODUCTS[c][0] for c in codes]
    start, end = SEASON[0].toordinal(), SEASON[1].toordinal()
    days = sorted(rng.randint(start, end) for _ in range(n))
    who = rng.choices(active, weights=weights, k=n)
    what = rng.choices(codes, weights=shares, k=n)
    next_number: dict[str, int] = {}
    batch = []
    for i in range(n):
        member, product = who[i], what[i]
        _share, (low, high), (h_low, h_high), prices = PRODUCTS[product]
        gross_g = int(rng.triangular(low, high, low + (high - low) * 0.3) * 1000) // 100 * 100
        sacks = max(1, -(-gross_g // (SACK_KG * 1000)))
        tare_g = sacks * TARE_PER_SACK_G
        humidity_cp = rng.randint(int(h_low * 100), int(h_high * 100))
        grade_index = 0 if rng.random() < 0.55 else 1 if rng.random() < 0.7 else 2
        net_g = gross_g - tare_g
        series = series_of_zone[member["zone_id"]]
        number = next_number.get(series, 0) + 1
        next_number[series] = number
        day = date.fromordinal(days[i])
        fermentation_cp = None
        if product == "CACAO-SECO":  # measured by the cut test (drawn from the ticket's figures, not the rng)
            low_f, high_f = FERMENTATION_CP[grade_index]
            fermentation_cp = low_f + (gross_g // 100 + humidity_cp) % (high_f - low_f + 1)
        found = quoting.quote(product, day, net_g, humidity_cp, fermentation_cp, member["certification"],
                              "ABC"[grade_index])
        batch.append((
            campaign_id, series, number, _stamp(day, as_text), member["id"], product_ids[product], sacks,
            gross_g, tare_g, net_g, humidity_cp, found.grade, member["certification"], int(found.price.scaleb(2)),
            found.unit, int(found.amount.scaleb(2)),
            _stamp(datetime.combine(day, datetime.min.time()) + timedelta(hours=8, minutes=i % 600), as_text),
            int(found.payable_kg.scaleb(3)), int(found.equivalent_kg.scaleb(3)), point_ids.get(series),
            fermentation_cp, found.pricing.entry.id if found.pricing is not None else None,
            demo_plots.delivery_plot(plot_of or {}, member["id"], product),
        ))
        if len(batch) == batch_size:
            yield batch
            batch = []
    if batch:
        yield batch
