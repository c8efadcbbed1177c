"""All deadline arithmetic lives here.

Clock hours are exact elapsed time. Days, working days, weeks and months count dates in
Europe/London and fall due at the end of that day, so a clock change never moves a deadline.
Working days skip weekends and England & Wales bank holidays (the `holidays` library).
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone


class Unit(models.TextChoices):
    HOURS = "hours", "clock hours"
    DAYS = "days", "calendar days"
    WORKING_DAYS = "working_days", "working days"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after (or, negative, before) `start`."""
    step = 1 if count >= 0 else -1
    day, remaining = start, abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def end_of_day(day: date) -> datetime:
    """The last moment of a London day, in UTC."""
    local = timezone.make_aware(datetime.combine(day, time(23, 59, 59)), timezone.get_default_timezone())
    return local.astimezone(UTC)


def local_date(moment: datetime | date) -> date:
    return timezone.localtime(moment).date() if isinstance(moment, datetime) else moment


def due_from(start: datetime | date, amount: int, unit: str, *, before: bool = False) -> datetime:
    """When a deadline falls due: `amount` `unit`s after (or before) the clock start."""
    sign = -1 if before else 1
    if unit == Unit.HOURS:
        # In UTC: adding hours to a London time would add wall-clock hours across a clock change.
        moment = start.astimezone(UTC) if isinstance(start, datetime) else end_of_day(start)
        return moment + sign * timedelta(hours=amount)
    day = local_date(start)
    if unit == Unit.DAYS:
        due = day + sign * timedelta(days=amount)
    elif unit == Unit.WEEKS:
        due = day + sign * timedelta(weeks=amount)
    elif unit == Unit.MONTHS:
        due = day + sign * relativedelta(months=amount)
    elif unit == Unit.WORKING_DAYS:
        due = add_working_days(day, sign * amount)
    else:
        raise ValueError(f"Unknown unit {unit!r}")
    return end_of_day(due)


def describe(amount: int, unit: str, *, before: bool = False) -> str:
    label = Unit(unit).label
    if amount == 1:
        label = label.removesuffix("s")
    return f"{amount} {label} {'before' if before else 'after'}"
