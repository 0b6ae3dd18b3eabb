"""Where the data lives: --db, COOPDESK_DB, or one file in the user-data folder."""

from pathlib import Path

from coopdesk.core.locations import database_exists, demo_db_path, display_name, resolve_db
from coopdesk.db.engine import default_db_path


def test_a_path_means_a_sqlite_file(tmp_path):
    assert resolve_db(str(tmp_path / "coop.sqlite")) == f"sqlite:///{tmp_path / 'coop.sqlite'}"


def test_a_url_is_taken_as_it_is_and_shown_without_its_password():
    url = "postgresql://tesorera:secreto@oficina/coopdesk"
    assert resolve_db(url) == url
    assert display_name(url) == "postgresql://tesorera:***@oficina/coopdesk"


def test_the_environment_variable_names_the_database_when_no_option_does(tmp_path, monkeypatch):
    monkeypatch.setenv("COOPDESK_DB", str(tmp_path / "oficina.sqlite"))
    assert resolve_db(None) == f"sqlite:///{tmp_path / 'oficina.sqlite'}"
    assert resolve_db(str(tmp_path / "otra.sqlite")) == f"sqlite:///{tmp_path / 'otra.sqlite'}"


def test_by_default_one_file_in_the_users_data_folder_and_the_demo_beside_it(monkeypatch, tmp_path):
    monkeypatch.delenv("COOPDESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "coopdesk" / "coopdesk.sqlite"
    assert resolve_db(None) == f"sqlite:///{tmp_path / 'data' / 'coopdesk' / 'coopdesk.sqlite'}"
    assert Path(demo_db_path()) == tmp_path / "data" / "coopdesk" / "coopdesk-demo.sqlite"
    assert not database_exists(resolve_db(None))
