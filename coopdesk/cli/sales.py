"""``coopdesk sales ...`` and ``coopdesk expenses ...``: the cooperative's sales to
buyers and its expenses from the command line.

The same core calls as the GUI (``book.sales``, ``book.expenses``): each record
posts its entry in the books at once; nothing is edited, a mistake is voided
(its entry reversed today, the document kept, marked) and recorded again.
``--json`` output has stable English keys and every amount as a decimal string
("2449.23"); kilos with three places, prices and exchange rates with four.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from coopdesk.cli.auth import open_book
from coopdesk.cli.args import Reader, confirm_negative_option, print_table
from coopdesk.domain.catalog import Certification
from coopdesk.domain.money import CENT, ZERO
from coopdesk.domain.postings import EXPENSE_PAID_FROM, SALE_DEBIT_ACCOUNTS
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.sales import CURRENCIES, PRICE_PLACES, RATE_PLACES, ExpenseInput, OpeningStockInput, SaleInput
from coopdesk.domain.text import search_fold
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number

PEN, USD = CURRENCIES
SYMBOLS = {PEN: "S/", USD: "US$"}
KG_PLACES = Decimal("0.001")
SALE_DEBIT_NAMES = {"1212": N_("Por cobrar al comprador (1212)"), "1041": N_("Banco (1041)"),
                    "101": N_("Caja (101)")}
PAID_FROM_NAMES = {"101": N_("Caja (101)"), "1041": N_("Banco (1041)"), "4212": N_("Por pagar al proveedor (4212)")}


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _places(value: Decimal, places: Decimal) -> str:
    return str((value + ZERO).quantize(places))


def _amount(value: Decimal) -> str:
    """An amount for --json: ``"2449.23"``."""
    return _places(value, CENT)


def _in(value: Decimal, currency: str) -> str:
    """An amount in its currency: «S/ 1,234.56», «US$ 600.00»."""
    if currency == PEN:
        return format_money((value + ZERO).quantize(CENT))
    return f"{SYMBOLS.get(currency, currency)}\u00a0{format_number(value, 2)}"


def _price(value: Decimal, currency: str) -> str:
    places = 2 if value == value.quantize(CENT) else 4
    return f"{SYMBOLS.get(currency, currency)}\u00a0{format_number(value, places)}"


def _kg(value: Decimal) -> str:
    return format_number(value, 2 if value == value.quantize(CENT) else 3)


def _collected(account: str) -> str:
    return _(SALE_DEBIT_NAMES[account]) if account in SALE_DEBIT_NAMES else account


def _paid_from(account: str) -> str:
    return _(PAID_FROM_NAMES[account]) if account in PAID_FROM_NAMES else account


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _optional_date(read: Reader, text: str | None, field: str) -> date | None:
    return read.date(text, field) if text else None


def _optional_decimal(read: Reader, text: str | None, field: str, default: Decimal | None) -> Decimal | None:
    return default if text is None or not text.strip() else read.decimal(text, field)


def _currency(text: str) -> str:
    """PEN or USD, typed as «usd», «US$», «soles» or «dólares» too."""
    folded = search_fold(text).replace("$", "").replace(" ", "")
    return {"pen": PEN, "s/": PEN, "soles": PEN, "sol": PEN, "usd": USD, "us": USD, "dolares": USD,
            "dolar": USD}.get(folded, text.strip().upper())


def _id(read: Reader, text: str, field: str) -> int:
    before = len(read.problems)
    number = read.integer(text, field)
    if len(read.problems) == before and number <= 0:
        read.problems.append(Problem(field, N_("«%(text)s» no es un número de la lista."), {"text": text}))
    return number


def _state(voided: bool, reason: str, feminine: bool, collected_on: date | None = None,
           paid_on: date | None = None) -> str:
    """As the screen says it: «Registrada», «Cobrada el 02/05/2026», «Pagado el …», «Anulada: motivo»."""
    if voided:
        return (_("Anulada: %(reason)s") if feminine else _("Anulado: %(reason)s")) % {"reason": reason}
    if collected_on is not None:
        return _("Cobrada el %(date)s") % {"date": format_date(collected_on)}
    if paid_on is not None:
        return _("Pagado el %(date)s") % {"date": format_date(paid_on)}
    return _("Registrada") if feminine else _("Registrado")


def _range(args) -> tuple[date | None, date | None]:
    read = Reader()
    start = _optional_date(read, args.start, "start")
    end = _optional_date(read, args.end, "end")
    read.done()
    return start, end


# -- sales ------------------------------------------------------------------------------------


def cmd_sales_list(args) -> int:
    start, end = _range(args)
    with open_book(args) as book:
        sales = book.sales.list(start, end)
    if args.json:
        print(_dumps({"sales": [{
            "id": s.id, "date": s.date.isoformat(), "buyer": s.buyer, "contract": s.contract, "invoice": s.invoice,
            "product": s.product_code, "product_name": s.product_name, "certification": s.certification,
            "kg": _places(s.kg, KG_PLACES), "currency": s.currency, "price": _places(s.price, PRICE_PLACES),
            "exchange_rate": _places(s.exchange_rate, RATE_PLACES) if s.exchange_rate is not None else None,
            "amount": _amount(s.amount), "premium": _amount(s.premium), "differential": _amount(s.differential),
            "total_pen": _amount(s.total_pen), "cost": _amount(s.cost), "debit_account": s.debit_account,
            "entry": s.entry_number or None, "voided": s.voided, "void_reason": s.void_reason or None,
            "cooperative_act": s.cooperative_act}
            for s in sales]}))
        return 0
    if not sales:
        print(_("No hay ventas registradas."))
        return 0
    table = [(_("N.º"), _("Fecha"), _("Comprador"), _("Contrato"), _("Factura"), _("Producto"), _("Certificación"),
              _("Kg"), _("Precio por kg"), _("T. cambio"), _("Prima"), _("Diferencial"), _("Total S/"),
              _("Costo S/"), _("Asiento"), _("Estado"))]
    table += [(str(s.id), format_date(s.date), s.buyer, s.contract, s.invoice, s.product_name,
               label(s.certification), _kg(s.kg), _price(s.price, s.currency),
               format_number(s.exchange_rate, 4) if s.exchange_rate is not None else "",
               _in(s.premium, s.currency) if s.premium else "",
               _in(s.differential, s.currency) if s.differential else "", format_money(s.total_pen),
               format_money(s.cost), s.entry_number, _state(s.voided, s.void_reason, True, s.collected_on))
              for s in sales]
    print_table(table, right=(0, 7, 8, 9, 10, 11, 12, 13))
    counted = [s for s in sales if not s.voided]
    text = ngettext("%(n)s venta: total %(total)s, costo de venta %(cost)s.",
                    "%(n)s ventas: total %(total)s, costo de venta %(cost)s.", len(counted)) % {
        "n": format_number(len(counted)), "total": format_money(sum((s.total_pen for s in counted), ZERO)),
        "cost": format_money(sum((s.cost for s in counted), ZERO))}
    voided = len(sales) - len(counted)
    if voided:
        text += " " + ngettext("%(n)s anulada, sin contar.", "%(n)s anuladas, sin contar.", voided) % {
            "n": format_number(voided)}
    print(text)
    return 0


def cmd_sales_stock(args) -> int:
    """What the almacén holds, per product and certification."""
    with open_book(args) as book:
        stocks = book.sales.stocks()
    if args.json:
        print(_dumps({"stocks": [{"product": s.product_code, "product_name": s.product_name,
                                  "certification": s.certification, "kg": _places(s.kg, KG_PLACES),
                                  "value": _amount(s.value)} for s in stocks]}))
        return 0
    if not stocks:
        print(_("El almacén no ha recibido ni vendido producto."))
        return 0
    table = [(_("Producto"), _("Certificación"), _("Kg"), _("Costo de acopio"))]
    table += [(s.product_name, label(s.certification), _kg(s.kg), format_money(s.value)) for s in stocks]
    print_table(table, right=(2, 3))
    print(_("Total del almacén: %(value)s.") % {"value": format_money(sum((s.value for s in stocks), ZERO))})
    return 0


def cmd_sales_kardex(args) -> int:
    """A product's kardex: inventario permanente valorizado, by day and sale."""
    read = Reader()
    if args.certification not in set(Certification):
        read.problems.append(Problem("certification", N_("Elija la certificación: orgánico, en transición o "
                                                         "convencional.")))
    read.done()
    code = (args.product or "").strip().upper()
    if (args.pdf or args.xlsx) and not args.period:
        read.problems.append(Problem("period", N_("Diga el periodo del formato 13.1 con --period: un mes como "
                                                  "2026-03 o un año como 2026.")))
        read.done()
    with open_book(args) as book:
        stock = book.sales.stock_of(code, args.certification)
        if args.period:
            return _kardex_131(book, args, code)
        lines = book.sales.kardex(code, args.certification)
    if args.json:
        print(_dumps({"product": stock.product_code, "certification": args.certification, "lines": [{
            "date": k.date.isoformat(), "document": k.document or None, "tickets": k.tickets,
            "buyer": k.buyer or None, "kg_in": _places(k.kg_in, KG_PLACES), "value_in": _amount(k.value_in),
            "kg_out": _places(k.kg_out, KG_PLACES), "value_out": _amount(k.value_out),
            "kg": _places(k.kg, KG_PLACES), "value": _amount(k.value), "opening": k.opening} for k in lines]}))
        return 0
    print(_("Kardex de %(product)s, %(certification)s (inventario permanente valorizado, en soles)") % {
        "product": stock.product_name, "certification": label(args.certification).lower()})
    if not lines:
        print(_("Sin entradas ni salidas."))
        return 0
    table = [(_("Fecha"), _("Documento"), _("Detalle"), _("Entrada kg"), _("Entrada S/"), _("Salida kg"),
              _("Salida S/"), _("Saldo kg"), _("Saldo S/"))]
    for k in lines:
        detail = (_("Saldo inicial") if k.opening else
                  ngettext("Acopio: %(n)s ticket", "Acopio: %(n)s tickets", k.tickets) % {"n": format_number(k.tickets)}
                  if k.tickets else _("Venta a %(buyer)s") % {"buyer": k.buyer})
        table.append((format_date(k.date), k.document, detail, _kg(k.kg_in) if k.kg_in else "",
                      format_money(k.value_in) if k.kg_in else "", _kg(k.kg_out) if k.kg_out else "",
                      format_money(k.value_out) if k.kg_out else "", _kg(k.kg), format_money(k.value)))
    print_table(table, right=(3, 4, 5, 6, 7, 8))
    return 0


