"""The distribution workflow a treasurer follows: simulate, store a draft, the
assembly approves (acta), publish (sealed with a fingerprint), pay, correct,
verify. A published run never changes: every core call refuses, and so does
the database itself."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from coopdesk.core import InvalidInput, NotFound
from coopdesk.domain.distribution import record
from coopdesk.i18n import describe
from tests.conftest import TODAY, cacao, cash_in_hand
from tests.core.test_distributions import CRITERIA, season_of_rosa_and_juan

NAMED = 'nombre = "Excedentes 2026"\n'
CRITERIA_NAMED = CRITERIA.replace("[distribucion]\n", "[distribucion]\n" + NAMED)


def messages(raised) -> list[str]:
    return [describe(p) for p in raised.value.problems]


def published(book, criteria=CRITERIA_NAMED):
    run = book.distributions.create(criteria)
    book.distributions.approve(run.number, acta="Acta 12-2026", acta_date=TODAY)
    return book.distributions.publish(run.number)


def test_a_draft_run_stores_criteria_inputs_results_and_one_line_per_member(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    run = book.distributions.create(CRITERIA_NAMED)
    assert (run.number, run.status, run.name, run.criteria_version, run.campaign) == (
        1, "borrador", "Excedentes 2026", 1, "2026")
    assert (run.amount, run.to_members, run.members, run.net_total) == (D("1000.00"), D("800.00"), 3, D("800.00"))
    assert run.fingerprint is None and run.code is None
    lines = {line.member_code: line for line in book.distributions.lines(1)}
    assert (lines["S0001"].net, lines["S0002"].net, lines["S0003"].net) == (D("533.33"), D("266.67"), D("0.00"))
    stored = book.distributions.stored(1)
    assert stored.criteria_text == CRITERIA_NAMED
    assert stored.result == book.distributions.simulate(CRITERIA_NAMED)  # read back exactly as computed
    assert {m.code: m.kg for m in stored.inputs} == {"S0001": D("200.000"), "S0002": D("100.000"), "S0003": D("0")}


def test_the_same_criteria_text_is_one_version_and_a_changed_text_the_next(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    first = book.distributions.create(CRITERIA_NAMED)
    again = book.distributions.create(CRITERIA_NAMED)
    changed = book.distributions.create(CRITERIA_NAMED.replace('"1000.00"', '"1200.00"'))
    assert [(r.number, r.criteria_version) for r in (first, again, changed)] == [(1, 1), (2, 1), (3, 2)]


def test_a_run_needs_a_name(book):
    with pytest.raises(InvalidInput) as raised:
        book.distributions.create(CRITERIA)
    assert messages(raised)[0].startswith("Línea 2, «distribucion.nombre»: ponga un nombre a la distribución")


def test_approving_needs_the_acta_and_publishing_seals_the_run_with_its_code(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    run = book.distributions.create(CRITERIA_NAMED)
    with pytest.raises(InvalidInput) as raised:
        book.distributions.approve(run.number, acta=" ", acta_date=TODAY + timedelta(days=1))
    assert messages(raised) == ["Escriba el número del acta de la asamblea que aprobó los criterios.",
                                "La fecha del acta no puede ser futura."]
    with pytest.raises(InvalidInput) as raised:
        book.distributions.publish(run.number)
    assert messages(raised) == ["Solo se publica una distribución aprobada; la N.º 1 está «Borrador»."]
    approved = book.distributions.approve(run.number, acta="Acta 12-2026", acta_date=TODAY)
    assert (approved.status, approved.acta_number, approved.acta_date, approved.approved_by) == (
        "aprobada", "Acta 12-2026", TODAY, "admin")
    done = book.distributions.publish(run.number)
    stored = book.distributions.stored(run.number)
    inputs, results = record.canonical(stored.inputs), record.canonical(stored.result)
    assert done.status == "publicada"
    identity = record.canonical({"number": 1, "campaign": "2026", "tax_year": TODAY.year, "corrects": None,
                                 "acta": "Acta 12-2026", "acta_date": TODAY})
    assert done.fingerprint == record.fingerprint(identity, CRITERIA_NAMED, inputs, results)
    assert done.code == "-".join(done.fingerprint[i:i + 4].upper() for i in (0, 4, 8, 12))


def test_no_core_call_changes_a_published_run(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    run = published(book)
    before = book.distributions.stored(run.number)
    attempts = {
        "approve": lambda: book.distributions.approve(run.number, acta="Otra", acta_date=TODAY),
        "publish": lambda: book.distributions.publish(run.number),
        "discard": lambda: book.distributions.discard(run.number),
    }
    for name, attempt in attempts.items():
        with pytest.raises(InvalidInput):
            attempt()
    # new deliveries after publication do not touch the published figures
    book.deliveries.record(cacao("001-9", member_code="S0003"))
    after = book.distributions.stored(run.number)
    assert after == before and book.distributions.verify(run.code).matches


def test_the_database_itself_refuses_to_alter_a_published_run(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    run = published(book)
    for statement in ("UPDATE distribution_lines SET net_cents = net_cents + 100",
                      "DELETE FROM distribution_lines",
                      "UPDATE distribution_runs SET amount_cents = 1",
                      "UPDATE distribution_runs SET status = 'borrador'",
                      "DELETE FROM distribution_runs",
                      "UPDATE distribution_criteria SET text = 'monto = 1'"):
        with pytest.raises(DBAPIError), book.engine.begin() as conn:
            conn.execute(text(statement))
    assert book.distributions.verify(run.code).matches
    assert {line.member_code: line.net for line in book.distributions.lines(run.number)} == {
        "S0001": D("533.33"), "S0002": D("266.67"), "S0003": D("0.00")}


def test_verify_recomputes_from_the_stored_inputs_and_finds_a_tampered_run(sqlite_book):
    cash_in_hand(sqlite_book)
    book = sqlite_book
    season_of_rosa_and_juan(book)
    run = published(book)
    check = book.distributions.verify(run.code.lower().replace("-", " "))
    assert (check.number, check.matches, check.code) == (1, True, run.code)
    # someone alters the stored results behind coopdesk's back (dropping the seal first)
    import json
    import zlib
    with book.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER distribution_runs_sealed_update"))
        blob = conn.execute(text("SELECT results FROM distribution_runs")).scalar()
        data = json.loads(zlib.decompress(blob))
        data["payouts"]["S0002"]["net"] = "366.67"
        conn.execute(text("UPDATE distribution_runs SET results = :r"),
                     {"r": zlib.compress(record.canonical(data))})
    check = book.distributions.verify(run.code)
    assert (check.matches, check.results_ok) == (False, False)


def test_verify_says_clearly_when_a_code_is_unknown_or_malformed(book):
    with pytest.raises(NotFound) as raised:
        book.distributions.verify("0000-0000-0000-0000")
    assert describe(raised.value.problem) == (
        "Este código no corresponde a ninguna distribución: el registro pudo haber sido alterado, o el código está "
        "mal escrito (0000-0000-0000-0000).")
    with pytest.raises(InvalidInput) as raised:
        book.distributions.verify("12")
    assert messages(raised)[0].startswith("«12» no es un código de verificación")


def test_paying_members_of_a_published_run(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    run = published(book)
    book.distributions.mark_paid(run.number, "s0001", TODAY, "efectivo", reference="Recibo 45")
    with pytest.raises(InvalidInput) as raised:
        book.distributions.mark_paid(run.number, "S0001", TODAY, "efectivo")
    assert messages(raised) == ["S0001 ya figura como pagado en la distribución N.º 1."]
    with pytest.raises(InvalidInput) as raised:
        book.distributions.mark_paid(run.number, "S0003", TODAY + timedelta(days=1), "trueque")
    assert messages(raised) == ["S0003 no tiene nada que cobrar en la distribución N.º 1.",
                                "Elija cómo se pagó: efectivo, transferencia, cheque o depósito.",
                                "La fecha de pago no puede ser futura."]
    lines = {line.member_code: line for line in book.distributions.lines(run.number)}
    assert (lines["S0001"].paid_on, lines["S0001"].method, lines["S0002"].paid_on) == (TODAY, "efectivo", None)
    row = book.distributions.get(run.number)
    # «Pagados 1 de 2»: S0003 takes part with nothing to collect, so is not waited for
    assert (len(lines), row.to_pay, row.paid_members) == (3, 2, 1)
    assert book.distributions.verify(run.code).matches  # paying does not alter the run


def test_a_draft_cannot_be_paid_and_can_be_discarded(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    run = book.distributions.create(CRITERIA_NAMED)
    with pytest.raises(InvalidInput) as raised:
        book.distributions.mark_paid(run.number, "S0001", TODAY, "efectivo")
    assert messages(raised) == ["Solo se pagan distribuciones publicadas; la N.º 1 está «Borrador»."]
    book.distributions.discard(run.number)
    assert book.distributions.runs() == []


def test_a_correction_supersedes_the_published_run_and_keeps_it(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    first = published(book)
    with pytest.raises(InvalidInput) as raised:
        book.distributions.create(CRITERIA_NAMED, corrects=first.number)
    assert messages(raised) == ["Una corrección debe decir por qué se corrige la distribución publicada."]
    corrected = book.distributions.create(CRITERIA_NAMED.replace('"1000.00"', '"1100.00"'), corrects=first.number,
                                          reason="El monto aprobado en el acta era S/ 1,100.00")
    assert book.distributions.get(first.number).status == "publicada"  # until the correction is published
    book.distributions.approve(corrected.number, acta="Acta 13-2026", acta_date=TODAY)
    book.distributions.publish(corrected.number)
    old, new = book.distributions.get(first.number), book.distributions.get(corrected.number)
    assert (old.status, new.status, new.corrects, new.reason) == (
        "reemplazada", "publicada", 1, "El monto aprobado en el acta era S/ 1,100.00")
    assert book.distributions.verify(old.code).matches  # the superseded run is kept intact
    with pytest.raises(InvalidInput) as raised:
        book.distributions.create(CRITERIA_NAMED, corrects=first.number, reason="otra vez")
    assert messages(raised) == ["Solo se corrige una distribución publicada; la N.º 1 está «Reemplazada»."]


def test_a_correction_lists_per_member_what_changed_and_why(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    first = published(book)
    # Carmen's delivery had been forgotten; it is recorded, and the same criteria run again
    book.deliveries.record(cacao("001-9", member_code="S0003", gross_kg=D("100.4"), tare_kg=D("0.4")))
    corrected = book.distributions.create(CRITERIA_NAMED, corrects=first.number,
                                          reason="Faltaba la entrega 001-9 de Carmen")
    changes = {c.code: c for c in book.distributions.changes(corrected.number)}
    # 800.00 now over 400 kg: Rosa 200 kg -> 400.00 (was 533.33), Juan 100 -> 200.00, Carmen 100 -> 200.00
    assert {code: (c.before, c.after, c.difference, c.reasons) for code, c in changes.items()} == {
        "S0001": (D("533.33"), D("400.00"), D("-133.33"), ("otros",)),
        "S0002": (D("266.67"), D("200.00"), D("-66.67"), ("otros",)),
        "S0003": (D("0.00"), D("200.00"), D("200.00"), ("entregas",)),
    }
    assert book.distributions.changes(first.number) == []  # the original corrects nothing


WITHHELD = """
[distribucion]
nombre = "Reintegro 2026"
tipo = "reintegro"
fecha = 2026-03-01
monto = "200000.00"
reserva_minima = 0

