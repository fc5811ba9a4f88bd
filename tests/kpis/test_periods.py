import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpis.periods import MAX_NUMBER, CutOff, PeriodKind, period_bounds, period_label

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "number", "cutoff", "expected"),
    [
        (PeriodKind.MONTH, 2, CutOff.CALENDAR, (D(2024, 2, 1), D(2024, 2, 29))),
        (PeriodKind.QUARTER, 4, CutOff.CALENDAR, (D(2024, 10, 1), D(2024, 12, 31))),
        (PeriodKind.NINE_MONTHS, 1, CutOff.CALENDAR, (D(2024, 1, 1), D(2024, 9, 30))),
        (PeriodKind.MONTH, 1, CutOff.DAY_15, (D(2023, 12, 15), D(2024, 1, 14))),
        (PeriodKind.MONTH, 7, CutOff.DAY_15, (D(2024, 6, 15), D(2024, 7, 14))),
        (PeriodKind.QUARTER, 2, CutOff.DAY_15, (D(2024, 3, 15), D(2024, 6, 14))),
        (PeriodKind.HALF, 1, CutOff.DAY_15, (D(2023, 12, 15), D(2024, 6, 14))),
        (PeriodKind.HALF, 2, CutOff.DAY_15, (D(2024, 6, 15), D(2024, 12, 14))),
        (PeriodKind.NINE_MONTHS, 1, CutOff.DAY_15, (D(2023, 12, 15), D(2024, 9, 14))),
        (PeriodKind.YEAR, 1, CutOff.DAY_15, (D(2023, 12, 15), D(2024, 12, 14))),
    ],
)
def test_period_bounds_follow_the_cut_off_convention(kind, number, cutoff, expected):
    assert period_bounds(kind=kind, year=2024, number=number, cutoff=cutoff) == expected


@given(st.integers(min_value=2000, max_value=2100), st.sampled_from(list(CutOff)))
def test_months_of_a_year_tile_it_without_gaps_or_overlaps(year, cutoff):
    spans = [
        period_bounds(kind=PeriodKind.MONTH, year=year, number=n, cutoff=cutoff)
        for n in range(1, 13)
    ]
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start == end + datetime.timedelta(days=1)
    year_span = period_bounds(kind=PeriodKind.YEAR, year=year, number=1, cutoff=cutoff)
    assert (spans[0][0], spans[-1][1]) == year_span


def test_a_period_number_out_of_range_is_refused():
    with pytest.raises(ValueError):
        period_bounds(kind=PeriodKind.MONTH, year=2024, number=13)
    assert MAX_NUMBER[PeriodKind.QUARTER] == 4


def test_period_labels_are_vietnamese():
    assert period_label(kind=PeriodKind.QUARTER, year=2023, number=4) == "Quý IV/2023"
    assert period_label(kind=PeriodKind.MONTH, year=2023, number=6) == "Tháng 6/2023"
