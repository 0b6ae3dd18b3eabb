"""Importing the treasurer's spreadsheets: every problem with its row and
column, nothing written when there is one, exact figures when there is none,
and nothing added twice."""

from datetime import date, timedelta
from decimal import Decimal as D

import openpyxl
import pytest
from sqlalchemy import func, select

from coopdesk.core.imports import COLUMNS
from coopdesk.db.models import AccountMovement, Attendance, Delivery, Member, ParticipationEvent
from coopdesk.domain.tabular import header_key
from coopdesk.i18n import describe
from tests.conftest import cash_in_hand, make_book, rosa

from tests.conftest import TODAY
FUTURE = TODAY + timedelta(days=3)


@pytest.fixture
def book(db_url):
    """Rosa (S0001), Juan (S0002) and Carmen (S0003); the 2026 campaign and one
    after it that reaches past today, so a future date is only that."""
    book = make_book(db_url)
    book.campaigns.add("2027", "Campaña 2027 y siguientes", date(2027, 1, 1), date(max(TODAY.year, 2026) + 2, 12, 31))
    yield book
    book.close()


def lines(report):
    return [(p.row, p.column, describe(p.problem)) for p in report.problems]


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def totals(book):
    with book.read() as session:
        count, net, amount = session.execute(
            select(func.count(Delivery.id), func.sum(Delivery.__table__.c.net_g),
                   func.sum(Delivery.__table__.c.amount_cents))).one()
    return count, net or D(0), amount or D(0)  # the sums come back in kg and soles (the columns' types)


MESSY = f"""Entregas de marzo - Centro de acopio Las Piedras;;;;;;;;;;
;;;;;;;;;;
N° Ticket;Fecha;Código socio;Nombre;Producto;Sacos;Peso bruto (kg);Tara;Humedad %;Calidad;Precio S/
001-000001;04/03/2026;S0001;Rosa Quispe Mamani;CACAO-SECO;2;120,5;0,4;7,2;A;18,50
001-000002;05/03/2026;S0002;Juan Condori Apaza;Cacao grano seco;1;64,3;0,2;7,5;B;18,40

ZONA TAMBOPATA;;;;;;;;;;
001-000003;06/03/2026;S0003;Carmen Huamán Flores;CACAO-SECO;1;1_234;0,2;7,0;A;18,50
001-000002;07/03/2026;S0001;Rosa Quispe Mamani;CACAO-SECO;1;50,0;0,2;7,0;A;18,50
001-000004;07/03/2026;S0999;Ñahui Pérez;CACAO-SECO;1;50,0;0,2;7,0;A;18,50
001-000005;08/03/2026;S0001;Rosa Quispe Mamani;CACAO-SECO;2;45,0;45,0;7,0;A;18,50
001-000006;{FUTURE:%d/%m/%Y};S0002;Juan Condori Apaza;CACAO-SECO;1;30,0;0,2;7,0;A;18,50
001-000007;31/02/2026;S0003;Carmen Huamán Flores;CACAO-SECO;1;30,0;0,2;7,0;A;18,50
TOTAL;;;;;;4.520,3;;;;
"""


def test_a_messy_spreadsheet_gets_every_problem_with_row_and_column_and_nothing_is_written(book, tmp_path):
    path = write(tmp_path / "entregas.csv", MESSY, "cp1252")  # as Excel saves "CSV" on a Spanish Windows
    report = book.imports.deliveries(path)
    assert lines(report) == [
        (7, "N° Ticket", "La fila solo tiene «ZONA TAMBOPATA»: parece un título o una celda combinada. Bórrela o "
                         "complete la fila."),
        (8, "Peso bruto (kg)", "«1_234» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5."),
        (9, "N° Ticket", "El ticket 001-000002 está repetido: también está en la fila 5."),
        (10, "Código socio", "No existe el socio con código S0999."),
        (11, "Tara", "La tara debe ser menor que el peso bruto."),
        (12, "Fecha", f"La fecha {FUTURE:%d/%m/%Y} todavía no llega: una entrega no puede ser futura."),
        (13, "Fecha", "La fecha «31/02/2026» no es válida; escríbala como 31/12/2026."),
        (14, "", "La fila parece de totales («TOTAL»): bórrela; coopdesk calcula los totales."),
    ]
    assert (report.rows, report.written, report.ignored_columns) == (10, False, ("Nombre",))
    assert totals(book) == (0, D(0), D(0))  # all or nothing: not even the two good rows


