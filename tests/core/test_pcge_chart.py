"""The default chart on the PCGE's codes (docs/ledger.md, «El plan de cuentas y el
PCGE»), and the upgrade (migration 0008) that renumbers an older book: every
balance kept under its new code, published runs still «Correcto», the check as
clean as before, the mapping shown once, a contador's own account that held a
new code moved to a subdivision of it."""

from datetime import date
from decimal import Decimal as D

from sqlalchemy import text

from tests.migrations import migrate_to
from coopdesk.core import Book
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.sales import ExpenseInput
from coopdesk.i18n import describe
from tests.core.test_distribution_runs import published
from tests.core.test_distributions import season_of_rosa_and_juan
from tests.people import LOGIN
from tests.conftest import cash_in_hand

# code, name (the PCGE's, or coopdesk's subdivision of a PCGE account), kind, member sub-ledger
PCGE_CHART = [
    ("101", "Caja", "activo", False),
    ("1041", "Cuentas corrientes en bancos", "activo", False),
    ("1212", "Facturas por cobrar a compradores", "activo", False),
    ("14221", "Préstamos a socios", "activo", True),
    ("14222", "Adelantos a socios", "activo", True),
    ("14223", "Insumos a crédito a socios", "activo", True),
    ("203211", "Mercaderías de origen vegetal: orgánico", "activo", False),
    ("203212", "Mercaderías de origen vegetal: en transición", "activo", False),
    ("203213", "Mercaderías de origen vegetal: convencional", "activo", False),
    ("2524", "Otros suministros (insumos para socios)", "activo", False),
    ("4017", "Retenciones de renta a socios", "pasivo", False),
    ("40171", "Impuesto a la renta de tercera categoría", "pasivo", False),
    ("4212", "Proveedores", "pasivo", False),
    ("4419", "Accionistas (o socios): otras cuentas por pagar", "pasivo", True),
    ("451", "Préstamos de instituciones financieras", "pasivo", False),
    ("46991", "Fondo de Educación", "pasivo", False),
    ("46992", "Fondo de Previsión Social", "pasivo", False),
    ("46993", "Fondo de Prima de Comercio Justo", "pasivo", False),
    ("501", "Aportaciones de socios (capital social)", "patrimonio", True),
    ("582", "Legal: Reserva Cooperativa", "patrimonio", False),
    ("591", "Excedentes por distribuir", "patrimonio", False),
    ("592", "Pérdidas acumuladas", "patrimonio", False),
    ("621", "Remuneraciones", "gasto", False),
    ("631", "Transporte y fletes", "gasto", False),
    ("636", "Servicios básicos", "gasto", False),
    ("639", "Otros servicios de terceros", "gasto", False),
    ("656", "Suministros", "gasto", False),
    ("659", "Otros gastos de gestión", "gasto", False),
    ("673", "Intereses y gastos financieros", "gasto", False),
    ("676", "Pérdida por diferencia de cambio", "gasto", False),
    ("69131", "Costo de ventas: productos agropecuarios", "gasto", False),
    ("701311", "Ventas: productos agropecuarios", "ingreso", False),
    ("701312", "Ventas: diferencial orgánico", "ingreso", False),
    ("759", "Otros ingresos", "ingreso", False),
    ("772", "Intereses de préstamos a socios", "ingreso", False),
    ("776", "Ganancia por diferencia de cambio", "ingreso", False),
    ("881", "Impuesto a la renta: corriente", "gasto", False),
    ("891", "Determinación del resultado: utilidad", "patrimonio", False),
    ("892", "Determinación del resultado: pérdida", "patrimonio", False),
]

# what 0008 does to a book kept on coopdesk's first chart
OLD_TO_NEW = {"1681": "14222", "1682": "14221", "1683": "14223", "2011": "203211", "2012": "203212",
              "2013": "203213", "2521": "2524", "4691": "4419", "4694": "46991", "4695": "46992", "4696": "46993",
              "581": "582", "6911": "69131", "7011": "701311", "7012": "701312"}


def test_a_new_book_has_exactly_the_pcge_chart(sqlite_book):
    accounts = [(a.code, a.name, a.kind, a.member_ledger) for a in sqlite_book.ledger.accounts()]
    assert accounts == sorted(PCGE_CHART)
    assert sqlite_book.ledger.chart_changes() == []  # made on the PCGE's codes: nothing renumbered


