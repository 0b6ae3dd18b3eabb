"""«Inicio»'s figures (``book.season.overview()``): each one what the tickets, the
books and the members' accounts say, summed by the database, and what is pending."""

from datetime import date
from decimal import Decimal as D

from sqlalchemy import text

from coopdesk.core import season as S
from coopdesk.domain.accounts import InputItem, LoanInput, MovementInput
from tests.conftest import TODAY, cacao, cash_in_hand
from tests.core.test_distribution_runs import CRITERIA_NAMED
from tests.core.test_distributions import season_of_rosa_and_juan

BY_VALUE = CRITERIA_NAMED.replace('clave = "kg"', 'clave = "valor"')  # cacao and copoazú: by the value delivered


def a_season(book) -> None:
    """Rosa and Juan's March (300 kg of dry cacao), December's tickets (a voided one
    among them), and the members' accounts: an advance partly repaid, one repaid
    beyond what was owed, a loan, inputs on credit."""
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    book.deliveries.record(cacao("001-4", date=date(2026, 12, 2), gross_kg=D("50.4"), advance_price=D("19.00")))
    book.deliveries.record(cacao("001-5", date=date(2026, 12, 3), member_code="S0003", gross_kg=D("30.4"),
                                 advance_price=D("18.00")))
    book.deliveries.record(cacao("001-6", date=date(2026, 12, 3), product_code="COPOAZU-PULPA", gross_kg=D("20.4"),
                                 humidity_pct=D("86"), advance_price=D("4.50")))
    book.deliveries.record(cacao("001-7", date=date(2026, 12, 4), gross_kg=D("999.4")))
    book.deliveries.void("001-7", "Peso mal digitado")
    accounts = book.accounts
    accounts.record(MovementInput("S0001", date(2026, 4, 1), "adelantos", "cargo", D("500.00"), "Adelanto"))
    accounts.record(MovementInput("S0001", date(2026, 5, 1), "adelantos", "abono", D("200.00"), "Devolución"))
    accounts.record(MovementInput("S0002", date(2026, 4, 1), "adelantos", "cargo", D("100.00"), "Adelanto"))
    accounts.record(MovementInput("S0002", date(2026, 5, 1), "adelantos", "abono", D("150.00"), "Pagó de más"))
    accounts.grant_loan(LoanInput("S0002", date(2026, 3, 10), D("1200.00"), D(12), 6, "Poda"))
    accounts.record_inputs("S0003", date(2026, 4, 2), [InputItem("Sacos de guano de isla", D(2), D("85.00"))])


def test_kilos_by_product_and_month_and_the_prices_paid_this_month(book):
    a_season(book)
    overview = book.season.overview()
    assert overview.today == TODAY and overview.campaign.code == "2026"
    assert [(k.product, k.year, k.month, k.tickets, k.net_kg, k.paid_kg, k.amount) for k in overview.kilos] == [
        ("CACAO-SECO", 2026, 3, 3, D("300.000"), D("300.000"), D("2221.85") + D("1478.15") + D("1850.00")),
        ("CACAO-SECO", 2026, 12, 2, D("80.000"), D("80.000"), D("950.00") + D("540.00")),
        ("COPOAZU-PULPA", 2026, 12, 1, D("20.000"), D("20.000"), D("90.00")),
    ]
    # the voided ticket counts for nothing; the totals are the database's own sums
    with book.read() as session:
        net_g, cents = session.execute(text(
            "SELECT SUM(net_g), SUM(amount_cents) FROM deliveries WHERE voided_at IS NULL")).one()
    assert overview.net_kg == D(net_g).scaleb(-3) == D("400.000")
    assert sum(k.amount for k in overview.kilos) == D(cents).scaleb(-2)
    assert overview.prices_month == (2026, 12)
    prices = {p.product: p for p in overview.prices}
    assert prices["CACAO-SECO"].per_kg == D("18.63")  # 1,490.00 / 80 kg = 18.625, half up
    assert prices["COPOAZU-PULPA"].per_kg == D("4.50")
    assert set(prices) == {"CACAO-SECO", "COPOAZU-PULPA"}


