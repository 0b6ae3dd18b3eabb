"""One letterhead for every paper (``reports.views.letterhead``)."""

from datetime import date

from coopdesk.domain.statement import CooperativeInfo
from coopdesk.reports.views import letterhead

COOP = CooperativeInfo("Cooperativa Agraria Tambopata", "20600123450", "Jr. Loreto 245", "Puerto Maldonado", "es_PE")


def test_the_letterhead_fields_as_every_view_names_them():
    assert letterhead(COOP, date(2026, 11, 25)) == {
        "cooperative_name": "Cooperativa Agraria Tambopata",
        "cooperative_ruc": "RUC 20600123450",
        "cooperative_address": "Jr. Loreto 245",
        "dateline": "Puerto Maldonado, 25 de noviembre de 2026",
    }
    # a ticket prints no dateline (its date is in its fields)
    assert letterhead(COOP) == {"cooperative_name": "Cooperativa Agraria Tambopata",
                                "cooperative_ruc": "RUC 20600123450", "cooperative_address": "Jr. Loreto 245"}