def _lot(read: Reader, text: str) -> tuple[str, Decimal | None]:
    """``L-2026-001`` or ``L-2026-001:250`` (its kilos in the sale)."""
    code, _colon, kg = text.partition(":")
    return code.strip(), read.decimal(kg, "lot") if kg.strip() else None


def _kardex_131(book, args, code: str) -> int:
    """The formato 13.1 of a period: on screen, and as PDF and XLSX when asked."""
    from coopdesk.core.kardex_report import header_lines, kardex_131, write_kardex_xlsx

    report = kardex_131(book, code, args.certification, args.period)
    header = header_lines(report)
    for label_text, value in header:
        print(f"{label_text}: {value}")
    table = [(_("Fecha"), _("Tipo"), _("Serie"), _("Número"), _("Operación"), _("Entrada kg"), _("Entrada S/"),
              _("Salida kg"), _("Salida S/"), _("Saldo kg"), _("Saldo S/"))]
    table += [(format_date(r.date), r.document_type, r.series, r.number, r.operation,
               _kg(r.kg_in) if r.kg_in is not None else "", format_money(r.value_in) if r.value_in is not None else "",
               _kg(r.kg_out) if r.kg_out is not None else "",
               format_money(r.value_out) if r.value_out is not None else "", _kg(r.kg), format_money(r.value))
              for r in report.rows]
    print_table(table, right=(5, 6, 7, 8, 9, 10))
    if args.pdf:
        from coopdesk.reports.kardex_pdf import render_kardex_131  # ReportLab, only to print

        render_kardex_131(report, header, book.clock.today(), args.pdf)
        print(_("Formato 13.1 en PDF: %(file)s") % {"file": args.pdf})
    if args.xlsx:
        write_kardex_xlsx(report, args.xlsx)
        print(_("Formato 13.1 en hoja de cálculo: %(file)s") % {"file": args.xlsx})
    return 0


