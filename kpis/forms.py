from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from steering.forms import PortalFormMixin
from steering.numbers import NumberKind, VnNumberField, VnNumberInput
from steering.uploads import validate_upload

from .maths import Result, ratio_value, result_against_target
from .models import Direction, IndicatorKind

# Numerators, denominators, counts and yes/no values are whole numbers ("1.250" is 1250); scores
# and other values may have decimals, where "1.250" is ambiguous and refused (steering.numbers).
WHOLE_KINDS = (IndicatorKind.COUNT, IndicatorKind.BOOLEAN)


class IndicatorEntryForm(PortalFormMixin, forms.Form):
    """One indicator's figures for one unit and period."""

    numerator = VnNumberField(
        label=_("Tử số"), kind=NumberKind.COUNT, required=False, max_digits=12, decimal_places=0
    )
    denominator = VnNumberField(
        label=_("Mẫu số"), kind=NumberKind.COUNT, required=False, max_digits=12, decimal_places=0
    )
    value = VnNumberField(label=_("Giá trị"), required=False, max_digits=14, decimal_places=4)
    comment = forms.CharField(
        label=_("Giải trình, khó khăn, đề xuất"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = forms.FileField(
        label=_("Minh chứng (pdf, png, jpg, xlsx, docx; tối đa 10 MB)"), required=False
    )

    def __init__(self, *args, indicator, target=None, submitting=False, **kwargs):
        self.indicator = indicator
        self.target = target
        self.submitting = submitting
        super().__init__(*args, **kwargs)
        if indicator.kind == IndicatorKind.RATIO:
            del self.fields["value"]
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
            if indicator.kind in WHOLE_KINDS:
                whole = VnNumberField(
                    label=_("Giá trị"),
                    kind=NumberKind.COUNT,
                    required=False,
                    max_digits=12,
                    decimal_places=0,
                )
                whole.widget.attrs.update(self.fields["value"].widget.attrs)
                self.fields["value"] = whole
            if indicator.kind == IndicatorKind.BOOLEAN:
                self.fields["value"].help_text = _("1 = có, 0 = không")

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        kind = self.indicator.kind
        if kind == IndicatorKind.RATIO:
            numerator, denominator = data.get("numerator"), data.get("denominator")
            if denominator is not None and denominator <= 0:
                self.add_error("denominator", _("Mẫu số phải lớn hơn 0."))
            elif numerator is not None and denominator is not None and numerator > denominator:
                self.add_error("numerator", _("Tử số không được lớn hơn mẫu số."))
            elif (
                self.submitting
                and (numerator is None or denominator is None)
                and not ({"numerator", "denominator"} & set(self.errors))
            ):
                raise ValidationError(_("Nhập đủ tử số và mẫu số trước khi gửi."))
            value = ratio_value(numerator, denominator) if not self.errors else None
        else:
            value = data.get("value")
            if value is not None:
                if value < 0:
                    self.add_error("value", _("Giá trị không được âm."))
                elif kind == IndicatorKind.BOOLEAN and value not in (Decimal(0), Decimal(1)):
                    self.add_error("value", _("Chỉ nhập 1 (có) hoặc 0 (không)."))
                elif self.indicator.max_value is not None and value > self.indicator.max_value:
                    self.add_error(
                        "value",
                        _("Giá trị vượt mức tối đa %(max)s.") % {"max": self.indicator.max_value},
                    )
            elif self.submitting and "value" not in self.errors:
                self.add_error("value", _("Nhập giá trị trước khi gửi."))
        if (
            not self.errors
            and self.submitting
            and result_against_target(
                value,
                self.target,
                higher_better=self.indicator.direction == Direction.HIGHER_BETTER,
            )
            == Result.NOT_MET
            and not data.get("comment", "").strip()
        ):
            self.add_error(
                "comment", _("Kết quả chưa đạt mục tiêu: ghi rõ nguyên nhân, khó khăn, đề xuất.")
            )
        return data


class ReturnForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ReviewFilterForm(PortalFormMixin, forms.Form):
    """The review page's narrowing: a state tab (waiting values first) and one reporting unit."""

    state = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[
            ("submitted", _("Chờ xem xét")),
            ("returned", _("Đã trả lại")),
            ("accepted", _("Đã chấp nhận")),
            ("all", _("Tất cả")),
        ],
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả đơn vị")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        from steering.models import OrgUnit

        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        # The reporting units are already loaded: list them without another query.
        self.fields["unit"].choices = [("", _("Tất cả đơn vị"))] + [
            (u.pk, u.short_name or u.name) for u in units
        ]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"state": data.get("state") or "submitted", "unit": data.get("unit")}


class ImportForm(PortalFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) theo mẫu"),
        error_messages={"required": _("Chọn tệp Excel để tải lên.")},
    )


class ReopenForm(PortalFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    open_until = forms.DateField(
        label=_("Mở đến ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Lý do"), max_length=1000)

    def __init__(self, *args, units, today, **kwargs):
        super().__init__(*args, **kwargs)
        from steering.models import OrgUnit

        self.today = today
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])

    def clean_open_until(self):
        value = self.cleaned_data["open_until"]
        if value < self.today:
            raise ValidationError(_("Ngày mở lại phải từ hôm nay trở đi."))
        return value


class ScoreSheetForm(PortalFormMixin, forms.Form):
    """One unit's points for every criterion of a set in a month; 0..maximum, comma or dot."""

    comment = forms.CharField(
        label=_("Nhận xét"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = VnNumberField(
                label=f"{criterion.code}. {criterion.name}",
                required=False,
                allow_negative=True,  # refused by check_points with the criterion's range
                max_digits=6,
                decimal_places=2,
                widget=VnNumberInput({"class": "form-control"}),
                error_messages={
                    "max_decimal_places": _("Điểm lấy tối đa 2 chữ số thập phân."),
                    "max_digits": _("Điểm quá lớn."),
                },
            )
            self.fields[f"n{criterion.pk}"] = forms.CharField(
                label=_("Ghi chú"), required=False, max_length=500
            )
            self.fields[f"n{criterion.pk}"].widget.attrs["class"] = "form-control"

    def clean(self):
        from .criteria_services import check_points

        data = super().clean()
        for criterion in self.criteria:
            name = f"c{criterion.pk}"
            message = check_points(criterion=criterion, points=data.get(name))
            if message:
                self.add_error(name, message)
        return data

    def rows(self):
        return [(c, self[f"c{c.pk}"], self[f"n{c.pk}"]) for c in self.criteria]

    def points(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}

    def notes(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"n{c.pk}", "") for c in self.criteria}


class PlanTaskReportForm(PortalFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Nội dung báo cáo"), widget=forms.Textarea({"rows": 3}), max_length=5000
    )
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        required=False,
        error_messages={"invalid": _("Nhập tiến độ là một số nguyên từ 0 đến 100.")},
    )
    completed = forms.BooleanField(label=_("Báo cáo hoàn thành"), required=False)
    reported_on = forms.DateField(
        label=_("Ngày báo cáo"), widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.FileField(label=_("Minh chứng (tùy chọn)"), required=False)

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_upload(upload)
        return upload

    def clean_percent(self):
        percent = self.cleaned_data.get("percent")
        if percent is not None and not 0 <= percent <= 100:
            raise ValidationError(_("Tiến độ phải từ 0 đến 100 %."))
        return percent
