"""The ``source_kind`` of each automatic entry (``journal_entries.source_kind``): which kind of
document posted it. Apart from ``domain.postings`` so that opening a book can ask whether
interest fell due (``core.interest_due``) without importing the postings' rules; that module
names them all as before (``postings.INTEREST_DUE``)."""

# source_kind of each automatic entry (journal_entries.source_kind, 20 letters at most)
DELIVERY, INTAKE_DAY, VOIDED_TICKET = "entrega", "acopio", "anulacion"
MOVEMENT, SALE, EXPENSE = "movimiento", "venta", "gasto"
DISTRIBUTION, PAYMENT, OPENING = "distribucion", "pago", "apertura"
INTEREST_DUE = "interes"  # a loan installment's interest, posted when it falls due
INTEREST_COLLECTED = "interes_cobrado"  # older books: interest a repayment took to 772 goes back to 14221, once
OPENING_STOCK = "inventario_inicial"  # what the almacén held when the cooperative started coopdesk
COLLECTION, SUPPLIER_PAYMENT = "cobro", "pago_proveedor"
CREDIT_NOTE = "nota_credito"           # a nota de crédito against a sale's comprobante (core.credit_notes)
MANUAL, REVERSAL, CLOSING = "manual", "reversion", "cierre"
TAX_PROVISION = "impuesto_renta"       # the year's income tax on non-cooperative income, by close-year
BALANCE_CLOSING = "cierre_balance"     # 31/12: the balance-sheet accounts to zero, by close-year
REOPENING = "reapertura"               # 01/01 of the next year: the mirror of BALANCE_CLOSING, by close-year
REVALUATION = "diferencia_cambio"      # month end: US$ bank balances at the day's rate, to 676 / 776 (core.banks)
# fixed assets (core.fixed_assets, docs/fixed_assets.md): a purchase the register posts itself, a month's
# depreciation of every asset (681x against 391x), an asset's baja
ASSET_PURCHASE, DEPRECIATION, ASSET_RETIREMENT = "activo_fijo", "depreciacion", "baja_activo"