def cmd_sales_opening_stock(args) -> int:
    """What the almacén held of a product when the cooperative started coopdesk."""
    read = Reader()
    data = OpeningStockInput(date=read.date(args.date, "date"), product_code=(args.product or "").strip().upper(),
                             certification=args.certification, kg=read.decimal(args.kg, "kg"),
                             value=read.decimal(args.value, "value"))
    read.done()
    with open_book(args) as book:
        opening_id = book.opening_stock.record(data)
        row = next(o for o in book.opening_stock.list() if o.id == opening_id)
    print(_("Se registró el saldo inicial N.º %(id)s del almacén al %(date)s: %(kg)s kg de %(product)s "
            "(%(certification)s) por %(value)s. Asiento %(entry)s. Es la primera línea de su kardex; no se modifica, "
            "se anula con «sales void-opening-stock».") % {
        "id": row.id, "date": format_date(row.date), "kg": _kg(row.kg), "product": row.product_name,
        "certification": label(row.certification).lower(), "value": format_money(row.value),
        "entry": row.entry_number})
    return 0


def cmd_sales_void_opening_stock(args) -> int:
    read = Reader()
    opening_id = _id(read, args.id, "opening")
    read.done()
    with open_book(args) as book:
        book.opening_stock.void(opening_id, args.reason or "")
    print(_("Se anuló el saldo inicial N.º %(id)s: se conserva, marcado como anulado, y su asiento se revirtió con "
            "fecha de hoy.") % {"id": opening_id})
    return 0