def test_a_dry_run_reports_the_same_and_writes_nothing(book, tmp_path):
    path = write(tmp_path / "entregas.csv", MESSY, "cp1252")
    assert lines(book.imports.deliveries(path, dry_run=True)) == lines(book.imports.deliveries(path))
    assert totals(book)[0] == 0


CLEAN = """Ticket;Fecha;Código socio;Producto;Sacos;Kg bruto;Tara;Humedad;Calidad;Precio
001-000001;04/03/2026;S0001;CACAO-SECO;2;120,5;0,4;7,2;A;18,50
001-000002;05/03/2026;s0002;Cacao grano seco;1;64,3;0,2;7,5;B;18,40
002-000001;06/03/2026;S0003;CAFE-PERG;8;460,0;1,0;11,5;A;850,00
002-000002;06/03/2026;S0001;CACAO-BABA;17;1.050,0;3,4;55,0;A;6,40
"""
# 120.1 kg × 18.50 = 2,221.85; 64.1 × 18.40 = 1,179.44; coffee by the quintal: 459 kg × 850.00 ÷ 46 = 8,481.52;
# 1,046.6 × 6.40 = 6,698.24.  Net 1,689.8 kg; S/ 18,581.05.
CLEAN_TOTALS = (4, D("1689.800"), D("18581.05"))


def test_a_clean_file_imports_exactly_and_again_adds_nothing(book, tmp_path):
    cash_in_hand(book)
    path = write(tmp_path / "entregas.csv", CLEAN)
    dry = book.imports.deliveries(path, dry_run=True)
    assert (dry.problems, dry.to_add, dry.kg, dry.amount, dry.written) == ((), 4, D("1689.8"), D("18581.05"), False)
    assert totals(book)[0] == 0

    report = book.imports.deliveries(path)
    assert (report.problems, report.rows, report.to_add, report.already, report.written) == ((), 4, 4, (), True)
    assert totals(book) == CLEAN_TOTALS
    coffee = book.deliveries.page("002-000001")[0]
    assert (coffee.member_code, coffee.price_unit, coffee.certification, coffee.amount, coffee.campaign_code) == (
        "S0003", "qq", "transicion", D("8481.52"), "2026")
    assert book.deliveries.page("001-000002")[0].product_code == "CACAO-SECO"  # found by its name

    again = book.imports.deliveries(path)
    assert (again.problems, again.to_add, again.already, again.written) == ((), 0, (2, 3, 4, 5), False)
    assert totals(book) == CLEAN_TOTALS


