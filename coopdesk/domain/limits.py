"""The sizes of things, in one place: the database columns and the checks use
the same numbers, so SQLite and PostgreSQL accept exactly the same data."""

from decimal import Decimal

CODE = 20                # member, zone and campaign codes; grades
COOPERATIVE_NAME = 200
NAME = 100               # names of people, zones, campaigns; cities
ADDRESS = 300
PHONE = 30
BANK_ACCOUNT = 30        # a member's account number or CCI (20 digits), with its dashes
PROOF_BYTES = 20_000_000  # a batch's proof (a scanned planilla or a photo) kept in the book
MAX_SACKS = 9999
MAX_KG = Decimal("100000")          # one delivery
MAX_PRICE = Decimal("100000.00")    # soles per kg or per quintal
MAX_TYPED_DIGITS = 12               # digits before the decimal point of any typed number
MAX_AMOUNT = Decimal("10000000.00")  # one account movement or loan, in soles
DESCRIPTION = 200
REFERENCE = 60
ACTA = 60                # the number or name of an assembly's acta
MAX_LEDGER_AMOUNT = Decimal("1000000000.00")  # one journal line, in soles