def _document(args) -> dict:
    """The comprobante of a sale or an expense for its register (PLE 14.1 / 8.1), when typed."""
    return dict(party=args.party or "", comprobante=args.comprobante or "", series=args.serie or "",
                doc_number=args.numero or "", tax=args.igv or "")


def _document_options(s, purchase: bool) -> None:
    s.add_argument("--party", metavar=_("RUC_O_DNI"), help=(
        _("el RUC o DNI del proveedor, registrado antes («coopdesk parties add»)") if purchase else
        _("el RUC o DNI del comprador, registrado antes («coopdesk parties add»)")))
    s.add_argument("--comprobante", metavar=_("TIPO"),
                   help=_("tipo de comprobante (tabla 10 de SUNAT): 01 factura, 03 boleta, 04 liquidación de "
                          "compra, 12 ticket, 00 otro"))
    s.add_argument("--serie", help=_("serie del comprobante, por ejemplo F001"))
    s.add_argument("--numero", help=_("número del comprobante, por ejemplo 000045"))
    s.add_argument("--igv", metavar=_("TRATAMIENTO"),
                   help=_("gravado, exonerado o inafecto") if purchase else
                   _("gravado, exonerado, inafecto o exportacion"))


def cmd_sales_add(args) -> int:
    read = Reader()
    currency = _currency(args.currency)
    data = SaleInput(
        date=read.date(args.date, "date"), buyer=args.buyer or "", product_code=(args.product or "").strip().upper(),
        certification=args.certification, kg=read.decimal(args.kg, "kg"), price=read.decimal(args.price, "price"),
        currency=currency, exchange_rate=_optional_decimal(read, args.rate, "exchange_rate", None),
        premium=_optional_decimal(read, args.premium, "premium", ZERO),
        differential=_optional_decimal(read, args.differential, "differential", ZERO),
        contract=args.contract or "", invoice=args.invoice or "", debit_account=args.paid_into,
        cooperative_act=args.cooperative_act, **_document(args))
    lots = [_lot(read, text) for text in args.lot or ()]
    read.done()
    with open_book(args) as book:
        sale_id = book.sales.record(data, lots)
        sale = next(s for s in book.sales.list(data.date, data.date) if s.id == sale_id)
    print(_("Se registró la venta N.º %(id)s del %(date)s a %(buyer)s: %(kg)s kg de %(product)s (%(certification)s) "
            "por %(total)s, costo de venta %(cost)s, %(collected)s. Asiento %(entry)s.") % {
        "id": sale.id, "date": format_date(sale.date), "buyer": sale.buyer, "kg": _kg(sale.kg),
        "product": sale.product_name, "certification": label(sale.certification).lower(),
        "total": format_money(sale.total_pen), "cost": format_money(sale.cost),
        "collected": _lower_first(_collected(sale.debit_account)), "entry": sale.entry_number})
    if sale.currency != PEN:
        print(_("%(amount)s × %(rate)s; prima %(premium)s, diferencial %(differential)s.") % {
            "amount": _in(sale.amount, sale.currency), "rate": format_number(sale.exchange_rate, 4),
            "premium": _in(sale.premium, sale.currency), "differential": _in(sale.differential, sale.currency)})
    _say_not_cooperative(sale.cooperative_act)
    return 0


def _say_not_cooperative(cooperative_act: bool) -> None:
    if not cooperative_act:
        print(_("No es un acto cooperativo: entra en la base del impuesto a la renta del ejercicio (Ley 31335), que "
                "el cierre del ejercicio provisiona."))