def xlsx_of_clean(path):
    """The clean file as a spreadsheet: real numbers (floats, as Excel stores
    them), real dates, a merged title over the columns and a blank row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Entregas de marzo"])
    sheet.merge_cells("A1:J1")
    sheet.append([])
    sheet.append(["Ticket", "Fecha", "Código socio", "Producto", "Sacos", "Kg bruto", "Tara", "Humedad", "Calidad",
                  "Precio"])
    sheet.append(["001-000001", date(2026, 3, 4), "S0001", "CACAO-SECO", 2, 120.5, 0.4, 7.2, "A", 18.5])
    sheet.append(["001-000002", date(2026, 3, 5), "s0002", "Cacao grano seco", 1, 64.3, 0.2, 7.5, "B", 18.4])
    sheet.append([None] * 10)
    sheet.append(["002-000001", date(2026, 3, 6), "S0003", "CAFE-PERG", 8, 460, 1, 11.5, "A", 850])
    sheet.append(["002-000002", date(2026, 3, 6), "S0001", "CACAO-BABA", 17, 1050, 3.4, 55, "A", 6.4])
    book.save(path)
    return path


def test_an_xlsx_with_the_same_content_imports_identically(book, tmp_path, db_url):
    cash_in_hand(book)
    report = book.imports.deliveries(xlsx_of_clean(tmp_path / "entregas.xlsx"))
    assert (report.problems, report.to_add, report.kg, report.amount) == ((), 4, D("1689.8"), D("18581.05"))
    assert totals(book) == CLEAN_TOTALS
    from_xlsx = [(d.ticket, d.date, d.member_code, d.product_code, d.sacks, d.gross_kg, d.tare_kg, d.humidity_pct,
                  d.grade, d.price, d.amount) for d in book.deliveries.page()]
    # the same file as CSV, into another book: the same deliveries
    other = make_book(f"sqlite:///{tmp_path / 'other.sqlite'}")
    cash_in_hand(other)
    try:
        assert other.imports.deliveries(write(tmp_path / "entregas.csv", CLEAN)).written
        assert [(d.ticket, d.date, d.member_code, d.product_code, d.sacks, d.gross_kg, d.tare_kg, d.humidity_pct,
                 d.grade, d.price, d.amount) for d in other.deliveries.page()] == from_xlsx
    finally:
        other.close()
    assert book.imports.deliveries(write(tmp_path / "entregas.csv", CLEAN)).already == (2, 3, 4, 5)


def test_a_ticket_already_recorded_with_other_figures_is_a_problem_not_an_overlap(book, tmp_path):
    cash_in_hand(book)
    assert book.imports.deliveries(write(tmp_path / "a.csv", CLEAN)).written
    changed = CLEAN.replace("S0003;CAFE-PERG;8;460,0", "S0002;CAFE-PERG;8;460,0")
    report = book.imports.deliveries(write(tmp_path / "b.csv", changed))
    assert lines(report) == [(4, "Ticket", "El ticket 002-000001 ya está registrado con otros datos (socio S0003, "
                                           "06/03/2026, 460.000 kg brutos): corrija el ticket o la fila.")]


def test_delivery_rules_the_screens_use_apply_to_every_row(book, tmp_path):
    book.members.update(book.members.get("S0003").id, rosa(code="S0003", dni="43456789", first_names="Carmen",
                                                          last_names="Huamán Flores", certification="transicion",
                                                          status="suspendido"))
    text = """Ticket,Fecha,Código socio,DNI,Producto,Kg bruto,Tara,Kg neto,Humedad,Calidad,Precio,Unidad,Importe
