import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steering.vndates import (
    add_working_days,
    end_of_half_year,
    end_of_month,
    end_of_quarter,
    end_of_year,
    is_working_day,
    quarter_of,
    vn_long_date,
    vn_number,
    vn_percent,
    vn_place_date,
    vn_short_date,
)

D = datetime.date


def test_long_date_pads_a_day_below_ten_and_leaves_march_bare():
    assert vn_long_date(D(2020, 3, 5)) == "ngày 05 tháng 3 năm 2020"


def test_long_date_pads_january_and_february():
    assert vn_long_date(D(2020, 1, 5)) == "ngày 05 tháng 01 năm 2020"
    assert vn_long_date(D(2020, 2, 29)) == "ngày 29 tháng 02 năm 2020"


def test_long_date_never_pads_months_three_to_twelve():
    assert vn_long_date(D(2019, 6, 29)) == "ngày 29 tháng 6 năm 2019"
    assert vn_long_date(D(2019, 10, 17)) == "ngày 17 tháng 10 năm 2019"


def test_place_date_puts_a_comma_after_the_place():
    assert vn_place_date("Long Biên", D(2019, 10, 17)) == "Long Biên, ngày 17 tháng 10 năm 2019"


def test_short_date_is_day_month_year_with_two_digit_day_and_month():
    assert vn_short_date(D(2019, 10, 17)) == "17/10/2019"
    assert vn_short_date(D(2020, 3, 5)) == "05/03/2020"


def test_end_of_month_knows_leap_years():
    assert end_of_month(2020, 2) == D(2020, 2, 29)
    assert end_of_month(2019, 2) == D(2019, 2, 28)
    assert end_of_month(2019, 11) == D(2019, 11, 30)


def test_end_of_quarter_is_the_last_day_of_its_third_month():
    assert end_of_quarter(2019, 1) == D(2019, 3, 31)
    assert end_of_quarter(2019, 4) == D(2019, 12, 31)


def test_end_of_quarter_rejects_a_fifth_quarter():
    with pytest.raises(ValueError):
        end_of_quarter(2019, 5)


def test_end_of_half_year_is_thirtieth_of_june_or_thirty_first_of_december():
    assert end_of_half_year(2020, 1) == D(2020, 6, 30)
    assert end_of_half_year(2020, 2) == D(2020, 12, 31)


def test_end_of_year_is_thirty_first_of_december():
    assert end_of_year(2023) == D(2023, 12, 31)


def test_quarter_of_a_november_date_is_four():
    assert quarter_of(D(2019, 11, 1)) == 4


def test_number_uses_a_decimal_comma():
    assert vn_number(95.5) == "95,5"


def test_number_groups_thousands_with_dots():
    assert vn_number(1234567, decimals=0) == "1.234.567"
    assert vn_number(Decimal("1234.5")) == "1.234,5"


def test_number_rounds_halves_up():
    assert vn_number(95.45) == "95,5"
    assert vn_number(0.125, decimals=2) == "0,13"


def test_number_keeps_the_requested_decimals():
    assert vn_number(100) == "100,0"
    assert vn_number(3.14159, decimals=3) == "3,142"


def test_number_never_shows_negative_zero():
    assert vn_number(-0.01) == "0,0"


def test_number_keeps_the_sign_of_negative_values():
    assert vn_number(-1234.5) == "-1.234,5"


def test_number_rejects_infinity():
    with pytest.raises(ValueError):
        vn_number(float("inf"))


def test_percent_puts_a_space_before_the_sign():
    assert vn_percent(95.5) == "95,5 %"
    assert vn_percent(100, decimals=0) == "100 %"


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**12))
def test_number_round_trips_through_the_vietnamese_format(value):
    text = vn_number(value, decimals=2)
    assert Decimal(text.replace(".", "").replace(",", ".")) == value


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2019, 11, 30))  # Saturday
    assert not is_working_day(D(2019, 12, 1))  # Sunday
    assert is_working_day(D(2019, 12, 2))


def test_a_holiday_is_not_a_working_day():
    assert not is_working_day(D(2019, 9, 2), holidays={D(2019, 9, 2)})


def test_one_working_day_after_friday_is_monday():
    assert add_working_days(D(2019, 11, 29), 1) == D(2019, 12, 2)


def test_ten_working_days_span_two_weekends():
    assert add_working_days(D(2019, 10, 17), 10) == D(2019, 10, 31)


def test_working_days_skip_holidays():
    # Quốc khánh 2/9/2019 fell on a Monday.
    assert add_working_days(D(2019, 8, 30), 1, holidays=frozenset({D(2019, 9, 2)})) == D(2019, 9, 3)


def test_zero_working_days_leaves_the_date_unchanged():
    assert add_working_days(D(2019, 11, 30), 0) == D(2019, 11, 30)


def test_negative_working_days_go_backwards():
    assert add_working_days(D(2019, 12, 2), -1) == D(2019, 11, 29)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 1, 1)), st.integers(1, 60))
def test_adding_working_days_lands_on_a_working_day_after_the_start(start, n):
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)
    assert (result - start).days <= n + 2 * (n // 5 + 2)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 1, 1)), st.integers(0, 60))
def test_going_back_the_same_working_days_returns_to_a_working_start(start, n):
    if is_working_day(start):
        assert add_working_days(add_working_days(start, n), -n) == start
