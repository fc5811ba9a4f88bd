"""Indicator arithmetic, pure: values, district aggregates and results against a target.

District ratios are Σnumerator / Σdenominator over the units (domain-vn §3.3), never the mean of
the units' percentages: a ward with 10 dossiers must not weigh as much as one with 1,000.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from steering.vndates import vn_number, vn_percent

HUNDRED = Decimal(100)


class Result(models.TextChoices):
    MET = "met", _("Đạt")
    NOT_MET = "not_met", _("Không đạt")
    EXCEEDED = "exceeded", _("Vượt")


def ratio_value(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator × 100, or None when it cannot be computed (no division by zero)."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return Decimal(numerator) * HUNDRED / Decimal(denominator)


def ratio_formula(numerator: Decimal | None, denominator: Decimal | None) -> str:
    """ "1.250 / 1.309 × 100 = 95,5 %": a unit's figures as the portal read them; "" if none."""
    value = ratio_value(numerator, denominator)
    if value is None:
        return ""
    return f"{vn_decimal(numerator)} / {vn_decimal(denominator)} × 100 = {vn_percent(value)}"


@dataclass(frozen=True)
class Aggregate:
    numerator: Decimal
    denominator: Decimal
    value: Decimal | None
    units: int
    formula: str


def aggregate_ratio(pairs: Iterable[tuple[Decimal | None, Decimal | None]]) -> Aggregate:
    """Σnumerator / Σdenominator × 100 over the pairs that have both parts."""
    total_num = Decimal(0)
    total_den = Decimal(0)
    units = 0
    for numerator, denominator in pairs:
        if numerator is None or denominator is None or denominator <= 0:
            continue
        total_num += Decimal(numerator)
        total_den += Decimal(denominator)
        units += 1
    return aggregate_from_sums(total_num, total_den, units)


def aggregate_from_sums(
    total_num: Decimal | None, total_den: Decimal | None, units: int
) -> Aggregate:
    """The aggregate and its formula from sums already taken (in SQL, over `units` pairs)."""
    total_num, total_den = Decimal(total_num or 0), Decimal(total_den or 0)
    value = ratio_value(total_num, total_den)
    if value is None:
        formula = "Σ tử số / Σ mẫu số: chưa có số liệu"
    else:
        formula = (
            f"Σ tử số / Σ mẫu số = {vn_number(total_num, decimals=0)} / "
            f"{vn_number(total_den, decimals=0)} × 100 = {vn_percent(value)}"
            f" ({units} đơn vị)"
        )
    return Aggregate(total_num, total_den, value, units, formula)


def aggregate_sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [Decimal(v) for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def result_against_target(
    value: Decimal | None, target: Decimal | None, *, higher_better: bool = True
) -> str | None:
    """Đạt / Không đạt / Vượt. A target of 100 % in a ratio cannot be exceeded, only met."""
    if value is None or target is None:
        return None
    value, target = Decimal(value), Decimal(target)
    if value == target:
        return Result.MET
    if higher_better:
        return Result.EXCEEDED if value > target else Result.NOT_MET
    return Result.EXCEEDED if value < target else Result.NOT_MET


def format_value(value: Decimal | None, *, unit_of_measure: str = "%") -> str:
    if value is None:
        return "—"
    if unit_of_measure == "%":
        return vn_percent(value)
    return f"{vn_number(value, decimals=1)} {unit_of_measure}".strip()


def rank_competition(items: Iterable[tuple[object, str, Decimal | None]]) -> list[tuple]:
    """Standard competition ranking ("1, 2, 2, 4") of (key, name, total), best total first.

    Equal totals share a rank and are listed in Vietnamese alphabetical order of the name; an
    item without a total gets no rank and comes last. Returns [(rank or None, key)]."""
    from steering.text import vn_sort_key

    items = list(items)
    scored = sorted(
        ((Decimal(total), name, key) for key, name, total in items if total is not None),
        key=lambda t: (-t[0], vn_sort_key(t[1])),
    )
    unscored = sorted(
        ((name, key) for key, name, total in items if total is None),
        key=lambda t: vn_sort_key(t[0]),
    )
    ranked: list[tuple] = []
    previous, rank = None, 0
    for position, (total, _name, key) in enumerate(scored, 1):
        if total != previous:
            rank, previous = position, total
        ranked.append((rank, key))
    return ranked + [(None, key) for _name, key in unscored]


def vn_decimal(value: Decimal | float | int | None, *, grouping: bool = True) -> str:
    """95,5 · 100 · 1.234,25: a comma for decimals, no trailing zeros; "" for None.

    Without grouping the text is what a form field shows and accepts back ("1234,25")."""
    if value is None or value == "":
        return ""
    text = vn_number(value, decimals=4)
    whole, _sep, fraction = text.partition(",")
    fraction = fraction.rstrip("0")
    if not grouping:
        whole = whole.replace(".", "")
    return f"{whole},{fraction}" if fraction else whole