def downgrade_to_0007(book: Book) -> None:
    """The book as coopdesk 0007 kept it: migration 0008 undone (coopdesk's first codes)."""
    book.close()
    migrate_to(book.engine, "0007", downgrade=True)


def trial(book) -> list[tuple[str, D, D]]:
    return [(r.code, r.debit, r.credit) for r in book.ledger.trial_balance().rows]


def test_upgrading_a_0007_book_keeps_every_balance_under_the_pcge_codes(sqlite_book, tmp_path):
    cash_in_hand(sqlite_book)
    book = sqlite_book
    season_of_rosa_and_juan(book)
    run = published(book)
    book.expenses.record(ExpenseInput(date(2026, 11, 30), "2524", "Guano de isla para los socios", D("1200.00"),
                                      "101"))
    # the contador's own «589 Otras reservas», with an entry: in the old book it will sit on 582
    book.ledger.add_account("589", "Reserva por revaluación de la planta", "patrimonio")
    book.ledger.post(EntryInput(date(2026, 11, 30), "Reserva acordada por la asamblea", (
        LineInput("1041", debit=D("300.00")), LineInput("589", credit=D("300.00")))))
    before = trial(book)
    findings = [describe(p) for p in book.checks.run().findings]
    url = str(book.engine.url)

    downgrade_to_0007(book)
    with book.engine.begin() as conn:
        codes = set(conn.execute(text("SELECT code FROM ledger_accounts")).scalars())
        assert {"1681", "1682", "4691", "4694", "581", "6911", "7011"} <= codes  # coopdesk's first chart
        assert conn.execute(text("SELECT account FROM expenses")).scalar() == "2521"
        # the contador's account moves onto 582 (as if they had created it there): the guard set aside
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'ledger_accounts_kept_update'")).scalar()
        conn.execute(text("DROP TRIGGER ledger_accounts_kept_update"))
        conn.execute(text("UPDATE ledger_accounts SET code = '582' WHERE code = '589'"))
        conn.exec_driver_sql(sql)
    book.engine.dispose()

    with Book.open(url, **LOGIN) as upgraded:
        # every balance, under its new code; the contador's account under 5821
        assert trial(upgraded) == sorted((("5821" if c == "589" else c), d, k) for c, d, k in before)
        assert upgraded.distributions.verify(run.code).matches  # «Correcto»: its sealed criteria untouched
        assert [describe(p) for p in upgraded.checks.run().findings] == findings
        assert [e.account for e in upgraded.expenses.list()] == ["2524"]
        changes = upgraded.ledger.chart_changes()
        assert [(c.kind, c.old_code, c.new_code) for c in changes] == [("movida", "582", "5821")] + [
            ("renumerada", old, new) for old, new in OLD_TO_NEW.items()]
        assert (changes[0].old_name, changes[0].new_name) == ("Reserva por revaluación de la planta",) * 2
        assert [(c.old_name, c.new_name) for c in changes if c.old_code == "581"] == [
            ("Reserva Cooperativa", "Legal: Reserva Cooperativa")]
        # shown once (the app's message), listed whenever asked
        assert len(upgraded.ledger.unseen_chart_changes()) == 16
        assert upgraded.ledger.unseen_chart_changes() == []
        assert len(upgraded.ledger.chart_changes()) == 16
        # the trail records the renumbering as coopdesk's, chained with the upgrade
        with upgraded.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT who, hash IS NOT NULL FROM audit_log WHERE table_name = 'ledger_accounts' "
                "AND action = 'cambio' AND (after LIKE '%\"5821\"%' OR after LIKE '%\"14221\"%')")).all()
        assert rows == [("coopdesk", True), ("coopdesk", True)]
        # what is posted next lands on the new codes, next to the history
        upgraded.ledger.post(EntryInput(date(2026, 12, 1), "Aporte a la reserva", (
            LineInput("101", debit=D("10.00")), LineInput("582", credit=D("10.00")))))
        assert {r.code for r in upgraded.ledger.trial_balance().rows}.isdisjoint(OLD_TO_NEW)


def test_older_criteria_that_name_an_old_code_post_to_its_new_one():
    from coopdesk.domain import postings as P
    assert P.appropriation_account("Fondo de Educación", False, "4694") == "46991"
    assert P.appropriation_account("Reserva", True, "581") == "582"
    assert P.stream_account("Prima", "4696") == "46993"
    assert P.appropriation_account("Fondo propio", False, "4699") == "4699"  # any other code is itself
