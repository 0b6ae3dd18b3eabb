"""The member's account and participation from the command line, as a treasurer
types them: amounts and dates the Peruvian way, exact figures back, and a
Spanish message with exit status 2 for every mistake."""

import subprocess
from datetime import date

import pytest

from tests.cli.helpers import lines, run
from tests.conftest import TODAY, funded_book


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "coop.sqlite")
    funded_book(path).close()
    return path


def rosas_season(db: str, capsys) -> None:
    assert run(capsys, "account", "add", "--member", "S0001", "--concept", "adelantos", "--charge", "--amount", "500",
               "--date", "01/02/2026", "--description", "Adelanto en efectivo", db=db)[0] == 0
    assert run(capsys, "account", "add", "--member", "s0001", "--concept", "Adelantos", "--credit", "--amount",
               "200.00", "--date", "2026-03-10", "--reference", "Recibo 7", db=db)[0] == 0
    assert run(capsys, "account", "inputs", "--member", "S0001", "--item", "Guano de isla;2;85,00", "--date",
               "05/04/2026", "--reference", "Guía 45", db=db)[0] == 0


def test_add_prints_the_movement_number_and_the_concepts_balance(db, capsys):
    code, out, err = run(capsys, "account", "add", "--member", "S0001", "--concept", "adelantos", "--charge",
                         "--amount", "1,250.50", "--date", "01/02/2026", db=db)
    assert code == 0
    assert lines(out) == [
        "Se registró un cargo de S/ 1,250.50 en Adelantos a Rosa Quispe Mamani (S0001): movimiento N° 1.",
        "Saldo de Adelantos: S/ 1,250.50",
    ]
    code, out, err = run(capsys, "account", "add", "--member", "S0001", "--concept", "adelantos", "--credit",
                         "--amount", "1,300.50", "--date", "02/02/2026", db=db)
    assert code == 0
    assert lines(out) == [
        "Se registró un abono de S/ 1,300.50 en Adelantos a Rosa Quispe Mamani (S0001): movimiento N° 2.",
        "Saldo de Adelantos a su favor: S/ 50.00",
    ]
    # on a loan she does not have, a payment would pass for interest income: refused, nothing recorded
    code, out, err = run(capsys, "account", "add", "--member", "S0001", "--concept", "préstamos", "--credit",
                         "--amount", "50", "--date", "02/02/2026", db=db)
    assert code == 2
    assert err.replace("\xa0", " ") == (
        "Error: El abono de S/ 50.00 es mayor que lo que Rosa Quispe Mamani debe de préstamos (S/ 0.00, con los "
        "intereses ya vencidos): revise el monto. Lo pagado de más no se registra como interés ni como ingreso.\n")


def test_inputs_on_credit_with_their_items(db, capsys):
    code, out, err = run(capsys, "account", "inputs", "--member", "S0001", "--item", "Guano de isla;2;85.00", "--item",
                         "Tijera de podar;1;45.50", "--date", "05/04/2026", "--reference", "Guía 45", db=db)
    assert code == 0
    assert lines(out) == [
        "Se registraron insumos al crédito por S/ 215.50 a Rosa Quispe Mamani (S0001): movimiento N° 1.",
        "Insumo Cantidad Precio Importe",
        "--------------- -------- -------- ---------",
        "Guano de isla 2 S/ 85.00 S/ 170.00",
        "Tijera de podar 1 S/ 45.50 S/ 45.50",
        "Total S/ 215.50",
        "Saldo de Insumos: S/ 215.50",
    ]


