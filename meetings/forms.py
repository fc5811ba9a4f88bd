from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.forms import PortalFormMixin
from steering.models import OrgUnit, Person, SteeringCommittee
from steering.timeliness import GridBucket, TaskState, Timeliness
from steering.uploads import validate_upload

from .models import Attendance, AttendanceStatus, Conclusion, Directive, Meeting, ReportHeard

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class MeetingForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    online_link = forms.URLField(
        label=_("Đường dẫn họp trực tuyến"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = [
            "committee",
            "kind",
            "number_in_year",
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "online_link",
            "chair",
            "chair_title",
            "attendees_summary",
        ]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "attendees_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["chair"].queryset = Person.objects.filter(
            memberships__committee__in=committees
        ).distinct()
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["committee"].disabled = True


class PasteForm(PortalFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Nội dung kết luận"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Dán nguyên văn phần kết luận (các mục “1. Về …”, các ý “Giao … chủ trì …”). "
            "Hệ thống đề xuất cấu trúc để kiểm tra trước khi lưu."
        ),
    )


class TopicDraftForm(PortalFormMixin, forms.Form):
    section = forms.CharField(label=_("Phần"), max_length=10, required=False)
    number = forms.CharField(label=_("Số mục"), max_length=10, required=False)
    title = forms.CharField(label=_("Tiêu đề"), max_length=500, required=False)


class DirectiveDraftForm(PortalFormMixin, forms.Form):
    topic = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    item = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    include = forms.BooleanField(label=_("Lưu"), required=False, initial=True)
    content = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=OrgUnit.objects.none(), required=False
    )
    lead_unit_text = forms.CharField(
        label=_("Chủ trì (như văn bản ghi)"), max_length=255, required=False
    )
    supporting_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=OrgUnit.objects.none(), required=False
    )
    report_to = forms.CharField(label=_("Báo cáo"), max_length=255, required=False)
    deadline_text = forms.CharField(
        label=_("Thời hạn (nguyên văn)"), max_length=255, required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else OrgUnit.objects.none()
        self.fields["lead_unit"].queryset = units
        self.fields["supporting_units"].queryset = units


class BaseDirectiveDraftFormSet(forms.BaseFormSet):
    def __init__(self, *args, units=None, **kwargs):
        self.units = units
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "units": self.units}


TopicDraftFormSet = forms.formset_factory(TopicDraftForm, extra=0, max_num=200)
DirectiveDraftFormSet = forms.formset_factory(
    DirectiveDraftForm, formset=BaseDirectiveDraftFormSet, extra=0, max_num=500
)


