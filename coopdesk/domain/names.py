"""A member's name, in the one order each place uses (chosen here, nowhere else).

- ``list_name``: «Apellidos, Nombres» — every list, table, search result and
  dialog of the desk, so a name reads the same where it is sorted and where it
  is acted on («Quispe Mamani, Rosa»);
- ``letter_name``: «Nombres Apellidos» — letters, statements, liquidations and
  receipts addressed to the member («Rosa Quispe Mamani»).
"""

from __future__ import annotations


def list_name(first_names: str, last_names: str) -> str:
    first, last = " ".join(first_names.split()), " ".join(last_names.split())
    return f"{last}, {first}" if first and last else last or first


def letter_name(first_names: str, last_names: str) -> str:
    return " ".join(f"{first_names} {last_names}".split())
