"""Deadline arithmetic: clock hours, calendar and working days, weeks, months, clock changes."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from caseflow.deadlines.periods import Unit, add_working_days, due_from, is_working_day

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def test_72_clock_hours_are_exact_elapsed_time_across_the_october_clock_change():
    # Clocks go back at 02:00 on Sunday 25 October 2026: 72 elapsed hours end an hour 'earlier' on the wall.
    start = london(2026, 10, 24, 10, 0)
    due = due_from(start, 72, Unit.HOURS)
    assert (due - start).total_seconds() == 72 * 3600
    assert due.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") == "2026-10-27 09:00"


def test_day_periods_fall_due_at_the_end_of_the_london_day_whatever_the_clock_change():
    due = due_from(london(2026, 3, 27, 18, 30), 2, Unit.DAYS)  # clocks go forward on 29 March 2026
    assert due.astimezone(LONDON).strftime("%Y-%m-%d %H:%M:%S") == "2026-03-29 23:59:59"
    assert due.utcoffset() == timedelta(0)  # stored in UTC
    assert due_from(date(2026, 10, 23), 3, Unit.DAYS).astimezone(LONDON).date() == date(2026, 10, 26)


def test_working_days_skip_weekends_and_england_bank_holidays():
    # 25 Dec 2026 is a Friday; Boxing Day falls on Saturday, so Monday 28 Dec is the substitute holiday.
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))
    assert is_working_day(date(2026, 12, 29))
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    # Easter 2027: Good Friday 26 March and Easter Monday 29 March.
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_20_working_days_from_a_stage_1_activation_before_christmas():
    due = due_from(london(2026, 12, 14, 9, 0), 20, Unit.WORKING_DAYS)
    # 15-18, 21-24 Dec (8), 29-31 Dec (11), 4-8 Jan 2027 (16; 1 Jan is a holiday), 11-14 Jan (20)
    assert due.astimezone(LONDON).date() == date(2027, 1, 14)


@pytest.mark.parametrize(
    ("start", "amount", "unit", "before", "expected"),
    [
        (date(2026, 1, 31), 1, Unit.MONTHS, False, date(2026, 2, 28)),
        (date(2026, 8, 31), 6, Unit.MONTHS, False, date(2027, 2, 28)),
        (date(2026, 11, 2), 8, Unit.WEEKS, False, date(2026, 12, 28)),
        (date(2027, 3, 1), 60, Unit.DAYS, True, date(2026, 12, 31)),
        (date(2027, 2, 22), 3, Unit.WEEKS, True, date(2027, 2, 1)),
        (date(2026, 12, 29), 5, Unit.WORKING_DAYS, True, date(2026, 12, 18)),  # 24, 23, 22, 21, 18
    ],
)
def test_calendar_periods_after_and_before(start, amount, unit, before, expected):
    assert due_from(start, amount, unit, before=before).astimezone(LONDON).date() == expected