def test_the_prices_are_of_the_latest_month_with_tickets_when_this_one_has_none(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    overview = book.season.overview()
    assert overview.prices_month == (2026, 3)
    assert [(p.product, p.paid_kg, p.amount, p.per_kg) for p in overview.prices] == [
        ("CACAO-SECO", D("300.000"), D("5550.00"), D("18.50"))]


def test_caja_and_the_banks_are_the_ledgers_balances(book):
    a_season(book)
    overview = book.season.overview()
    trial = {row.code: row.balance for row in book.ledger.trial_balance(end=TODAY).rows}
    assert [(a.code, a.balance) for a in overview.money] == [("101", trial["101"]), ("1041", trial["1041"])]
    # Caja: 200,000 in, the tickets' advances, Rosa's and Juan's advances and the loan out, their repayments in
    assert trial["101"] == (D("200000.00") - D("5550.00") - D("1490.00") - D("90.00") - D("500.00") + D("200.00")
                            - D("100.00") + D("150.00") - D("1200.00"))
    assert overview.money_total == trial["101"] + trial["1041"]


def test_what_members_owe_is_each_members_positive_balance_added_up(book):
    a_season(book)
    overview = book.season.overview()
    owed = {o.concept: (o.amount, o.members) for o in overview.owed}
    loan = book.accounts.balances("S0002").of("prestamos")  # principal and the interest already due
    assert loan > D("1200.00")
    assert owed == {
        "prestamos": (loan, 1),
        "adelantos": (D("300.00"), 1),  # Juan's S/ 50.00 in his favour does not lower what Rosa owes
        "insumos": (D("170.00"), 1),
        "aportaciones": (D("0.00"), 0),
    }
    assert [o.concept for o in overview.owed] == list(S.OWED_CONCEPTS)
    assert overview.owed_total == sum((book.accounts.balances(code).total_owed for code in ("S0001", "S0002", "S0003")),
                                      D(0))


def test_the_distribution_and_what_is_pending_follow_the_run(book):
    a_season(book)
    overview = book.season.overview()
    assert overview.run is None
    open_months = [(p.year, p.month) for p in book.ledger.periods() if p.status == "abierto" and (p.year, p.month)
                   < (TODAY.year, TODAY.month)]
    assert open_months[0] == (2026, 1)
    assert [t.kind for t in overview.tasks] == [S.CLOSE_MONTH, S.BACKUP, S.WITHHOLDING, S.BULLETIN]
    assert overview.task(S.CLOSE_MONTH) == S.Task(S.CLOSE_MONTH, year=2026, month=1, count=len(open_months))
    assert overview.task(S.BACKUP) == S.Task(S.BACKUP, count=None)  # never made
    assert overview.task(S.WITHHOLDING) == S.Task(S.WITHHOLDING, year=2026, month=12)
    assert overview.task(S.BULLETIN) == S.Task(S.BULLETIN, year=2026, month=11)  # the month that ended

    run = book.distributions.create(BY_VALUE)
    overview = book.season.overview()
    assert (overview.run.number, overview.run.status) == (run.number, "borrador")
    assert overview.task(S.APPROVE) == S.Task(S.APPROVE, run=run.number)
    book.distributions.approve(run.number, acta="Acta 12-2026", acta_date=TODAY)
    assert book.season.overview().task(S.PUBLISH) == S.Task(S.PUBLISH, run=run.number)
    book.distributions.publish(run.number)
    overview = book.season.overview()
    assert overview.task(S.APPROVE) is None and overview.task(S.PUBLISH) is None
    assert overview.run == book.distributions.get(run.number)
    # Rosa has something to receive; what Juan and Carmen owe takes all of their shares
    assert {line.member_code for line in book.distributions.lines(run.number) if line.net > 0} == {"S0001"}
    assert (overview.run.paid_members, overview.run.to_pay, overview.run.members) == (0, 1, 3)
    assert overview.task(S.PAY) == S.Task(S.PAY, run=run.number, count=1)
    second = book.distributions.create(BY_VALUE.replace('"Excedentes 2026"', '"Segundo reparto 2026"'))
    overview = book.season.overview()  # the newer draft is shown; its members are still to be paid the first
    assert (overview.run.number, overview.run.status) == (second.number, "borrador")
    assert [t for t in overview.tasks if t.run is not None] == [S.Task(S.APPROVE, run=second.number),
                                                                 S.Task(S.PAY, run=run.number, count=1)]
    book.distributions.mark_paid(run.number, "S0001", TODAY, "efectivo")
    overview = book.season.overview()
    assert overview.task(S.PAY) is None and book.distributions.get(run.number).paid_members == 1


def test_the_last_backup_and_the_audit_head(sqlite_book):
    overview = sqlite_book.season.overview()
    assert overview.backup.latest is None
    assert overview.head == sqlite_book.audit_heads.current() and overview.head is not None
    sqlite_book.backups.make()
    overview = sqlite_book.season.overview()
    assert overview.backup.latest is not None and overview.backup.days_ago == 0
    assert overview.task(S.BACKUP) is None


def test_a_book_without_campaign_or_deliveries_shows_nothing_yet(sqlite_book):
    overview = sqlite_book.season.overview()
    assert (overview.kilos, overview.prices_month, overview.prices, overview.money, overview.run) == (
        (), None, (), (), None)
    assert overview.owed_total == D("0.00")


def test_a_new_books_first_steps_are_members_then_prices_until_each_is_done(tmp_path):
    from coopdesk.core import Book
    from coopdesk.domain.rules import ZoneInput
    from tests.conftest import cooperative, rosa
    from tests.people import AS_ADMIN

    with Book.create(str(tmp_path / "c.sqlite"), cooperative(), [ZoneInput("LP", "Las Piedras")], **AS_ADMIN) as book:
        assert [t.kind for t in book.season.overview().tasks] == [S.ADD_MEMBERS, S.SET_PRICES, S.BACKUP,
                                                                   S.WITHHOLDING, S.BULLETIN]
        book.members.add(rosa())
        assert [t.kind for t in book.season.overview().tasks][:1] == [S.SET_PRICES]
        from coopdesk.core.prices import PriceInput

        book.prices.add(PriceInput("CACAO-SECO", date(2026, 1, 1), D("18.50")))
        assert [t.kind for t in book.season.overview().tasks] == [S.BACKUP, S.WITHHOLDING, S.BULLETIN]