class DirectiveFilterForm(PortalFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), queryset=SteeringCommittee.objects.none(), required=False
    )
    meeting = forms.ModelChoiceField(
        label=_("Cuộc họp"), queryset=Meeting.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.all(), required=False)
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=OrgUnit.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    state = forms.ChoiceField(
        label=_("Tình trạng"), choices=[("", _("Tất cả")), *TaskState.choices], required=False
    )
    timeliness = forms.ChoiceField(
        label=_("Trạng thái thời hạn"),
        choices=[("", _("Tất cả")), *Timeliness.choices],
        required=False,
    )
    bucket = forms.ChoiceField(
        label=_("Cột báo cáo"), choices=[("", _("Tất cả")), *GridBucket.choices], required=False
    )
    meeting_from = forms.DateField(
        label=_("Họp từ ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    meeting_to = forms.DateField(
        label=_("Họp đến ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    due_from = forms.DateField(
        label=_("Hạn từ ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    due_to = forms.DateField(
        label=_("Hạn đến ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    # The dashboard's links carry its as-of date, so the list shows the same figures.
    as_of = forms.DateField(
        label=_("Tính đến ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = SteeringCommittee.objects.visible_to(user)
        self.fields["meeting"].queryset = Meeting.objects.visible_to(user).select_related(
            "committee"
        )


class ReportForm(PortalFormMixin, forms.Form):
    completed = forms.BooleanField(
        label=_("Báo cáo đã hoàn thành (chờ cơ quan thường trực xác nhận)"), required=False
    )
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100, required=False)
    reported_on = forms.DateField(
        label=_("Ngày báo cáo"), widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    note = forms.CharField(
        label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )
    evidence = forms.FileField(
        label=_("Minh chứng"),
        required=False,
        help_text=_("PDF, ảnh PNG/JPG, Word hoặc Excel; tối đa 10 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_upload(upload)
        return upload

    def clean_reported_on(self):
        day = self.cleaned_data["reported_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày báo cáo không được sau hôm nay."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("completed") and not data.get("evidence"):
            self.add_error("evidence", _("Báo cáo hoàn thành cần kèm minh chứng."))
        return data


class ReviewForm(PortalFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("confirm", _("Xác nhận hoàn thành")), ("return", _("Trả lại"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Cần ghi lý do trả lại."))
        return data


class ExtensionRequestForm(PortalFormMixin, forms.Form):
    requested_due_date = forms.DateField(
        label=_("Đề nghị gia hạn đến"), widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(PortalFormMixin, forms.Form):
    approve = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("yes", _("Đồng ý gia hạn")), ("no", _("Không đồng ý"))],
        widget=forms.RadioSelect,
    )
    granted_due_date = forms.DateField(
        label=_("Gia hạn đến"),
        required=False,
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        help_text=_("Để trống: đồng ý đúng ngày đơn vị đề nghị."),
    )
    note = forms.CharField(label=_("Ý kiến"), required=False, max_length=1000)


class DirectiveForm(PortalFormMixin, forms.ModelForm):
    """The secretariat corrects a directive; `version` guards against a concurrent edit."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Directive
        fields = [
            "content",
            "lead_unit",
            "lead_unit_text",
            "supporting_units",
            "report_to",
            "deadline_text",
            "project",
            "state",
            "cancel_reason",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4}),
            "cancel_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["lead_unit"].required = True
        self.fields["lead_unit"].error_messages["required"] = _(
            "Hãy chọn đơn vị chủ trì: mỗi nhiệm vụ phải gắn với một đơn vị."
        )
        self.fields["supporting_units"].queryset = units
        self.fields["project"].queryset = self.fields["project"].queryset.filter(
            committee=self.instance.committee_id
        )
        # Completion goes through report → confirm, never typed here.
        self.fields["state"].choices = [
            (value, label)
            for value, label in TaskState.choices
            if value not in {TaskState.COMPLETED, TaskState.PENDING_REVIEW}
            or value == self.instance.state
        ]
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if (
            data.get("state") == TaskState.CANCELLED
            and not (data.get("cancel_reason") or "").strip()
        ):
            self.add_error("cancel_reason", _("Dừng thực hiện phải ghi rõ lý do."))
        return data


class AttendanceForm(PortalFormMixin, forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=AttendanceStatus.choices)
    absence_reason = forms.CharField(label=_("Lý do vắng"), max_length=255, required=False)
    stand_in = forms.CharField(label=_("Người dự thay"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status == AttendanceStatus.ABSENT and not data.get("absence_reason", "").strip():
            self.add_error("absence_reason", _("Cần ghi lý do vắng mặt."))
        if status == AttendanceStatus.REPRESENTED and not data.get("stand_in", "").strip():
            self.add_error("stand_in", _("Cần ghi tên người dự thay."))
        return data


AttendanceFormSet = forms.formset_factory(AttendanceForm, extra=0, max_num=200)


class ReportHeardForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ReportHeard
        fields = ["ordinal", "reporting_unit", "title", "is_opinion_request", "file"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["reporting_unit"].queryset = units

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            validate_upload(upload)
        return upload


ReportHeardFormSet = forms.inlineformset_factory(
    Meeting, ReportHeard, form=ReportHeardForm, extra=2, can_delete=True, max_num=50
)


class InviteeForm(PortalFormMixin, forms.ModelForm):
    """An invited unit or guest (not on the roster)."""

    class Meta:
        model = Attendance
        fields = ["unit", "guest_name", "status", "stand_in"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        named = data.get("unit") or (data.get("guest_name") or "").strip()
        if not named and self.has_changed():
            raise forms.ValidationError(_("Chọn đơn vị được mời hoặc ghi tên khách mời."))
        return data


InviteeFormSet = forms.inlineformset_factory(
    Meeting, Attendance, form=InviteeForm, extra=2, can_delete=True, max_num=100
)


class ConclusionForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Conclusion
        fields = ["section", "section_title", "number", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version


class DashboardForm(PortalFormMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), queryset=SteeringCommittee.objects.none(), required=False
    )
    meeting_from = forms.DateField(
        label=_("Họp từ ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    meeting_to = forms.DateField(
        label=_("Họp đến ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    as_of = forms.DateField(
        label=_("Tính đến ngày"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees

    def clean(self):
        data = super().clean()
        start, end = data.get("meeting_from"), data.get("meeting_to")
        if start and end and end < start:
            self.add_error("meeting_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class LeadUnitLinkForm(PortalFormMixin, forms.Form):
    """Link a legacy directive's text-only lead unit to a unit ("Nhiệm vụ chưa gắn đơn vị").

    `units` is a list, read once per meeting, so a page of many rows does not query per row."""

    lead_unit = forms.TypedChoiceField(
        label=_("Đơn vị chủ trì"),
        coerce=int,
        error_messages={
            "required": _("Hãy chọn đơn vị chủ trì."),
            "invalid_choice": _("Đơn vị đã chọn không thuộc phạm vi của Ban chỉ đạo."),
        },
    )

    def __init__(self, *args, units: list[OrgUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["lead_unit"].choices = [("", "---------")] + [
            (unit.pk, unit.name) for unit in units
        ]

    def clean_lead_unit(self):
        return self.units[self.cleaned_data["lead_unit"]]