def test_the_statement_of_the_treasurers_case_and_its_pdf(db, tmp_path, capsys):
    rosas_season(db, capsys)
    pdf = tmp_path / "rosa.pdf"
    code, out, err = run(capsys, "account", "--member", "S0001", "--from", "01/03/2026", "--to", "30/04/2026",
                         "--pdf", str(pdf), db=db)
    assert code == 0
    assert lines(out) == [
        "Estado de cuenta corriente de Rosa Quispe Mamani (S0001)",
        "Periodo: del 01/03/2026 al 30/04/2026",
        "PROVISIONAL: el periodo 04/2026 no está cerrado",  # the books have not closed April
        "Un cargo es lo que usted recibió o debe; un abono es lo que pagó o se le descontó.",
        "",
        "Fecha Concepto Descripción Referencia Cargo Abono Saldo",
        "---------- --------- ------------------- ---------- ------ ------ ------",
        "01/03/2026 Saldo anterior 500.00",
        "10/03/2026 Adelantos Recibo 7 200.00 300.00",
        "05/04/2026 Insumos 2 × Guano de isla Guía 45 170.00 470.00",
        "Totales del periodo 170.00 200.00 470.00",
        "",
        "Saldo anterior al 01/03/2026 S/ 500.00",
        "Más los cargos del periodo S/ 170.00",
        "Menos los abonos del periodo S/ 200.00",
        "Saldo al 30/04/2026 S/ 470.00",
        "Usted debe S/ 470.00 a la cooperativa.",
        "",
        "Lo que debe por concepto al 30/04/2026",
        "Concepto Lo que debe",
        "----------------------------------------- -----------",
        "Adelantos S/ 300.00",
        "Préstamos (con los intereses ya vencidos) S/ 0.00",
        "Insumos al crédito S/ 170.00",
        "Total S/ 470.00",
        "Capital pagado en aportaciones al 30/04/2026: S/ 0.00. Es su parte en la cooperativa, no una deuda.",
        f"Se guardó el estado de cuenta corriente en {pdf}.",
    ]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = "\n".join(lines(text))
    assert "01/03/2026 Saldo anterior 500.00" in text
    assert "Saldo al 30/04/2026 S/ 470.00" in text


def test_a_statement_ending_in_a_month_not_closed_says_provisional(db, tmp_path, capsys):
    """The same rule as the ledger's statements (``reports.views.provisional``):
    the statement to 30/04/2026 is PROVISIONAL (a banner under the letterhead) until
    the books close April, and then it is not; the figures are the same."""
    rosas_season(db, capsys)

    def statement(name: str) -> list[str]:
        pdf = tmp_path / name
        assert run(capsys, "account", "--member", "S0001", "--from", "01/03/2026", "--to", "30/04/2026",
                   "--pdf", str(pdf), db=db)[0] == 0
        return lines(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout)

    open_lines = statement("open.pdf")
    assert "PROVISIONAL: el periodo 04/2026 no está cerrado" in open_lines
    assert "Las cifras pueden cambiar hasta el cierre del periodo en la contabilidad." in open_lines
    assert [line for line in open_lines if "PROVISIONAL" in line] == [
        "PROVISIONAL: el periodo 04/2026 no está cerrado"]  # one page: the running header is from page 2 on
    assert "Saldo al 30/04/2026 S/ 470.00" in open_lines
    for month in ("2026-01", "2026-02", "2026-03", "2026-04"):  # forward only, as the ledger closes
        assert run(capsys, "ledger", "close", month, db=db)[0] == 0
    closed_lines = statement("closed.pdf")
    assert [line for line in closed_lines if "PROVISIONAL" in line] == []
    assert "Saldo al 30/04/2026 S/ 470.00" in closed_lines
    code, out, err = run(capsys, "account", "--member", "S0001", "--from", "01/03/2026", "--to", "30/04/2026", db=db)
    assert code == 0
    assert "PROVISIONAL" not in out


def test_the_default_period_is_the_campaign_up_to_today(db, capsys):
    rosas_season(db, capsys)
    code, out, err = run(capsys, "account", "--member", "S0001", db=db)
    assert code == 0
    out = lines(out)
    end = min(date(2026, 12, 31), TODAY).strftime("%d/%m/%Y")
    assert out[1] == f"Periodo: del 01/01/2026 al {end}"
    assert "01/02/2026 Adelantos Adelanto en efectivo 500.00 500.00" in out
    assert f"Saldo al {end} S/ 470.00" in out


