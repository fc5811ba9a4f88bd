"""Numbers written the Vietnamese way: one parser for every form field and spreadsheet cell.

Vietnamese writes "." between groups of thousands and "," before decimals: 1.250 is one thousand
two hundred and fifty, 95,5 is ninety-five and a half. People on English keyboards also type
"95.5", so a lone dot is read as a decimal mark where that is the only reading. The rules:

- "," is only ever the decimal mark, used once: "95,5", "1.250,5"; "1,250,000" is refused.
- "." groups thousands when it is followed by groups of exactly 3 digits ("1.250.000"), and
  must come before the decimal comma ("1,250.5" is the English style, refused with the fix).
- One dot followed by exactly 3 digits after 1 to 3 leading digits ("1.250") reads two ways:
  a count field (whole numbers: dossiers, people, đồng) reads 1250; a decimal field refuses it
  and spells out both readings; it never guesses. Any other single dot is a decimal mark
  ("95.5", "0.250", "1250.5").
- Spaces (also no-break and thin spaces) group thousands in groups of 3: "1 250", "1 250,5".
- A count field refuses fractions ("1,25"); a negative number is refused unless allowed; text
  around the number ("1.250 hồ sơ", "95 %") is refused: the unit is printed beside the box.
- Spreadsheet cells: numbers are taken as they are (a count still refuses 1.25); cells written
  as text go through the same rules as a form.

The table of accepted and refused forms is in tests/steering/test_numbers.py and the README.
"""

import enum
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import widgets


class NumberKind(enum.StrEnum):
    COUNT = "count"  # whole numbers: "1.250" is 1250
    DECIMAL = "decimal"  # may have decimals: "1.250" is ambiguous, refused


class NumberError(ValueError):
    """A Vietnamese explanation of why a text is not a number of the expected kind."""


_GROUPED_DOTS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_GROUPED_SPACES = re.compile(r"(\d{1,3}(?: \d{3})+)(?:([.,])(\d+))?")
_SIGNS = "+-\u2212"


def _vn(digits_whole: str, digits_fraction: str = "") -> str:
    return f"{digits_whole},{digits_fraction}" if digits_fraction else digits_whole


def _split(text: str, kind: NumberKind) -> tuple[str, str]:
    """(whole digits, fraction digits) of an unsigned text made of digits, ".", "," and " "."""
    if " " in text:
        match = _GROUPED_SPACES.fullmatch(text)
        if not match:
            raise NumberError(
                _(
                    "“%(text)s”: khoảng trắng chỉ dùng ngăn nhóm nghìn, mỗi nhóm đủ 3 chữ số "
                    "(ví dụ 1 250 hoặc 1.250)."
                )
                % {"text": text}
            )
        return match.group(1).replace(" ", ""), match.group(3) or ""
    if text.count(",") > 1:
        raise NumberError(
            _(
                "“%(text)s”: dấu phẩy là dấu thập phân, chỉ dùng một lần; số nghìn viết bằng dấu "
                "chấm (ví dụ 1.250.000) hoặc liền (1250000)."
            )
            % {"text": text}
        )
    if "," in text:
        whole, fraction = text.split(",")
        if "." in fraction:
            raise NumberError(
                _(
                    "“%(text)s” viết theo kiểu tiếng Anh; tiếng Việt dùng dấu chấm ngăn nhóm "
                    "nghìn và dấu phẩy trước phần thập phân (ví dụ 1.250,5)."
                )
                % {"text": text}
            )
        if "." in whole:
            if not _GROUPED_DOTS.fullmatch(whole):
                raise NumberError(
                    _("“%(text)s”: mỗi nhóm nghìn sau dấu chấm phải đủ 3 chữ số (ví dụ 1.250,5).")
                    % {"text": text}
                )
            whole = whole.replace(".", "")
    elif text.count(".") > 1:
        if not _GROUPED_DOTS.fullmatch(text):
            raise NumberError(
                _("“%(text)s”: mỗi nhóm nghìn sau dấu chấm phải đủ 3 chữ số (ví dụ 1.250.000).")
                % {"text": text}
            )
        whole, fraction = text.replace(".", ""), ""
    elif "." in text:
        whole, fraction = text.split(".")
        could_group = len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
        if could_group and kind == NumberKind.COUNT:
            whole, fraction = whole + fraction, ""
        elif could_group:
            raise NumberError(
                _(
                    "“%(text)s” đọc được hai cách: %(thousands)s (dấu chấm ngăn nhóm nghìn) hoặc "
                    "%(decimal)s (dấu chấm là dấu thập phân). Không đoán: viết %(thousands)s nếu "
                    "là số nghìn, hoặc %(decimal)s nếu là số thập phân."
                )
                % {
                    "text": text,
                    "thousands": whole + fraction,
                    "decimal": _vn(whole, fraction.rstrip("0")),
                }
            )
    else:
        whole, fraction = text, ""
    if not whole:
        raise NumberError(
            _("“%(text)s”: viết số 0 trước dấu thập phân (ví dụ 0,5).") % {"text": text}
        )
    if not fraction and text[-1] in ".,":
        raise NumberError(_("“%(text)s”: thiếu chữ số sau dấu thập phân.") % {"text": text})
    return whole, fraction