def cmd_sales_void(args) -> int:
    read = Reader()
    sale_id = _id(read, args.id, "sale")
    read.done()
    with open_book(args) as book:
        book.sales.void(sale_id, args.reason or "")
    print(_("Se anuló la venta N.º %(id)s: se conserva, marcada como anulada, y su asiento se revirtió con fecha "
            "de hoy.") % {"id": sale_id})
    return 0


def cmd_sales_collect(args) -> int:
    read = Reader()
    sale_id = _id(read, args.id, "sale")
    day = read.date(args.date, "date")
    rate = _optional_decimal(read, args.rate, "exchange_rate", None)
    read.done()
    with open_book(args) as book:
        entry_id = book.sales.collect(sale_id, day, args.into, rate)
        [entry] = book.ledger.entries(ids=[entry_id])
    print(_("Se registró el cobro de la venta N.º %(id)s: asiento %(number)s por %(amount)s.")
          % {"id": sale_id, "number": entry.number, "amount": format_money(entry.total)})
    return 0


def cmd_sales_credit_note(args) -> int:
    from coopdesk.domain.credit_notes import CreditNoteInput

    read = Reader()
    sale_id = _id(read, args.id, "sale")
    day = read.date(args.date, "date")
    amount = read.decimal(args.amount, "amount")
    read.done()
    with open_book(args) as book:
        note_id = book.credit_notes.record(CreditNoteInput(sale_id, day, args.serie, args.numero, amount,
                                                           args.reason))
        note = next(n for n in book.credit_notes.list(sale_id=sale_id) if n.id == note_id)
    print(_("Se registró la nota de crédito %(series)s-%(number)s de la venta N.º %(id)s: asiento %(entry)s; base "
            "%(base)s, IGV %(igv)s, total %(total)s.")
          % {"series": note.series, "number": note.number, "id": sale_id, "entry": note.entry_number,
             "base": format_money(note.base_pen), "igv": format_money(note.igv_pen),
             "total": format_money(note.total_pen)})
    return 0


def cmd_sales_uncollect(args) -> int:
    read = Reader()
    sale_id = _id(read, args.id, "sale")
    read.done()
    with open_book(args) as book:
        book.sales.cancel_collection(sale_id, args.reason or "")
    print(_("Se anuló el cobro de la venta N.º %(id)s: su asiento se revirtió con fecha de hoy y la venta queda por "
            "cobrar.") % {"id": sale_id})
    return 0


# -- expenses ---------------------------------------------------------------------------------


def cmd_expenses_list(args) -> int:
    start, end = _range(args)
    with open_book(args) as book:
        expenses = book.expenses.list(start, end)
    if args.json:
        print(_dumps({"expenses": [{
            "id": e.id, "date": e.date.isoformat(), "account": e.account, "account_name": e.account_name,
            "description": e.description, "supplier": e.supplier, "reference": e.reference,
            "amount": _amount(e.amount), "paid_from": e.paid_from, "entry": e.entry_number or None,
            "voided": e.voided, "void_reason": e.void_reason or None,
            "cooperative_act": e.cooperative_act} for e in expenses]}))
        return 0
    if not expenses:
        print(_("No hay gastos registrados."))
        return 0
    table = [(_("N.º"), _("Fecha"), _("Cuenta"), _("Descripción"), _("Proveedor"), _("Comprobante"), _("Monto"),
              _("Pagado con"), _("Asiento"), _("Estado"))]
    table += [(str(e.id), format_date(e.date), f"{e.account} {e.account_name}".strip(), e.description, e.supplier,
               e.reference, format_money(e.amount), _paid_from(e.paid_from), e.entry_number,
               _state(e.voided, e.void_reason, False, paid_on=e.paid_on)) for e in expenses]
    print_table(table, right=(0, 6))
    counted = [e for e in expenses if not e.voided]
    text = ngettext("%(n)s gasto: total %(total)s.", "%(n)s gastos: total %(total)s.", len(counted)) % {
        "n": format_number(len(counted)), "total": format_money(sum((e.amount for e in counted), ZERO))}
    voided = len(expenses) - len(counted)
    if voided:
        text += " " + ngettext("%(n)s anulado, sin contar.", "%(n)s anulados, sin contar.", voided) % {
            "n": format_number(voided)}
    print(text)
    return 0


