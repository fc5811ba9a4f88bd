"""Vietnamese dates and numbers as official documents write them, and working-day arithmetic.

Date format follows Nghị định 30/2020/NĐ-CP, Phụ lục I: Arabic numerals, a leading zero for days
below 10 and for the months 1 and 2 only ("ngày 05 tháng 01 năm 2020", "ngày 29 tháng 6 năm 2019").
"""

import calendar
import datetime
from collections.abc import Container
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

WEEKEND = frozenset({calendar.SATURDAY, calendar.SUNDAY})


def _month_text(month: int) -> str:
    # Months 1 and 2 take a leading zero so that "tháng 01" is never misread as "tháng 10".
    return f"{month:02d}" if month <= 2 else str(month)


def vn_long_date(d: datetime.date) -> str:
    """`ngày 05 tháng 3 năm 2020`."""
    return f"ngày {d.day:02d} tháng {_month_text(d.month)} năm {d.year}"


def vn_place_date(place: str, d: datetime.date) -> str:
    """`Long Biên, ngày 17 tháng 10 năm 2019` (ô 4 of the document layout)."""
    return f"{place.strip()}, {vn_long_date(d)}"


def vn_short_date(d: datetime.date) -> str:
    """`17/10/2019`: the numeric form used in running text and tables."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def end_of_quarter(year: int, quarter: int) -> datetime.date:
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1-4, not {quarter}")
    return end_of_month(year, quarter * 3)


def end_of_half_year(year: int, half: int) -> datetime.date:
    if half not in (1, 2):
        raise ValueError(f"half must be 1 or 2, not {half}")
    return datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)


def end_of_year(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def quarter_of(d: datetime.date) -> int:
    return (d.month - 1) // 3 + 1


def _to_decimal(value: Decimal | float | int) -> Decimal:
    # str() first: Decimal(0.15) would carry the binary error and round 95,45 down to 95,4.
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def vn_number(value: Decimal | float | int, *, decimals: int = 1) -> str:
    """`1.234,5`: "." groups thousands and "," marks decimals; halves round up as people expect."""
    if decimals < 0:
        raise ValueError("decimals must not be negative")
    number = _to_decimal(value)
    with localcontext() as context:
        # Enough precision that quantize never fails on large values.
        context.prec = max(28, number.adjusted() + decimals + 2)
        rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = rounded.copy_abs()  # no "-0,0"
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{rounded.copy_abs():f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + ".".join(groups)
    return f"{text},{fraction}" if fraction else text


def vn_percent(value: Decimal | float | int, *, decimals: int = 1) -> str:
    """`95,5 %`: `value` is already a percentage (95.5, not 0.955); a space precedes the sign."""
    return f"{vn_number(value, decimals=decimals)} %"


def is_working_day(
    d: datetime.date,
    *,
    holidays: Container[datetime.date] = frozenset(),
    working_days: Container[datetime.date] = frozenset(),
) -> bool:
    """Monday to Friday unless a holiday; `working_days` are weekend days worked (make-up days)."""
    if d in working_days:
        return True
    return d.weekday() not in WEEKEND and d not in holidays


def add_working_days(
    d: datetime.date,
    n: int,
    *,
    holidays: Container[datetime.date] = frozenset(),
    working_days: Container[datetime.date] = frozenset(),
) -> datetime.date:
    """Move `n` working days from `d` (backwards when `n` < 0); Saturday and Sunday are off.

    `d` itself never counts, so "10 ngày làm việc" from a Friday ends on the second Friday after it;
    `n == 0` returns `d` unchanged even on a day off.
    """
    step = datetime.timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    current = d
    while remaining:
        current += step
        if is_working_day(current, holidays=holidays, working_days=working_days):
            remaining -= 1
    return current