001-1,04/03/2026,S0003,,CACAO-SECO,10,1,9,7,A,18.50,,166.50
001-2,04/03/2026,S0001,42345678,CACAO-SECO,10,1,8,7,A,18.50,,
001-3,04/03/2026,,41234567,PIMIENTA,10,1,,101,,18.505,arroba,
001-4,2025-12-31,S0001,,CACAO-SECO,10.0001,1,,7,A,18.50,kg,185.00
A/B,04/03/2026,S0002,,CACAO-SECO,10,1,,7,A,18.50,,
,04/03/2026,S0002,,CACAO-SECO,10,1,,7,A,18.50,,
001-5,04/03/2026,S0002,,CACAO-SECO,10,1,,7,A,18.50,,
"""
    report = book.imports.deliveries(write(tmp_path / "e.csv", text))
    assert lines(report) == [
        (2, "Código socio", "El socio S0003 no está activo; no puede recibir entregas."),
        (3, "DNI", "El DNI 42345678 es de Condori Apaza, Juan (S0002), no del socio S0001."),
        (3, "Kg neto", "El peso neto 8 kg no es igual al bruto menos la tara (9 kg)."),
        (4, "Producto", "No existe el producto PIMIENTA. Los productos son: CACAO-SECO, CACAO-BABA, CAFE-PERG, "
                        "COPOAZU-PULPA, COPOAZU-GRANO, CAFE-CEREZA, COPOAZU-FRUTO."),
        (4, "Humedad", "La humedad debe estar entre 0 y 100 %; se escribió 101."),
        (4, "Calidad", "Escriba la calidad (grado) de la entrega."),
        (4, "Precio", "El precio se escribe en soles con dos decimales como máximo."),
        (4, "Unidad", "La unidad de precio debe ser kg o qq."),
        (5, "Fecha", "La fecha 31/12/2025 está fuera de la campaña (del 01/01/2027 al "
                     f"{date(max(TODAY.year, 2026) + 2, 12, 31):%d/%m/%Y})."),
        (5, "Kg bruto", "Los pesos se registran con tres decimales como máximo (gramos)."),
        (6, "Ticket", "El ticket A/B no tiene la forma serie-número, por ejemplo 001-000123."),
        (7, "Ticket", "Escriba el ticket como serie-número, por ejemplo 001-000123."),
    ]
    assert (report.rows, report.to_add) == (7, 1)  # the last row alone is right


def test_members_import_with_names_zones_and_vocabulary_as_typed(book, tmp_path):
    text = """Padrón de socios 2026,,,,,,,
Código,DNI,Apellidos y nombres,Sexo,Zona,Certificación,Fecha de ingreso,Teléfono
S0004,80123456,"Ccahua Rengifo, Gladys",Mujer,tambopata,Orgánica,15/03/2026,987 654 321
S0005,01234567,"Sangama Tuanama, Wilber",m,LP,T1,2026-06-02,
"""
    report = book.imports.members(write(tmp_path / "socios.csv", text))
    assert (report.problems, report.to_add, report.written) == ((), 2, True)
    gladys, wilber = book.members.get("S0004"), book.members.get("S0005")
    assert (gladys.first_names, gladys.last_names, gladys.gender, gladys.zone_code, gladys.certification,
            gladys.status, gladys.join_date, gladys.phone) == (
        "Gladys", "Ccahua Rengifo", "F", "TB", "organico", "activo", date(2026, 3, 15), "987 654 321")
    assert (wilber.dni, wilber.certification, wilber.zone_code) == ("01234567", "transicion", "LP")
    assert book.members.page("ccahua")[0].code == "S0004"  # searchable as if added on the screen
    again = book.imports.members(write(tmp_path / "socios.csv", text))
    assert (again.problems, again.to_add, again.already) == ((), 0, (3, 4))


def test_members_problems_inside_the_file_and_against_the_book(book, tmp_path):
    text = """Código;DNI;Nombres;Apellidos;Sexo;Zona;Certificación;Fecha de ingreso;Estado