[[fondos]]
nombre = "Reintegro"
clave = "kg"
porcentaje = 100

[retencion]
"""


def test_the_yearly_withholding_counts_the_distributions_already_published_that_year(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))  # Rosa is the only member with kilos: she receives everything
    first = book.distributions.create(WITHHELD)
    # 30 UIT of 2026 = 30 × 5,500.00 = 165,000.00; 1.5 % of 200,000.00 − 165,000.00 = 525.00
    assert book.distributions.stored(first.number).result.payouts["S0001"].withheld == D("525.00")
    book.distributions.approve(first.number, acta="3", acta_date=TODAY)
    book.distributions.publish(first.number)
    second = book.distributions.create(WITHHELD.replace('"200000.00"', '"100000.00"').replace(
        "Reintegro 2026", "Excedentes 2026"))
    # the year's income is now 300,000.00: 1.5 % × 135,000.00 = 2,025.00, less the 525.00 already withheld
    assert book.distributions.stored(second.number).result.payouts["S0001"].withheld == D("1500.00")
    # a correction of the first run takes its place: the first run's income is not counted twice
    corrected = book.distributions.create(WITHHELD, corrects=first.number, reason="Prueba")
    assert book.distributions.stored(corrected.number).result.payouts["S0001"].withheld == D("525.00")


def test_each_run_keeps_its_own_acta_even_with_the_same_criteria(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    first = published(book)
    again = book.distributions.create(CRITERIA_NAMED, corrects=first.number, reason="Entrega olvidada")
    with pytest.raises(InvalidInput) as raised:
        book.distributions.approve(again.number, acta="A" * 61, acta_date=TODAY)
    assert messages(raised) == ["El número del acta es demasiado largo (máximo 60 letras)."]
    book.distributions.approve(again.number, acta="Acta 13-2026", acta_date=TODAY)
    assert (book.distributions.get(first.number).acta_number,
            book.distributions.get(again.number).acta_number) == ("Acta 12-2026", "Acta 13-2026")


def test_verify_says_when_a_run_was_superseded(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    first = published(book)
    again = book.distributions.create(CRITERIA_NAMED, corrects=first.number, reason="Entrega olvidada")
    book.distributions.approve(again.number, acta="Acta 13-2026", acta_date=TODAY)
    book.distributions.publish(again.number)
    check = book.distributions.verify(first.code)
    assert (check.matches, check.status, check.superseded_by) == (True, "reemplazada", 2)


def test_the_acta_s_number_date_and_signer_are_kept_apart_and_only_the_number_reaches_the_journal(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    run = book.distributions.create(CRITERIA_NAMED)
    approved = book.distributions.approve(run.number, acta=" Acta 12-2026 ", acta_date=TODAY,
                                          signed_by="  Juan  Pérez Mamani ")
    assert (approved.acta_number, approved.acta_date, approved.acta_signed_by) == (
        "Acta 12-2026", TODAY, "Juan Pérez Mamani")
    book.distributions.publish(run.number)
    descriptions = [e.description for e in book.ledger.entries() if "Distribución N.º 1" in e.description]
    assert len(descriptions) == 1
    assert "(acta Acta 12-2026)" in descriptions[0] and "Pérez" not in descriptions[0]
    assert book.distributions.get(run.number).acta_signed_by == "Juan Pérez Mamani"


def test_a_signer_s_name_too_long_is_refused_by_name(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    run = book.distributions.create(CRITERIA_NAMED)
    with pytest.raises(InvalidInput) as raised:
        book.distributions.approve(run.number, acta="Acta 12-2026", acta_date=TODAY, signed_by="x" * 101)
    assert messages(raised) == ["El nombre de quien firma el acta es demasiado largo (máximo 100 letras)."]
    assert book.distributions.get(run.number).status == "borrador"
