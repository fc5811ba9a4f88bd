from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.forms import (  # noqa: F401 - the extension forms are shared with plan tasks
    ExtensionDecisionForm,
    ExtensionRequestForm,
    PortalFormMixin,
)
from steering.models import AREA_KINDS, OrgKind, OrgUnit, Person, SteeringCommittee
from steering.timeliness import GridBucket, TaskState, Timeliness
from steering.tracking import ExtensionState
from steering.uploads import validate_upload

from .models import (
    Attendance,
    AttendanceStatus,
    Conclusion,
    Directive,
    Meeting,
    PasteMode,
    ReportHeard,
)

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
            "Hệ thống đề xuất cấu trúc để kiểm tra trước khi lưu; mọi câu đều được giữ lại."
        ),
    )
    # Asked only when the meeting already has conclusions (the view checks it is answered).
    mode = forms.ChoiceField(
        label=_("Cuộc họp đã có kết luận"),
        choices=PasteMode.choices,
        required=False,
        widget=forms.RadioSelect,
    )


class TopicDraftForm(PortalFormMixin, forms.Form):
    section = forms.CharField(label=_("Phần"), max_length=10, required=False)
    section_title = forms.CharField(label=_("Tên phần"), max_length=255, required=False)
    number = forms.CharField(label=_("Số mục"), max_length=10, required=False)
    title = forms.CharField(label=_("Tiêu đề"), max_length=500, required=False)


class ItemKind(models.TextChoices):
    DIRECTIVE = "directive", _("Nhiệm vụ (giao đơn vị thực hiện)")
    TEXT = "text", _("Nội dung kết luận (đánh giá, quyết định, bối cảnh)")


# Kinds a unit named in a notice may be created as (areas come from the administrative list).
NEW_UNIT_KINDS = [(value, label) for value, label in OrgKind.choices if value not in AREA_KINDS]
NO_LEAD_UNIT = _(
    "Chưa xác định đơn vị chủ trì: chọn đơn vị, tạo đơn vị mới theo tên trong văn bản, "
    "hoặc chuyển câu này vào nội dung kết luận."
)


class ItemDraftForm(PortalFormMixin, forms.Form):
    """One sentence of the preview: a directive suggestion or a paragraph of conclusion text.

    Units are plain id choices built once for the whole formset (a ModelChoiceField would
    query the units for every row)."""

    topic = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    position = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    item = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    group = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    suggested_unit = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Đưa vào"), choices=ItemKind.choices)
    content = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    lead_unit = forms.TypedChoiceField(
        label=_("Đơn vị chủ trì"), coerce=int, required=False, empty_value=None
    )
    lead_unit_text = forms.CharField(
        label=_("Chủ trì (như văn bản ghi)"), max_length=255, required=False
    )
    remember_alias = forms.BooleanField(
        label=_("Ghi nhớ: lần sau hiểu tên này là đơn vị đã chọn"), required=False, initial=True
    )
    new_unit = forms.BooleanField(label=_("Tạo đơn vị mới với tên như văn bản ghi"), required=False)
    new_unit_kind = forms.ChoiceField(
        label=_("Loại đơn vị mới"),
        choices=[("", "—"), *NEW_UNIT_KINDS],
        required=False,
    )
    supporting_units = forms.TypedMultipleChoiceField(
        label=_("Đơn vị phối hợp"), coerce=int, required=False
    )
    report_to = forms.CharField(label=_("Báo cáo"), max_length=255, required=False)
    deadline_text = forms.CharField(
        label=_("Thời hạn (nguyên văn)"), max_length=255, required=False
    )

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].choices = [("", "—"), *unit_choices]
        self.fields["supporting_units"].choices = list(unit_choices)
        self.fields["supporting_units"].widget.attrs["size"] = 4

    def clean(self):
        data = super().clean()
        if data.get("new_unit"):
            if not (data.get("lead_unit_text") or "").strip():
                self.add_error("lead_unit_text", _("Ghi tên đơn vị cần tạo."))
            if not data.get("new_unit_kind"):
                self.add_error("new_unit_kind", _("Chọn loại đơn vị cần tạo."))
        return data


# What a follower of a group (one sentence, several lead units) takes from the group's first row.
GROUP_SHARED = ("kind", "content", "report_to", "deadline_text", "supporting_units", "item")


def _is_blank(data: dict) -> bool:
    """A row added on the page and left empty: ignored rather than refused."""
    texts = ("content", "lead_unit_text", "deadline_text", "report_to")
    return not any((data.get(name) or "").strip() for name in texts) and not (
        data.get("lead_unit") or data.get("group")
    )


class BaseItemDraftFormSet(forms.BaseFormSet):
    deletion_widget = forms.CheckboxInput

    def __init__(self, *args, unit_choices=(), **kwargs):
        self.unit_choices = list(unit_choices)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "unit_choices": self.unit_choices}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Xóa dòng này")

    def ordered_forms_kept(self) -> list:
        """The rows not deleted, in the order of the page (topic, position, row). Deleting a
        group's first row (which holds the sentence) deletes the group."""
        rows = [(index, form) for index, form in enumerate(self.forms) if form.cleaned_data]
        rows.sort(
            key=lambda pair: (
                pair[1].cleaned_data["topic"],
                pair[1].cleaned_data.get("position") or 0,
                pair[0],
            )
        )
        heads: dict[tuple[int, str], object] = {}
        kept = []
        for _index, form in rows:
            data = form.cleaned_data
            head = form
            if data.get("group"):
                head = heads.setdefault((data["topic"], data["group"]), form)
            deleted = data.get("DELETE") or head.cleaned_data.get("DELETE")
            if not deleted and not _is_blank(data):
                kept.append(form)
        return kept

    def clean(self):
        if any(self.errors):
            return
        leaders: dict[tuple[int, str], dict] = {}
        for form in self.ordered_forms_kept():
            data = form.cleaned_data
            group = data.get("group")
            if group:
                leader = leaders.setdefault((data["topic"], group), data)
                if leader is not data:
                    data.update({name: leader.get(name) for name in GROUP_SHARED})
            if not (data.get("content") or "").strip():
                form.add_error("content", _("Nội dung không được để trống."))
            elif data["kind"] == ItemKind.DIRECTIVE and not (
                data.get("lead_unit") or data.get("new_unit")
            ):
                form.add_error("lead_unit", NO_LEAD_UNIT)


TopicDraftFormSet = forms.formset_factory(TopicDraftForm, extra=0, max_num=200)
ItemDraftFormSet = forms.formset_factory(
    ItemDraftForm, formset=BaseItemDraftFormSet, extra=0, max_num=1000, can_delete=True
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
    # The dashboard's "Chưa gắn đơn vị" row: tasks whose lead unit is text only.
    unlinked = forms.BooleanField(
        label=_("Chưa gắn đơn vị"), required=False, widget=forms.HiddenInput
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


class ExtensionFilterForm(PortalFormMixin, forms.Form):
    """The extension list's filters; by default the requests waiting for a decision."""

    state = forms.ChoiceField(
        label=_("Tình trạng đề nghị"),
        choices=[*ExtensionState.choices, ("all", _("Tất cả"))],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Loại nhiệm vụ"),
        choices=[
            ("", _("Tất cả")),
            ("directive", _("Nhiệm vụ Ban chỉ đạo giao")),
            ("plan_task", _("Nhiệm vụ kế hoạch")),
        ],
        required=False,
    )
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), queryset=SteeringCommittee.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=OrgUnit.objects.all(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = SteeringCommittee.objects.visible_to(user)
