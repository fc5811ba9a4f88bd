"""Forms of the cascade pages: the ward's breakdown of a task from above, the pickers of the
inbox and of the city's grid."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.forms import PortalFormMixin
from steering.models import OrgUnit, SteeringCommittee
from steering.timeliness import GridBucket

from .forms import DATE_FORMATS, DATE_INPUT
from .models import Meeting


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        day = timezone.localtime(obj.starts_at)
        return f"{day:%d/%m/%Y} — {obj.display_title}"


class CascadeViewForm(PortalFormMixin, forms.Form):
    """Which committee, as of which day (the inbox and the grid)."""

    committee = CommitteeChoiceField(
        label=_("Ban chỉ đạo"), queryset=SteeringCommittee.objects.none(), required=False
    )
    as_of = forms.DateField(
        label=_("Tính đến ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    bucket = forms.ChoiceField(
        label=_("Cột báo cáo"), choices=[("", _("Tất cả")), *GridBucket.choices], required=False
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = SteeringCommittee.objects.filter(
            pk__in=[c.pk for c in committees]
        )
        self.fields["committee"].empty_label = None
        self.fields["committee"].initial = committees[0].pk
        self.fields["as_of"].initial = timezone.localdate()
        self.committees = committees

    def chosen(self) -> tuple[SteeringCommittee, object, str]:
        """The committee (the first one by default), the day (today) and the column."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        picked = data.get("committee")
        committee = next((c for c in self.committees if picked and c.pk == picked.pk), None)
        return (
            committee or self.committees[0],
            data.get("as_of") or timezone.localdate(),
            data.get("bucket") or "",
        )


class BreakdownForm(PortalFormMixin, forms.Form):
    meeting = MeetingChoiceField(
        label=_("Ghi vào cuộc họp của Ban"),
        queryset=Meeting.objects.none(),
        empty_label=None,
        help_text=_(
            "Các nhiệm vụ được ghi thành một mục kết luận của cuộc họp này (thường là cuộc họp "
            "triển khai nhiệm vụ cấp trên giao), cùng sổ theo dõi với các nhiệm vụ khác của Ban."
        ),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class SubtaskForm(PortalFormMixin, forms.Form):
    content = forms.CharField(
        label=_("Nội dung nhiệm vụ"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=OrgUnit.objects.none(), required=False
    )
    deadline_text = forms.CharField(
        label=_("Thời hạn"),
        required=False,
        max_length=255,
        help_text=_("Ví dụ: trước ngày 12/8/2025. Để trống: theo hạn cấp trên giao."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units

    def clean(self):
        data = super().clean()
        content = (data.get("content") or "").strip()
        if content and not data.get("lead_unit"):
            self.add_error("lead_unit", _("Hãy chọn đơn vị chủ trì nhiệm vụ này."))
        if data.get("lead_unit") and not content:
            self.add_error("content", _("Hãy ghi nội dung nhiệm vụ giao cho đơn vị này."))
        return data


class BaseSubtaskFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any((f.cleaned_data.get("content") or "").strip() for f in self.forms):
            raise forms.ValidationError(
                _("Chưa có nhiệm vụ nào: hãy ghi nội dung và đơn vị chủ trì ở ít nhất một dòng.")
            )


SubtaskFormSet = forms.formset_factory(
    SubtaskForm, formset=BaseSubtaskFormSet, extra=3, max_num=20, validate_max=True
)