def test_a_loan_prints_its_schedule(db, capsys):
    code, out, err = run(capsys, "account", "loan", "--member", "S0002", "--amount", "1000", "--rate", "12", "--months",
                         "3", "--date", "31/01/2026", "--description", "Préstamo para poda", db=db)
    assert code == 0
    assert lines(out) == [
        "Se otorgó el préstamo P-1 a Juan Condori Apaza (S0002): S/ 1,000.00 al 12.00 % anual, en 3 cuotas "
        "mensuales.",
        "Cuota Vence Capital Interés A pagar",
        "----- ---------- ----------- -------- -----------",
        "1 28/02/2026 S/ 330.02 S/ 10.00 S/ 340.02",
        "2 31/03/2026 S/ 333.32 S/ 6.70 S/ 340.02",
        "3 30/04/2026 S/ 336.66 S/ 3.37 S/ 340.03",
        "Total S/ 1,000.00 S/ 20.07 S/ 1,020.07",
    ]
    code, out, err = run(capsys, "account", "--member", "S0002", "--from", "01/01/2026", "--to", "31/03/2026", db=db)
    assert code == 0
    out = lines(out)
    assert out[2] == "PROVISIONAL: el periodo 03/2026 no está cerrado"
    assert out[7:12] == [
        "01/01/2026 Saldo anterior 0.00",
        "31/01/2026 Préstamos Préstamo para poda P-1 1,000.00 1,000.00",
        "28/02/2026 Préstamos Interés, cuota 1 de 3 P-1/1 10.00 1,010.00",
        "31/03/2026 Préstamos Interés, cuota 2 de 3 P-1/2 6.70 1,016.70",
        "Totales del periodo 1,016.70 0.00 1,016.70",
    ]


def test_movements_and_a_reversal(db, capsys):
    rosas_season(db, capsys)
    code, out, err = run(capsys, "account", "reverse", "2", "--reason", "Recibo anulado", db=db)
    assert code == 0
    assert out.strip() == (
        "Se revirtió el movimiento N° 2 con un movimiento opuesto (referencia R-2). El original se conserva.")
    code, out, err = run(capsys, "account", "movements", "--member", "S0001", db=db)
    assert code == 0
    out = lines(out)
    today = TODAY.strftime("%d/%m/%Y")
    assert out[0] == "Movimientos de Rosa Quispe Mamani (S0001)"
    assert out[3:] == [
        "1 01/02/2026 Adelantos S/ 500.00 Adelanto en efectivo",
        "2 10/03/2026 Adelantos S/ 200.00 Recibo 7 revertido",
        "3 05/04/2026 Insumos S/ 170.00 2 × Guano de isla Guía 45",
        f"4 {today} Adelantos S/ 200.00 Recibo anulado R-2 revierte el N° 2",
    ]


def test_participation_event_attendance_and_list(db, capsys):
    code, out, err = run(capsys, "participation", "event", "--date", "15/03/2026", "--kind", "Asamblea", "--points",
                         "2", "--description", "Asamblea ordinaria", db=db)
    assert code == 0
    assert out.strip() == (
        "Se registró la asamblea N° 1 del 15/03/2026 (2 puntos por asistencia). Anote quiénes asistieron con: "
        "coopdesk participation attend 1 CÓDIGO ...")
    code, out, err = run(capsys, "participation", "event", "--date", "2026-04-20", "--kind", "faena", "--points", "1.5",
                         db=db)
    assert code == 0
    assert "la faena N° 2 del 20/04/2026 (1.5 puntos" in out
    code, out, err = run(capsys, "participation", "attend", "1", "S0001", "s0002", "S0001", db=db)
    assert code == 0
    assert out.strip() == "2 socios asistieron a la asamblea N° 1 del 15/03/2026."
    code, out, err = run(capsys, "participation", "attend", "2", "S0003", db=db)
    assert code == 0
    assert out.strip() == "1 socio asistió a la faena N° 2 del 20/04/2026."
    code, out, err = run(capsys, "participation", "list", db=db)
    assert code == 0
    assert lines(out)[2:] == [
        "1 15/03/2026 asamblea Asamblea ordinaria 2.00 2",
        "2 20/04/2026 faena 1.50 1",
    ]