S0001;49999999;Rosa;Otra;F;LP;organico;01/01/2020;activo
S0009;41234567;Rosa;Quispe Mamani;F;LP;organico;01/01/2020;activo
S0010;1234567;Luz;Pari;F;LP;organico;01/01/2020;activo
S0011;45555555;Luz;Pari;X;Madre de Dios;orgánica certificada;01/01/2020;jubilado
S0012;46666666;Ana;Ramos;F;TB;convencional;01/01/2020;
S0012;46666666;Ana;Ramos;F;TB;convencional;01/01/2020;
"""
    report = book.imports.members(write(tmp_path / "socios.csv", text))
    assert lines(report) == [
        (2, "Código", "El código S0001 ya es de Quispe Mamani, Rosa."),
        (3, "DNI", "El DNI 41234567 ya está registrado para Quispe Mamani, Rosa con el código S0001, no S0009."),
        (4, "DNI", "El DNI 1234567 tiene 7 dígitos: si empezaba con cero, la hoja de cálculo lo quitó; escríbalo "
                   "como texto, por ejemplo 01234567."),
        (5, "Sexo", "«X» no es un sexo: escriba F (mujer) o M (hombre)."),
        (5, "Zona", "No existe la zona Madre de Dios (las zonas son: LP, TB). Agréguela en Preferencias › Zonas "
                    "y comités… (o con «coopdesk zones add Madre de Dios NOMBRE») y vuelva a importar, o corrija la "
                    "hoja."),
        (5, "Certificación", "«orgánica certificada» no es una certificación: escriba orgánico, transición o "
                             "convencional."),
        (5, "Estado", "«jubilado» no es un estado: escriba activo, suspendido o retirado."),
        (7, "Código", "El código S0012 está repetido: también está en la fila 6."),
        (7, "DNI", "El DNI 46666666 está repetido: también está en la fila 6."),
    ]
    assert book.members.count() == 3


def test_account_movements_import_and_again_add_nothing(book, tmp_path):
    cash_in_hand(book)
    day = TODAY - timedelta(days=30)
    text = f"""Código socio,Fecha,Concepto,Tipo,Monto,Descripción,Referencia
S0001,{day:%d/%m/%Y},adelantos,cargo,500.00,Adelanto en efectivo,REC-1
S0001,{day:%d/%m/%Y},Adelanto,Abono,200,Devolución,REC-2
S0002,{day:%d/%m/%Y},insumos,cargo,"1,215.50",Guano de isla,GUIA-3
S0003,{day:%d/%m/%Y},Aportación,haber,100.00,,CERT-4
"""
    path = write(tmp_path / "movimientos.csv", text)
    report = book.imports.movements(path)
    assert (report.problems, report.to_add, report.amount, report.written) == ((), 4, D("2015.50"), True)
    assert book.accounts.balances("S0001").owed[0] == ("adelantos", D("300.00"))
    assert book.accounts.balances("S0002").of("insumos") == D("1215.50")
    assert book.accounts.balances("S0003").capital_paid == D("100.00")
    again = book.imports.movements(path)
    assert (again.problems, again.to_add, again.already) == ((), 0, (2, 3, 4, 5))


def test_movement_problems(book, tmp_path):
    day = TODAY - timedelta(days=30)
    text = f"""Código socio;Fecha;Concepto;Tipo;Monto;Referencia
