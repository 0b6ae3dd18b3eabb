"""Which backups are kept: 7 daily, 4 weekly, 12 monthly, decided from their dates alone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from coopdesk.domain import backup_names
from coopdesk.domain.backup_names import BackupName
from coopdesk.domain.backup_rotation import to_keep


def at_six(*days: str) -> set[datetime]:
    return {datetime.fromisoformat(f"{day}T18:00:00") for day in days}


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_and_12_months():
    """One backup every evening from 1 January to Monday 7 December 2026."""
    every_day = [datetime(2026, 1, 1, 18) + timedelta(days=i) for i in range(341)]
    assert every_day[-1] == datetime(2026, 12, 7, 18)
    assert to_keep(every_day) == at_six(
        # the last 7 days
        "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07",
        # the last of each of the last 4 ISO weeks: week 50 (7 Dec), 49 (Sunday 6 Dec), 48 and 47
        "2026-11-29", "2026-11-22",
        # the last of each of the last 12 months (December's is the 7th)
        "2026-11-30", "2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31",
        "2026-04-30", "2026-03-31", "2026-02-28", "2026-01-31",
    )


def test_several_backups_a_day_keep_the_days_last_one():
    made = [datetime(2026, 12, 7, 8, 0), datetime(2026, 12, 7, 12, 30), datetime(2026, 12, 7, 18, 45),
            datetime(2026, 12, 6, 9, 0), datetime(2026, 12, 6, 17, 0)]
    assert to_keep(made) == {datetime(2026, 12, 7, 18, 45), datetime(2026, 12, 6, 17, 0)}


def test_a_laptop_left_shut_for_weeks_deletes_none_of_its_last_copies():
    """Days without a backup use up no slot: the last 7 days *that have one* are kept."""
    made = at_six("2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06",
                  "2026-10-07", "2026-10-08", "2026-12-07")
    assert to_keep(made) == at_six("2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07",
                                   "2026-10-08", "2026-12-07")  # 4 October is also week 40's last


def test_the_weeks_are_iso_weeks_monday_to_sunday():
    """Backups on Sundays and Mondays: Sunday 1 November 2026 ends week 44, Monday 2 November starts
    week 45, whose last backup is Sunday 8 November."""
    made = at_six("2026-11-01", "2026-11-02", "2026-11-08", "2026-11-09", "2026-11-15", "2026-11-16",
                  "2026-11-22", "2026-11-23", "2026-11-29")
    kept = to_keep(made, daily=2, weekly=4, monthly=0)
    assert kept == at_six("2026-11-23", "2026-11-29",  # daily
                          "2026-11-08", "2026-11-15", "2026-11-22")  # weeks 45, 46, 47 (48 is the 29th)


def test_nothing_to_keep_and_the_newest_always_kept():
    assert to_keep([]) == set()
    assert to_keep([datetime(2026, 12, 7, 18)], daily=0, weekly=0, monthly=0) == {datetime(2026, 12, 7, 18)}


def test_backup_names_say_the_book_the_moment_and_what_they_hold():
    name = BackupName("coopdesk", datetime(2026, 12, 7, 18, 30, 5), "sqlite", encrypted=False)
    assert str(name) == "coopdesk-20261207-183005.sqlite"
    assert backup_names.parse("coopdesk-20261207-183005.sqlite") == name
    assert str(BackupName("coop-2026", datetime(2026, 12, 7, 18, 30, 5), "dump", True, n=2)) == \
        "coop-2026-20261207-183005-2.dump.cifrado"
    assert backup_names.parse("coop-2026-20261207-183005-2.dump.cifrado") == BackupName(
        "coop-2026", datetime(2026, 12, 7, 18, 30, 5), "dump", True, 2)
    for other in ("coopdesk.sqlite", "coopdesk-20261207-183005.sqlite.part", "coopdesk-20261307-183005.sqlite",
                  "coopdesk.sqlite.antes-de-restaurar-20261207-183005", "notas-20261207-183005.txt",
                  "coopdesk-20261207-183005.sqlite.sha256"):
        assert backup_names.parse(other) is None, other


def test_the_digest_file_is_sha256sums_format():
    digest = "ab" * 32
    assert backup_names.digest_line(digest, "coopdesk-20261207-183005.sqlite") == \
        f"{digest}  coopdesk-20261207-183005.sqlite\n"
    assert backup_names.digest_from(f"{digest.upper()}  x\n") == digest
    assert backup_names.digest_from("no digest here") is None
    assert date(2026, 12, 7).isoweekday() == 1  # the tests' today is a Monday