def cmd_expenses_add(args) -> int:
    read = Reader()
    data = ExpenseInput(date=read.date(args.date, "date"), account=(args.account or "").strip(),
                        description=args.description or "", amount=read.decimal(args.amount, "amount"),
                        paid_from=args.paid_from, supplier=args.supplier or "", reference=args.reference or "",
                        cooperative_act=args.cooperative_act, **_document(args))
    read.done()
    with open_book(args) as book:
        expense_id = book.expenses.record(data)
        expense = next(e for e in book.expenses.list(data.date, data.date) if e.id == expense_id)
    print(_("Se registró el gasto N.º %(id)s del %(date)s: %(description)s, %(amount)s a %(account)s %(name)s, "
            "%(paid)s. Asiento %(entry)s.") % {
        "id": expense.id, "date": format_date(expense.date), "description": expense.description,
        "amount": format_money(expense.amount), "account": expense.account, "name": expense.account_name,
        "paid": _lower_first(_paid_from(expense.paid_from)), "entry": expense.entry_number})
    _say_not_cooperative(expense.cooperative_act)
    return 0


def cmd_expenses_void(args) -> int:
    read = Reader()
    expense_id = _id(read, args.id, "expense")
    read.done()
    with open_book(args) as book:
        book.expenses.void(expense_id, args.reason or "")
    print(_("Se anuló el gasto N.º %(id)s: se conserva, marcado como anulado, y su asiento se revirtió con fecha "
            "de hoy.") % {"id": expense_id})
    return 0


def cmd_expenses_pay(args) -> int:
    read = Reader()
    expense_id = _id(read, args.id, "expense")
    day = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        entry_id = book.expenses.pay(expense_id, day, args.paid_from)
        [entry] = book.ledger.entries(ids=[entry_id])
    print(_("Se registró el pago al proveedor del gasto N.º %(id)s: asiento %(number)s por %(amount)s.")
          % {"id": expense_id, "number": entry.number, "amount": format_money(entry.total)})
    return 0


def cmd_expenses_unpay(args) -> int:
    read = Reader()
    expense_id = _id(read, args.id, "expense")
    read.done()
    with open_book(args) as book:
        book.expenses.cancel_payment(expense_id, args.reason or "")
    print(_("Se anuló el pago del gasto N.º %(id)s: su asiento se revirtió con fecha de hoy y el gasto queda por "
            "pagar al proveedor.") % {"id": expense_id})
    return 0


def cmd_expenses_accounts(args) -> int:
    with open_book(args) as book:
        accounts = book.expenses.accounts()
    if args.json:
        print(_dumps({"accounts": [{"code": code, "name": name} for code, name in accounts]}))
        return 0
    print(_("Cuentas a las que se carga un gasto"))
    print_table([(_("Código"), _("Nombre"))] + [(code, name) for code, name in accounts])
    return 0


# -- the parser -------------------------------------------------------------------------------


