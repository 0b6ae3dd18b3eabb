"""The rule of the Libro Diario's correlativo (domain/diario.py): by date; within a
day the apertura first and the cierre last, the rest in posting order; after the
last correlativo of the year."""

from datetime import date

from coopdesk.domain.diario import label, numbered


def test_by_date_then_apertura_first_and_cierre_last_then_posting_number():
    d1, d2 = date(2026, 12, 31), date(2026, 1, 1)
    entries = [  # (id, date, source_kind, posting number), in posting order
        (10, d1, "manual", 7), (11, d2, "manual", 8), (12, d1, "cierre", 9), (13, d1, "impuesto_renta", 10),
        (14, d1, "cierre_balance", 11), (15, d2, "reapertura", 12), (16, d1, "manual", 3)]
    assert numbered(entries, 40) == [(15, 41), (11, 42), (16, 43), (10, 44), (13, 45), (12, 46), (14, 47)]
    assert numbered([], 5) == []


def test_the_label_keeps_it_apart_from_the_posting_number():
    assert label(2026, 3) == "D-2026-000003"
    assert label(2026, None) == ""