def _parse_text(raw: str, kind: NumberKind) -> Decimal | None:
    # NFKC turns no-break and thin spaces into plain ones and full-width digits into ASCII.
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw)).strip()
    if not text:
        return None
    negative = text[0] in _SIGNS and text[0] != "+"
    if text[0] in _SIGNS:
        text = text[1:].strip()
    if text.endswith("%"):
        raise NumberError(
            _("“%(text)s”: chỉ nhập số, không kèm dấu %% (ví dụ 95,5).") % {"text": raw.strip()}
        )
    if not text or (not text[0].isdigit() and text[0] not in ".,"):
        raise NumberError(_("“%(text)s” không phải là số.") % {"text": raw.strip()})
    if re.search(r"[^0-9., ]", text):
        raise NumberError(
            _("“%(text)s”: chỉ nhập chữ số, không kèm chữ hay đơn vị tính.") % {"text": raw.strip()}
        )
    whole, fraction = _split(text, kind)
    number = Decimal(f"{whole}.{fraction}" if fraction else whole)
    return -number if negative else number


def parse_vn_number(
    value, *, kind: NumberKind = NumberKind.DECIMAL, allow_negative: bool = False
) -> Decimal | None:
    """A typed text or a spreadsheet cell as a Decimal, None when empty; NumberError (with a
    Vietnamese explanation) when it is not a number of this kind."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberError(_("Ô này phải là số."))
    if isinstance(value, Decimal | int | float):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation as exc:  # pragma: no cover - repr of a float is always valid
            raise NumberError(_("“%(text)s” không phải là số.") % {"text": value}) from exc
        shown = vn_plain(number) if number.is_finite() else str(value)
    else:
        number = _parse_text(str(value), kind)
        if number is None:
            return None
        shown = str(value).strip()
    if not number.is_finite():
        raise NumberError(_("“%(text)s” không phải là số.") % {"text": shown})
    if number < 0 and not allow_negative:
        raise NumberError(_("“%(text)s”: không được nhập số âm.") % {"text": shown})
    if kind == NumberKind.COUNT:
        if number != number.to_integral_value():
            raise NumberError(
                _(
                    "“%(text)s”: ô này là số lượng (số nguyên), không có phần thập phân. Dấu "
                    "phẩy là dấu thập phân; số nghìn viết 1.250 hoặc 1250."
                )
                % {"text": shown}
            )
        number = number.quantize(Decimal(1))
    return abs(number) if number == 0 else number  # never "-0"


def vn_plain(value: Decimal | int | float | None) -> str:
    """The text a form box shows and reads back: no grouping, a comma for decimals, no
    trailing zeros ("1250", "95,5"); "" for None."""
    if value is None or value == "":
        return ""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# --- Form field and spreadsheet widget ---------------------------------------------------------


class VnNumberInput(forms.TextInput):
    """A text box (a number box refuses "95,5" in most browsers) showing 95,5, not 95.50."""

    def __init__(self, attrs=None, *, kind: NumberKind = NumberKind.DECIMAL):
        mode = "numeric" if kind == NumberKind.COUNT else "decimal"
        super().__init__({"inputmode": mode, "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return vn_plain(value)
        return super().format_value(value)


class VnNumberField(forms.DecimalField):
    """A number typed the Vietnamese way (see the module's rules); refuses negatives unless
    `allow_negative`, fractions when `kind` is COUNT."""

    def __init__(self, *, kind: NumberKind = NumberKind.DECIMAL, allow_negative=False, **kwargs):
        self.kind, self.allow_negative = kind, allow_negative
        kwargs.setdefault("widget", VnNumberInput(kind=kind))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_vn_number(value, kind=self.kind, allow_negative=self.allow_negative)
        except NumberError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def widget_attrs(self, widget):
        # No min/max/step attributes: the box is text, the server explains every refusal.
        return {}


class VnNumberWidget(widgets.Widget):
    """A spreadsheet cell: a number as it is, a text by the same rules as a form. `kind` may be
    a callable of the row (the kind depends on the row's indicator)."""

    def __init__(self, *, kind=NumberKind.DECIMAL, allow_negative=False):
        super().__init__()
        self.kind, self.allow_negative = kind, allow_negative

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and not value.strip():
            return None
        kind = self.kind(row) if callable(self.kind) else self.kind
        try:
            return parse_vn_number(value, kind=kind, allow_negative=self.allow_negative)
        except NumberError as exc:
            raise ValueError(str(exc)) from exc

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else float(value)