S0001;{day:%d/%m/%Y};adelantos;cargo;500,00;REC-1
S0001;{day:%d/%m/%Y};adelantos;cargo;500,00;REC-1
S0002;{FUTURE:%d/%m/%Y};bono;prestado;-5;
S0404;{day:%d/%m/%Y};insumos;cargo;0,005;
"""
    report = book.imports.movements(write(tmp_path / "movimientos.csv", text))
    assert lines(report) == [
        (3, "", "La fila repite la fila 2 (mismo socio, fecha, concepto, tipo, monto y referencia); si son dos "
                "movimientos distintos, deles referencias distintas."),
        (4, "Fecha", "La fecha no puede ser futura."),
        (4, "Concepto", "«bono» no es un concepto: escriba adelantos, préstamos, insumos o aportaciones."),
        (4, "Tipo", "«prestado» no es un tipo de movimiento: escriba cargo (el socio debe más) o abono (paga o se "
                    "le descuenta)."),
        (4, "Monto", "Revise el monto: debe ser mayor que cero y en céntimos."),
        (5, "Código socio", "No existe el socio con código S0404."),
        (5, "Monto", "Revise el monto: debe ser mayor que cero y en céntimos."),
    ]
    with book.read() as session:
        assert session.scalar(select(func.count(AccountMovement.id))) == 0


def test_attendance_creates_the_events_once_and_counts_points(book, tmp_path):
    day = TODAY - timedelta(days=10)
    text = f"""Fecha,Tipo,Descripción,Puntos,Código socio,Asistió
{day:%d/%m/%Y},Asamblea general ordinaria,Asamblea de balance,2,S0001,sí
{day:%d/%m/%Y},asamblea,Asamblea de balance,2,S0002,x
{day:%d/%m/%Y},asamblea,Asamblea de balance,2,S0003,no
{day:%d/%m/%Y},faena,Limpieza del centro de acopio,1.5,S0003,X
{day:%d/%m/%Y},faena,Limpieza del centro de acopio,1.5,S0001,
"""
    path = write(tmp_path / "asistencia.csv", text)
    report = book.imports.attendance(path)
    assert (report.problems, report.rows, report.to_add, report.events, report.written) == ((), 5, 3, 2, True)
    with book.read() as session:
        ids = dict(session.execute(select(Member.code, Member.id)).all())
        assert session.scalar(select(func.count(ParticipationEvent.id))) == 2
        assert session.scalar(select(func.count(Attendance.id))) == 3
    assert book.participation.points(day, day) == {ids["S0001"]: D("2.00"), ids["S0002"]: D("2.00"),
                                                   ids["S0003"]: D("1.50")}
    again = book.imports.attendance(path)
    assert (again.problems, again.to_add, again.events, again.already) == ((), 0, 0, (2, 3, 5))
    other_points = write(tmp_path / "otra.csv", f"""Fecha;Tipo;Descripción;Puntos;Código socio
{day:%d/%m/%Y};asamblea;asamblea de BALANCE;3;S0003
""")
    assert lines(book.imports.attendance(other_points)) == [
        (2, "Puntos", f"La asamblea del {day:%d/%m/%Y} ya está registrada con 2.00 puntos, no 3.")]


def test_attendance_problems(book, tmp_path):
    day = TODAY - timedelta(days=10)
    text = f"""Fecha;Tipo;Descripción;Puntos;Código socio
{day:%d/%m/%Y};asamblea;Balance;2;S0001
{day:%d/%m/%Y};asamblea;Balance;3;S0002
{day:%d/%m/%Y};asamblea;Balance;;S0001
{day:%d/%m/%Y};minga;Balance;1;S0002
{day:%d/%m/%Y};faena;Poda;;S0002
"""
    report = book.imports.attendance(write(tmp_path / "asistencia.csv", text))
    assert lines(report) == [
        (3, "Puntos", "Los puntos no son los de la fila 2, de la misma asamblea."),
        (4, "Código socio", "El socio S0001 ya figura en la fila 2 para la misma asamblea."),
        (5, "Tipo", "Elija el tipo: asamblea o faena."),
        (6, "Puntos", f"Escriba los puntos de la faena del {day:%d/%m/%Y}: es nueva."),
    ]


def test_files_that_cannot_be_read_are_said_so(book, tmp_path):
    from coopdesk.core import BookError

    for name, content, message in (
        ("nada.csv", None, "No existe el archivo {path}."),
        ("viejo.xls", b"\xd0\xcf\x11\xe0", "coopdesk lee archivos .csv y .xlsx: abra {path} en su hoja de cálculo y "
                                          "guárdelo como .xlsx o .csv."),
        ("roto.xlsx", b"PK\x03\x04 no es un zip", "El archivo {path} no es una hoja de cálculo .xlsx que se pueda "
                                                  "leer."),
    ):
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(BookError) as raised:
            book.imports.members(path)
        assert describe(raised.value.problem) == message.format(path=path)
    report = book.imports.members(write(tmp_path / "vacio.csv", "Observaciones;Fecha de pago\n"))
    assert lines(report) == [(0, "", "No se encontró la fila de títulos de las columnas; la primera fila con datos "
                                     "debe tener títulos como Código, DNI, Sexo, Zona, Certificación, Fecha de "
                                     "ingreso.")]


def test_every_title_and_alias_names_one_column_only():
    for columns in COLUMNS.values():
        seen = {}
        for column in columns:
            for title in (column.header, *column.aliases):
                assert seen.setdefault(header_key(title), column.key) == column.key, title
