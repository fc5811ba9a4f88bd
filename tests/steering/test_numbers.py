"""Every number form the portal accepts or refuses (the same table is in the README)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steering.numbers import NumberError, NumberKind, parse_vn_number, vn_plain

COUNT, DECIMAL = NumberKind.COUNT, NumberKind.DECIMAL

# (typed text, count field reads, decimal field reads); a string is the start of the refusal.
TABLE = [
    ("1250", "1250", "1250"),
    ("1.250", "1250", "đọc được hai cách: 1250"),
    ("1.309", "1309", "đọc được hai cách: 1309"),
    ("1.250.000", "1250000", "1250000"),
    ("1.250,5", "ô này là số lượng", "1250.5"),
    ("1.250,50", "ô này là số lượng", "1250.50"),
    ("95,5", "ô này là số lượng", "95.5"),
    ("95.5", "ô này là số lượng", "95.5"),
    ("1.25", "ô này là số lượng", "1.25"),
    ("0.250", "ô này là số lượng", "0.250"),
    ("1250.5", "ô này là số lượng", "1250.5"),
    ("1,25", "ô này là số lượng", "1.25"),
    ("1,250", "ô này là số lượng", "1.250"),
    ("1 250", "1250", "1250"),
    ("1\u00a0250", "1250", "1250"),
    ("1\u202f250,5", "ô này là số lượng", "1250.5"),
    ("  85  ", "85", "85"),
    ("+85", "85", "85"),
    ("0", "0", "0"),
    ("-0", "0", "0"),
    ("1.250,00", "1250", "1250.00"),
    ("", None, None),
    ("   ", None, None),
    ("-3", "không được nhập số âm", "không được nhập số âm"),
    ("−3", "không được nhập số âm", "không được nhập số âm"),
    ("1,25 hồ sơ", "chỉ nhập chữ số", "chỉ nhập chữ số"),
    ("1.250 hồ sơ", "chỉ nhập chữ số", "chỉ nhập chữ số"),
    ("95,5%", "chỉ nhập số, không kèm dấu %", "chỉ nhập số, không kèm dấu %"),
    ("mười", "không phải là số", "không phải là số"),
    ("1,250,000", "dấu phẩy là dấu thập phân, chỉ dùng một lần", "dấu phẩy là dấu thập phân"),
    ("1,250.5", "viết theo kiểu tiếng Anh", "viết theo kiểu tiếng Anh"),
    ("1.25.0", "mỗi nhóm nghìn", "mỗi nhóm nghìn"),
    ("12.50,5", "mỗi nhóm nghìn", "mỗi nhóm nghìn"),
    ("12 50", "khoảng trắng chỉ dùng ngăn nhóm nghìn", "khoảng trắng chỉ dùng ngăn nhóm nghìn"),
    (",5", "viết số 0 trước dấu thập phân", "viết số 0 trước dấu thập phân"),
    ("5,", "thiếu chữ số sau dấu thập phân", "thiếu chữ số sau dấu thập phân"),
    ("1e3", "chỉ nhập chữ số", "chỉ nhập chữ số"),
    ("NaN", "không phải là số", "không phải là số"),
]


@pytest.mark.parametrize(("text", "as_count", "as_decimal"), TABLE)
def test_each_typed_form_reads_as_the_table_says(text, as_count, as_decimal):
    for kind, expected in ((COUNT, as_count), (DECIMAL, as_decimal)):
        if expected is None:
            assert parse_vn_number(text, kind=kind) is None
        elif expected[0].isdigit():
            assert parse_vn_number(text, kind=kind) == Decimal(expected), (text, kind)
        else:
            with pytest.raises(NumberError) as refused:
                parse_vn_number(text, kind=kind)
            assert expected in str(refused.value), (text, kind, str(refused.value))


def test_an_ambiguous_decimal_spells_out_both_readings_and_how_to_write_each():
    with pytest.raises(NumberError) as refused:
        parse_vn_number("1.250", kind=DECIMAL)
    assert str(refused.value) == (
        "“1.250” đọc được hai cách: 1250 (dấu chấm ngăn nhóm nghìn) hoặc 1,25 (dấu chấm là dấu "
        "thập phân). Không đoán: viết 1250 nếu là số nghìn, hoặc 1,25 nếu là số thập phân."
    )


def test_a_count_refuses_a_fraction_and_says_how_thousands_are_written():
    with pytest.raises(NumberError) as refused:
        parse_vn_number("1,25", kind=COUNT)
    assert "số nghìn viết 1.250 hoặc 1250" in str(refused.value)


def test_negative_numbers_pass_only_where_allowed():
    assert parse_vn_number("-1.250,5", kind=DECIMAL, allow_negative=True) == Decimal("-1250.5")


# Spreadsheet cells: numbers as they are, text by the same rules.
CELLS = [
    (1250, "1250", "1250"),
    (1250.0, "1250", "1250.0"),
    (95.5, "ô này là số lượng", "95.5"),
    (Decimal("0.25"), "ô này là số lượng", "0.25"),
    (-1, "không được nhập số âm", "không được nhập số âm"),
    (float("inf"), "không phải là số", "không phải là số"),
    (True, "Ô này phải là số", "Ô này phải là số"),
    (None, None, None),
]


@pytest.mark.parametrize(("cell", "as_count", "as_decimal"), CELLS)
def test_each_spreadsheet_cell_reads_as_the_table_says(cell, as_count, as_decimal):
    for kind, expected in ((COUNT, as_count), (DECIMAL, as_decimal)):
        if expected is None:
            assert parse_vn_number(cell, kind=kind) is None
        elif expected[0].isdigit():
            assert parse_vn_number(cell, kind=kind) == Decimal(expected)
        else:
            with pytest.raises(NumberError, match=expected):
                parse_vn_number(cell, kind=kind)


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_what_a_form_box_shows_reads_back_as_the_same_number(number):
    assert parse_vn_number(vn_plain(number), kind=DECIMAL) == number


@given(st.integers(min_value=0, max_value=10**13))
def test_a_count_written_with_vietnamese_thousands_dots_reads_back(number):
    grouped = f"{number:,}".replace(",", ".")
    assert parse_vn_number(grouped, kind=COUNT) == number
