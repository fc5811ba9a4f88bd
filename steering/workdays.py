"""Vietnam's working calendar, the default of every working-day deadline ("trong N ngày làm việc").

A day is worked unless it is a Saturday or Sunday or a public holiday — Tết and the other lunar
holidays included, from the `holidays` package (country VN, which also knows the weekend days the
government has announced as make-up working days) — and the standing agency's own entries
(`CalendarDay`, in the admin) override both: each year the government moves days off and
make-up working days, often after the package's release.

The merged days of a year are cached (shared cache, so every worker sees an edit at once) and
dropped when a `CalendarDay` of that year is saved or deleted.
"""

import datetime
import functools

import holidays
from django.core.cache import cache
from django.db import transaction

CACHE_SECONDS = 6 * 60 * 60  # a backstop only: saving or deleting a day drops its year at once


def _cache_key(year: int) -> str:
    return f"steering:workdays:{year}"


@functools.lru_cache(maxsize=256)
def _package_year(year: int) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
    """(public holidays, weekend days worked) of the `holidays` package for `year`."""
    calendar = holidays.country_holidays("VN", years=year)
    return (
        frozenset(day for day in calendar if day.year == year),
        frozenset(day for day in calendar.weekend_workdays if day.year == year),
    )


def year_calendar(year: int) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
    """(days off, working days) of `year` beyond the plain weekend rule."""
    cached = cache.get(_cache_key(year))
    if cached is not None:
        return cached
    from .models import CalendarDay, CalendarDayKind

    days_off, worked = _package_year(year)
    days_off, worked = set(days_off), set(worked)
    rows = CalendarDay.objects.filter(
        date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31)
    ).values_list("date", "kind")
    for day, kind in rows:
        if kind == CalendarDayKind.DAY_OFF:
            days_off.add(day)
            worked.discard(day)
        else:
            worked.add(day)
            days_off.discard(day)
    result = (frozenset(days_off), frozenset(worked))
    cache.set(_cache_key(year), result, CACHE_SECONDS)
    return result


def working_calendar_changed(*days: datetime.date | None) -> None:
    """Drop the cached years of `days` now and again after the commit (so that a reader between
    the two cannot keep the old days)."""
    keys = {_cache_key(day.year) for day in days if day is not None}

    def drop():
        cache.delete_many(list(keys))

    drop()
    transaction.on_commit(drop)


class _DaysOff:
    """`day in DAYS_OFF`: a public holiday or an entered day off (weekends are vndates' rule)."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and day in year_calendar(day.year)[0]


class _MakeUpDays:
    """`day in MAKE_UP_DAYS`: a weekend day worked in exchange for a day off."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and day in year_calendar(day.year)[1]


DAYS_OFF = _DaysOff()
MAKE_UP_DAYS = _MakeUpDays()
