"""Known answers for the seal (docs/seals.md): a tiny run written out by hand as
the canonical JSON bytes coopdesk stores, and its fingerprint, its run code and
one member's code written here as literals. They were computed outside coopdesk
(``printf … | sha256sum`` in a shell, the recipe in docs/seals.md), never by the
code under test: if the formula ever changes, codes already printed on paper
would stop verifying, and these tests say so."""

import json
from datetime import date

from coopdesk.domain.distribution import record

# the run's identity, criteria, inputs and results, byte for byte as stored
IDENTITY = (b'{"acta":"12-2026","acta_date":"2026-11-20","campaign":"2026","corrects":null,"number":1,'
            b'"tax_year":2026}')
CRITERIA = ('[distribucion]\nnombre = "Excedentes 2026"\nmonto = "100.00"\n\n[[fondos]]\nnombre = "Retorno por '
            'kilos"\nclave = "kg"\nporcentaje = 100\n')
INPUTS = b'[{"code":"S0001","deliveries":[{"kg":"200.000"}]},{"code":"S0002","deliveries":[{"kg":"100.000"}]}]'
RESULTS = (b'{"payouts":{"S0001":{"code":"S0001","deductions":[],"eligible":true,"gross":"66.67","net":"66.67"},'
           b'"S0002":{"code":"S0002","deductions":[],"eligible":true,"gross":"33.33","net":"33.33"}},'
           b'"pots":[{"name":"Retorno por kilos","shares":{"S0001":{"amount":"66.67","basis":"200.000"},'
           b'"S0002":{"amount":"33.33","basis":"100.000"}},"stream":""}],"streams":[]}')
# Rosa's (S0001) record: her payout and her share of every pot, as [stream, pot, share]
ROSA = (b'{"code":"S0001","payout":{"code":"S0001","deductions":[],"eligible":true,"gross":"66.67","net":"66.67"},'
        b'"shares":[["","Retorno por kilos",{"amount":"66.67","basis":"200.000"}]]}')

FINGERPRINT = "ff90cfd2198ab51227bf424f3fb19ed38c5f4c95e876302201175d3a767b9b4d"
RUN_CODE = "FF90-CFD2-198A-B512"
ROSA_SEAL = "a7e2fb1043d93138931b821b6e69a1cb5c4e892d0b94a7cd06835dc894d6c769"
ROSA_CODE = "S-A7E2-FB10-43D9-3138"


def test_the_identity_is_written_canonically():
    identity = {"number": 1, "campaign": "2026", "tax_year": 2026, "corrects": None, "acta": "12-2026",
                "acta_date": date(2026, 11, 20)}
    assert record.canonical(identity) == IDENTITY


def test_the_fingerprint_and_the_run_code_of_a_known_run():
    assert record.fingerprint(IDENTITY, CRITERIA, INPUTS, RESULTS) == FINGERPRINT
    assert record.verification_code(FINGERPRINT) == RUN_CODE


def test_a_members_record_seal_and_code_of_a_known_run():
    results = json.loads(RESULTS)
    assert record.member_record(results, "S0001") == ROSA
    assert record.member_fingerprint(FINGERPRINT, ROSA) == ROSA_SEAL
    assert record.member_code(ROSA_SEAL) == ROSA_CODE
    assert record.member_codes(FINGERPRINT, results)["S0001"] == ROSA_CODE


def test_one_changed_figure_changes_the_members_code_and_the_runs():
    altered = RESULTS.replace(b'"net":"66.67"', b'"net":"96.67"')
    assert record.fingerprint(IDENTITY, CRITERIA, INPUTS, altered) != FINGERPRINT
    # even under the genuine run fingerprint, her record no longer gives her printed code
    assert record.member_codes(FINGERPRINT, json.loads(altered))["S0001"] != ROSA_CODE
    # and Juan's code does not depend on Rosa's figures
    assert record.member_codes(FINGERPRINT, json.loads(altered))["S0002"] == \
        record.member_codes(FINGERPRINT, json.loads(RESULTS))["S0002"]


def test_a_members_code_reads_apart_from_a_runs():
    assert record.read_code(ROSA_CODE) == ("member", "a7e2fb1043d93138")
    assert record.read_code("s a7e2 fb10 43d9 3138") == ("member", "a7e2fb1043d93138")
    assert record.read_code(RUN_CODE.lower()) == ("run", "ff90cfd2198ab512")
    assert record.read_code(FINGERPRINT) == ("run", FINGERPRINT)
    assert record.read_code("S-12") is None and record.read_code("hola") is None