def add_parsers(sub) -> None:
    sales = sub.add_parser("sales", help=_("ventas a compradores (cada una con su asiento)")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = sales.add_parser("list", help=_("lista las ventas, con su total y costo en soles y su asiento"))
    s.add_argument("--from", dest="start", metavar=_("FECHA"), help=_("desde esta fecha"))
    s.add_argument("--to", dest="end", metavar=_("FECHA"), help=_("hasta esta fecha"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_sales_list)

    s = sales.add_parser("stock", help=_("lo que hay en el almacén, por producto y certificación, con su costo"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_sales_stock)

    s = sales.add_parser("kardex", help=_("el kardex de un producto: entradas, salidas y saldo en kilos y soles"))
    s.add_argument("product", metavar=_("PRODUCTO"), help=_("código del producto, por ejemplo CACAO-SECO"))
    s.add_argument("--certification", required=True, metavar=_("CERTIFICACIÓN"),
                   help=_("organico, transicion o convencional"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.add_argument("--period", metavar=_("PERIODO"),
                   help=_("el formato 13.1 de SUNAT de un mes (2026-03) o un año (2026)"))
    s.add_argument("--pdf", metavar=_("ARCHIVO"), help=_("escribe el formato 13.1 del periodo en PDF"))
    s.add_argument("--xlsx", metavar=_("ARCHIVO"),
                   help=_("escribe el formato 13.1 del periodo en una hoja de cálculo (.xlsx o .csv)"))
    s.set_defaults(func=cmd_sales_kardex)

    s = sales.add_parser("opening-stock", help=_("registra lo que había en el almacén de un producto al empezar con "
                                                 "coopdesk (saldo inicial del kardex) y su asiento"))
    s.add_argument("product", metavar=_("PRODUCTO"), help=_("código del producto, por ejemplo CACAO-SECO"))
    s.add_argument("--certification", required=True, type=search_fold, choices=[c.value for c in Certification],
                   help=_("certificación de lo que hay en el almacén"))
    s.add_argument("--kg", required=True, help=_("kilos en el almacén"))
    s.add_argument("--value", required=True, help=_("su valor (costo) en soles"))
    s.add_argument("--date", required=True, metavar=_("FECHA"), help=_("fecha del saldo inicial"))
    s.set_defaults(func=cmd_sales_opening_stock)

    s = sales.add_parser("void-opening-stock", help=_("anula un saldo inicial del almacén (se conserva, marcado, y "
                                                      "su asiento se revierte)"))
    s.add_argument("id", metavar=_("N.º"), help=_("número del saldo inicial"))
    s.add_argument("--reason", required=True, help=_("por qué se anula"))
    s.set_defaults(func=cmd_sales_void_opening_stock)

    s = sales.add_parser("add", help=_("registra una venta y su asiento"))
    s.add_argument("--date", required=True, metavar=_("FECHA"), help=_("fecha de la venta"))
    s.add_argument("--buyer", required=True, help=_("comprador"))
    s.add_argument("--product", required=True, help=_("código del producto, por ejemplo CACAO-SECO"))
    s.add_argument("--certification", required=True, type=search_fold, choices=[c.value for c in Certification],
                   help=_("certificación de lo vendido"))
    s.add_argument("--kg", required=True, help=_("kilos vendidos"))
    s.add_argument("--price", required=True, help=_("precio por kg en la moneda de la venta (hasta 4 decimales)"))
    s.add_argument("--currency", default=PEN, type=_currency, choices=list(CURRENCIES),
                   help=_("PEN (soles, por defecto) o USD (dólares)"))
    s.add_argument("--rate", metavar=_("TIPO_DE_CAMBIO"),
                   help=_("tipo de cambio del día en soles por dólar, por ejemplo 3.7450 (solo en USD)"))
    s.add_argument("--premium", help=_("Prima Comercio Justo, en la moneda de la venta"))
    s.add_argument("--differential", help=_("diferencial orgánico, en la moneda de la venta"))
    s.add_argument("--contract", help=_("número de contrato"))
    s.add_argument("--invoice", help=_("factura, por ejemplo F001-000045"))
    s.add_argument("--lot", action="append", metavar=_("LOTE[:KG]"),
                   help=_("lote que forma la venta, con sus kilos si no es todo lo que falta (se repite)"))
    s.add_argument("--paid-into", default=SALE_DEBIT_ACCOUNTS[0], choices=list(SALE_DEBIT_ACCOUNTS),
                   help=_("1212 por cobrar (por defecto), 1041 banco o 101 caja"))
    s.add_argument("--no-cooperativo", dest="cooperative_act", action="store_false",
                   help=_("la venta no es un acto cooperativo (por ejemplo, de producto comprado a terceros): su "
                          "resultado paga impuesto a la renta (Ley 31335). Por defecto, la venta del producto de los "
                          "socios es acto cooperativo"))
    _document_options(s, purchase=False)
    s.set_defaults(func=cmd_sales_add)

    s = sales.add_parser("collect", help=_("registra que el comprador pagó una venta por cobrar (1212); en dólares, "
                                           "al tipo de cambio del día, con su diferencia de cambio"))
    s.add_argument("id", metavar=_("N.º"), help=_("número de la venta, como lo muestra «sales list»"))
    s.add_argument("--date", required=True, help=_("fecha del cobro"))
    s.add_argument("--into", default="1041", metavar=_("CUENTA"),
                   help=_("dónde entró el dinero: banco (1041, por defecto), la subcuenta de una cuenta bancaria "
                          "(10411…, «coopdesk banks list») o caja (101)"))
    s.add_argument("--rate", metavar=_("TIPO_DE_CAMBIO"),
                   help=_("tipo de cambio del día del cobro, para una venta en dólares (por ejemplo 3.7600)"))
    s.set_defaults(func=cmd_sales_collect)

    s = sales.add_parser("cancel-collection", help=_("anula un cobro registrado por error (su asiento se revierte; "
                                                     "la venta queda por cobrar)"))
    s.add_argument("id", metavar=_("N.º"), help=_("número de la venta, como lo muestra «sales list»"))
    s.add_argument("--reason", required=True, help=_("por qué se anula"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_sales_uncollect)

    s = sales.add_parser("credit-note", help=_("registra una nota de crédito (07) contra el comprobante de una venta: "
                                               "su asiento revierte ese importe, con su IGV"))
    s.add_argument("id", metavar=_("N.º"), help=_("número de la venta, como lo muestra «sales list»"))
    s.add_argument("--date", required=True, help=_("fecha de la nota de crédito"))
    s.add_argument("--serie", required=True, metavar=_("SERIE"), help=_("serie de la nota, por ejemplo FC01"))
    s.add_argument("--numero", required=True, metavar=_("NÚMERO"), help=_("número de la nota"))
    s.add_argument("--amount", required=True, metavar=_("IMPORTE"),
                   help=_("importe que se acredita, en la moneda de la venta y con el IGV incluido"))
    s.add_argument("--reason", required=True, help=_("motivo de la nota de crédito"))
    s.set_defaults(func=cmd_sales_credit_note)

    s = sales.add_parser("void", help=_("anula una venta (se conserva, marcada, y su asiento se revierte)"))
    s.add_argument("id", metavar=_("N.º"), help=_("número de la venta, como lo muestra «sales list»"))
    s.add_argument("--reason", required=True, help=_("por qué se anula"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_sales_void)

    expenses = sub.add_parser("expenses", help=_("gastos de la cooperativa (cada uno con su asiento)")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = expenses.add_parser("list", help=_("lista los gastos con su asiento"))
    s.add_argument("--from", dest="start", metavar=_("FECHA"), help=_("desde esta fecha"))
    s.add_argument("--to", dest="end", metavar=_("FECHA"), help=_("hasta esta fecha"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_expenses_list)

    s = expenses.add_parser("add", help=_("registra un gasto y su asiento"))
    s.add_argument("--date", required=True, metavar=_("FECHA"), help=_("fecha del gasto"))
    s.add_argument("--account", required=True, metavar=_("CUENTA"),
                   help=_("cuenta del gasto, por ejemplo 631 (vea «expenses accounts»)"))
    s.add_argument("--description", required=True, help=_("en qué se gastó"))
    s.add_argument("--amount", required=True, help=_("monto en soles"))
    s.add_argument("--paid-from", default=EXPENSE_PAID_FROM[0], choices=list(EXPENSE_PAID_FROM),
                   help=_("101 caja (por defecto), 1041 banco o 4212 por pagar al proveedor"))
    s.add_argument("--supplier", help=_("proveedor"))
    s.add_argument("--reference", help=_("boleta o factura, por ejemplo B001-000332"))
    s.add_argument("--no-cooperativo", dest="cooperative_act", action="store_false",
                   help=_("el gasto es de una operación que no es acto cooperativo: se descuenta de la base del "
                          "impuesto a la renta (Ley 31335)"))
    _document_options(s, purchase=True)
    confirm_negative_option(s)
    s.set_defaults(func=cmd_expenses_add)

    s = expenses.add_parser("pay", help=_("registra el pago al proveedor de un gasto que quedó por pagar (4212)"))
    s.add_argument("id", metavar=_("N.º"), help=_("número del gasto, como lo muestra «expenses list»"))
    s.add_argument("--date", required=True, help=_("fecha del pago"))
    s.add_argument("--from", dest="paid_from", default="1041", metavar=_("CUENTA"),
                   help=_("de dónde salió el dinero: banco (1041, por defecto), la subcuenta de una cuenta bancaria "
                          "en soles (10411…) o caja (101)"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_expenses_pay)

    s = expenses.add_parser("cancel-payment", help=_("anula un pago al proveedor registrado por error (su asiento se "
                                                     "revierte; el gasto queda por pagar)"))
    s.add_argument("id", metavar=_("N.º"), help=_("número del gasto, como lo muestra «expenses list»"))
    s.add_argument("--reason", required=True, help=_("por qué se anula"))
    s.set_defaults(func=cmd_expenses_unpay)

    s = expenses.add_parser("void", help=_("anula un gasto (se conserva, marcado, y su asiento se revierte)"))
    s.add_argument("id", metavar=_("N.º"), help=_("número del gasto, como lo muestra «expenses list»"))
    s.add_argument("--reason", required=True, help=_("por qué se anula"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_expenses_void)

    s = expenses.add_parser("accounts", help=_("las cuentas a las que se puede cargar un gasto"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_expenses_accounts)
