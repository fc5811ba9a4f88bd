from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kpis.maths import Result, aggregate_ratio, format_value, ratio_value, result_against_target

counts = st.integers(min_value=0, max_value=10**6)


@st.composite
def ward_pairs(draw):
    denominator = draw(st.integers(min_value=0, max_value=10**6))
    numerator = draw(st.integers(min_value=0, max_value=max(denominator, 0)))
    return Decimal(numerator), Decimal(denominator)


@given(st.lists(ward_pairs(), max_size=30))
def test_aggregate_never_divides_by_zero_and_stays_within_0_and_100(pairs):
    result = aggregate_ratio(pairs)
    if result.value is not None:
        assert 0 <= result.value <= 100
        assert result.denominator > 0
    else:
        assert result.denominator == 0


@given(st.lists(ward_pairs(), min_size=1, max_size=30))
def test_aggregate_is_sum_over_sum(pairs):
    result = aggregate_ratio(pairs)
    numerator = sum((n for n, d in pairs if d > 0), Decimal(0))
    denominator = sum((d for n, d in pairs if d > 0), Decimal(0))
    if denominator:
        assert result.value == numerator * 100 / denominator


def test_aggregate_is_not_the_mean_of_ward_percentages():
    # 10/10 = 100 % and 100/1000 = 10 %: the mean would say 55 %, the district did 110/1010.
    result = aggregate_ratio([(Decimal(10), Decimal(10)), (Decimal(100), Decimal(1000))])
    assert round(result.value, 2) == Decimal("10.89")
    assert "110 / 1.010" in result.formula
    assert result.formula.endswith("= 10,9 % (2 đơn vị)")


def test_ratio_value_is_none_without_a_positive_denominator():
    assert ratio_value(Decimal(1), Decimal(0)) is None
    assert ratio_value(None, Decimal(5)) is None
    assert ratio_value(Decimal(191), Decimal(200)) == Decimal("95.5")


def test_values_are_formatted_the_vietnamese_way():
    assert format_value(Decimal("95.5")) == "95,5 %"
    assert format_value(None) == "—"
    assert format_value(Decimal(12), unit_of_measure="hệ thống") == "12,0 hệ thống"


def test_result_respects_the_direction_of_the_indicator():
    assert result_against_target(Decimal(96), Decimal(95)) == Result.EXCEEDED
    assert result_against_target(Decimal(95), Decimal(95)) == Result.MET
    assert result_against_target(Decimal(80), Decimal(95)) == Result.NOT_MET
    assert result_against_target(Decimal(2), Decimal(5), higher_better=False) == Result.EXCEEDED
    assert result_against_target(Decimal(7), Decimal(5), higher_better=False) == Result.NOT_MET
    assert result_against_target(None, Decimal(5)) is None


@given(counts, counts, st.booleans())
def test_result_is_always_one_of_three_when_both_are_known(value, target, higher):
    assert result_against_target(Decimal(value), Decimal(target), higher_better=higher) in Result
