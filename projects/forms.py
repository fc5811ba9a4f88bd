from django import forms
from django.utils.translation import gettext_lazy as _

from steering.forms import PortalFormMixin
from steering.models import OrgUnit, SteeringCommittee
from steering.numbers import NumberKind, VnNumberField
from steering.selectors import orgunits_in_committee_scope

from .models import Health, ITProject, ProjectGroup, ProjectStatus

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class ProjectFilterForm(PortalFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm theo mã, tên"), required=False, max_length=100)
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), required=False, queryset=SteeringCommittee.objects.none()
    )
    group = forms.ModelChoiceField(
        label=_("Nhóm dự án"), required=False, queryset=ProjectGroup.objects.all()
    )
    status = forms.ModelChoiceField(
        label=_("Trạng thái"), required=False, queryset=ProjectStatus.objects.all()
    )
    health = forms.ChoiceField(
        label=_("Tiến độ"), required=False, choices=[("", _("Tất cả")), *Health.choices]
    )

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committees is not None:
            self.fields["committee"].queryset = committees
        for name in ("committee", "group", "status"):
            self.fields[name].empty_label = _("Tất cả")


class ProjectForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    start_date = forms.DateField(
        label=_("Ngày bắt đầu"), required=False, input_formats=DATE_INPUTS, **DATE_WIDGET
    )
    end_date = forms.DateField(
        label=_("Ngày kết thúc"), required=False, input_formats=DATE_INPUTS, **DATE_WIDGET
    )
    pilot_evaluated_on = forms.DateField(
        label=_("Ngày đánh giá thí điểm"), required=False, input_formats=DATE_INPUTS, **DATE_WIDGET
    )
    # Đồng, whole: typed the Vietnamese way ("1.500.000.000"), the one parser of steering.numbers.
    total_investment = VnNumberField(
        label=_("Tổng mức đầu tư (đồng)"),
        kind=NumberKind.COUNT,
        allow_negative=True,  # refused in clean_total_investment with the field's own words
        required=False,
        max_digits=18,
        decimal_places=0,
    )

    class Meta:
        model = ITProject
        fields = [
            "code",
            "name",
            "description",
            "committee",
            "owner_unit",
            "group",
            "status",
            "health",
            "total_investment",
            "funding_source",
            "start_date",
            "end_date",
            "pilot_units",
            "pilot_evaluation",
            "pilot_evaluated_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "pilot_evaluation": forms.Textarea(attrs={"rows": 3}),
            "pilot_units": forms.SelectMultiple(attrs={"size": 8}),
        }
        error_messages = {
            "code": {"unique": _("Mã dự án này đã được dùng cho một dự án khác.")},
        }

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committees is not None:
            self.fields["committee"].queryset = committees
        # Offer the units under the followed committees' areas (not another district's police).
        scope_of = [self.instance.committee] if self.instance.pk else list(committees or [])
        unit_ids = {u.pk for c in scope_of for u in orgunits_in_committee_scope(committee=c)}
        units = OrgUnit.objects.filter(pk__in=unit_ids).order_by("name")
        self.fields["owner_unit"].queryset = units
        self.fields["pilot_units"].queryset = units
        self.fields["pilot_units"].required = False
        self.fields["total_investment"].min_value = 0
        self.fields["total_investment"].error_messages["min_value"] = _(
            "Tổng mức đầu tư không được âm."
        )
        if self.instance.pk:
            # The status moves only through the status-change form, which cites a decision.
            del self.fields["status"]
            del self.fields["committee"]
            self.fields["version"].initial = self.instance.version

    def clean_total_investment(self):
        value = self.cleaned_data.get("total_investment")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Tổng mức đầu tư không được âm."))
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data


class StatusChangeForm(PortalFormMixin, forms.Form):
    to_status = forms.ModelChoiceField(
        label=_("Trạng thái mới"), queryset=ProjectStatus.objects.all()
    )
    changed_on = forms.DateField(
        label=_("Ngày quyết định"), input_formats=DATE_INPUTS, **DATE_WIDGET
    )
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision_text = forms.CharField(
        label=_("Căn cứ quyết định"),
        max_length=500,
        help_text=_("Ví dụ: Thông báo kết luận ngày 17/10/2019, mục 1"),
        error_messages={"required": _("Phải ghi căn cứ quyết định (văn bản, kết luận…).")},
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_to_status(self):
        status = self.cleaned_data["to_status"]
        if self.project is not None and status.pk == self.project.status_id:
            raise forms.ValidationError(
                _("Dự án đang ở trạng thái “%(s)s”; hãy chọn trạng thái khác.") % {"s": status}
            )
        return status
