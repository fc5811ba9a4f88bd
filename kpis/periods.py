"""Reporting period boundaries (domain-vn §3.3): calendar periods, or the day-15 cut-off of
NĐ 09/2019/NĐ-CP where a month runs from the 15th of the previous month to the 14th."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from steering.vndates import end_of_month


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")


class CutOff(models.TextChoices):
    CALENDAR = "calendar", _("Theo tháng dương lịch")
    DAY_15 = "day15", _("Từ ngày 15 tháng trước đến ngày 14 (NĐ 09/2019/NĐ-CP)")


MAX_NUMBER = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF: 2,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}


def _month_span(kind: str, number: int) -> tuple[int, int]:
    """First and last month of the period, 1-based."""
    if kind == PeriodKind.MONTH:
        return number, number
    if kind == PeriodKind.QUARTER:
        return 3 * number - 2, 3 * number
    if kind == PeriodKind.HALF:
        return 6 * number - 5, 6 * number
    if kind == PeriodKind.NINE_MONTHS:
        return 1, 9
    return 1, 12


def period_bounds(
    *, kind: str, year: int, number: int, cutoff: str = CutOff.CALENDAR
) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of a period, both included."""
    if kind not in MAX_NUMBER:
        raise ValueError(f"unknown period kind: {kind!r}")
    if not 1 <= number <= MAX_NUMBER[kind]:
        raise ValueError(f"period number out of range: {kind} {number}")
    first_month, last_month = _month_span(kind, number)
    if cutoff == CutOff.CALENDAR:
        return datetime.date(year, first_month, 1), end_of_month(year, last_month)
    if cutoff != CutOff.DAY_15:
        raise ValueError(f"unknown cut-off: {cutoff!r}")
    # Day-15: the period starts on the 15th of the month before its first month and ends on the
    # 14th of its last month; the first month of the year starts on 15 December before.
    if (
        kind in (PeriodKind.NINE_MONTHS, PeriodKind.YEAR)
        or (kind == PeriodKind.HALF and number == 1)
        or first_month == 1
    ):
        start = datetime.date(year - 1, 12, 15)
    else:
        start = datetime.date(year, first_month - 1, 15)
    return start, datetime.date(year, last_month, 14)


def period_label(*, kind: str, year: int, number: int) -> str:
    if kind == PeriodKind.MONTH:
        return f"Tháng {number}/{year}"
    if kind == PeriodKind.QUARTER:
        return f"Quý {['I', 'II', 'III', 'IV'][number - 1]}/{year}"
    if kind == PeriodKind.HALF:
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if kind == PeriodKind.NINE_MONTHS:
        return f"9 tháng năm {year}"
    return f"Năm {year}"
