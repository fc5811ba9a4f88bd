"""Forms of the traffic-light criteria sets: a unit's marks, the review, the Excel import."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from steering.forms import PortalFormMixin
from steering.numbers import VnNumberField, VnNumberInput

from .models import RuleKind

YES_NO_CHOICES = [("", "—"), ("1", _("Có")), ("0", _("Không"))]


class CriteriaMarkForm(PortalFormMixin, forms.Form):
    """A unit's value, note and evidence for every criterion of a traffic-light set. No colour
    field: the colour comes from the rule."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            label = f"{criterion.code}. {criterion.name}"
            if criterion.rule == RuleKind.YES_NO:
                field = forms.ChoiceField(label=label, required=False, choices=YES_NO_CHOICES)
            else:
                field = VnNumberField(
                    label=label,
                    required=False,
                    max_digits=14,
                    decimal_places=2,
                    widget=VnNumberInput(),
                    error_messages={
                        "max_decimal_places": _("Giá trị lấy tối đa 2 chữ số thập phân."),
                        "max_digits": _("Giá trị quá lớn."),
                    },
                )
            self.fields[f"v{criterion.pk}"] = field
            self.fields[f"n{criterion.pk}"] = forms.CharField(
                label=_("Ghi chú"), required=False, max_length=500
            )
            self.fields[f"f{criterion.pk}"] = forms.FileField(label=_("Minh chứng"), required=False)
        # The mixin styled the fields that existed before these were added.
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        from .lights_services import check_value

        data = super().clean()
        for criterion in self.criteria:
            name = f"v{criterion.pk}"
            message = check_value(criterion=criterion, value=self.value_of(criterion, data))
            if message:
                self.add_error(name, message)
        return data

    @staticmethod
    def value_of(criterion, data) -> Decimal | None:
        raw = data.get(f"v{criterion.pk}")
        if raw in (None, ""):
            return None
        return Decimal(raw) if criterion.rule == RuleKind.YES_NO else raw

    def rows(self):
        return [(c, self[f"v{c.pk}"], self[f"n{c.pk}"], self[f"f{c.pk}"]) for c in self.criteria]

    def values(self) -> dict:
        return {c.pk: self.value_of(c, self.cleaned_data) for c in self.criteria}

    def notes(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"n{c.pk}", "") for c in self.criteria}

    def files_by_criterion(self) -> dict:
        return {
            c.pk: [self.cleaned_data[f"f{c.pk}"]]
            for c in self.criteria
            if self.cleaned_data.get(f"f{c.pk}")
        }


class CriteriaReviewForm(PortalFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết quả thẩm định"),
        choices=[("accept", _("Chấp nhận")), ("return", _("Trả lại để bổ sung"))],
    )
    comment = forms.CharField(
        label=_("Nhận xét / lý do trả lại"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
    )


class CriteriaImportForm(PortalFormMixin, forms.Form):
    committee = forms.TypedChoiceField(label=_("Ban chỉ đạo"), coerce=int)
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255)
    year = forms.IntegerField(label=_("Năm áp dụng"), min_value=2000, max_value=2100)
    basis = forms.CharField(label=_("Căn cứ"), max_length=500, required=False)
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [(c.pk, c.name) for c in committees]