@pytest.mark.parametrize("argv, message", [
    (["account", "--member", "S0009"], "Error: No existe el socio S0009."),
    (["account"], "Error: Escriba el código del socio con --member."),
    (["account", "--member", "S0001", "--from", "01/05/2026", "--to", "01/04/2026"],
     "Error: La fecha inicial es posterior a la final."),
    (["account", "--member", "S0001", "--to", "31/02/2026"],
     "Error: La fecha «31/02/2026» no es válida; escríbala como 31/12/2026."),
    (["account", "add", "--member", "S0009", "--concept", "adelantos", "--charge", "--amount", "5",
      "--date", "01/02/2026"], "Error: No existe el socio con código S0009."),
    (["account", "add", "--member", "S0001", "--concept", "adelantos", "--charge", "--amount", "0"],
     "Error: Revise el monto: debe ser mayor que cero y en céntimos."),
    (["account", "add", "--member", "S0001", "--concept", "adelantos", "--charge", "--amount", "10.005"],
     "Error: Revise el monto: debe ser mayor que cero y en céntimos."),
    (["account", "add", "--member", "S0001", "--concept", "adelantos", "--credit", "--amount", "5",
      "--date", "01/12/2099"], "Error: La fecha no puede ser futura."),
    (["account", "inputs", "--member", "S0001", "--item", "Guano de isla;2"],
     "Error: Insumo 1: escríbalo como «descripción;cantidad;precio», por ejemplo «Guano de isla;2;85.00» "
     "(usted escribió «Guano de isla;2»)."),
    (["account", "inputs", "--member", "S0001", "--item", "Urea;dos;90"],
     "Error: Insumo 1: revise la cantidad «dos».\n"
     "Error: «dos» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5."),
    (["account", "loan", "--member", "S0001", "--amount", "1000", "--rate", "150", "--months", "3"],
     "Error: La tasa de interés anual debe estar entre 0 y 100 %."),
    (["account", "reverse", "99", "--reason", "error"], "Error: No existe el movimiento 99."),
    (["participation", "attend", "7", "S0001"], "Error: No existe la asamblea o faena 7."),
    (["participation", "event", "--date", "01/12/2099", "--kind", "faena", "--points", "1"],
     "Error: La fecha no puede ser futura."),
])
def test_mistakes_are_spanish_messages_with_exit_status_2(db, capsys, argv, message):
    code, out, err = run(capsys, *argv, db=db)
    assert code == 2
    assert err.strip() == message and out == ""


def test_argparse_mistakes_are_spanish_too(db, capsys):
    code, out, err = run(capsys, "account", "add", "--member", "S0001", "--concept", "cafe", "--charge", "--amount",
                         "5", db=db)
    assert code == 2
    assert "argumento --concept: opción no válida: 'cafe'" in err
    code, out, err = run(capsys, "account", "add", "--member", "S0001", "--concept", "adelantos", "--amount", "5",
                         db=db)
    assert code == 2
    assert "se necesita uno de los argumentos --charge --credit" in err
    code, out, err = run(capsys, "participation", "attend", "1", db=db)
    assert code == 2
    assert "faltan estos argumentos obligatorios" in err


def test_help_documents_the_default_period(capsys):
    code, out, err = run(capsys, "account", "--help")
    assert code == 0
    out = " ".join(out.split())
    assert "Periodo por defecto: desde el inicio de la campaña actual hasta hoy" in out


def test_pdf_into_a_folder_takes_a_file_name_of_its_own(db, tmp_path, capsys):
    rosas_season(db, capsys)
    code, out, err = run(capsys, "account", "--member", "s0001", "--from", "01/03/2026", "--to", "30/04/2026",
                         "--pdf", str(tmp_path), db=db)
    assert code == 0
    target = tmp_path / "cuenta-corriente-S0001-2026-04-30.pdf"
    assert target.read_bytes().startswith(b"%PDF")
    assert out.splitlines()[-1] == f"Se guardó el estado de cuenta corriente en {target}."
