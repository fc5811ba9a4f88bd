from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from steering.admin import LabelledTabularInline

from .models import (
    Attendance,
    Conclusion,
    DeadlineExtension,
    Directive,
    DirectiveEvent,
    DocumentRegister,
    Meeting,
    MeetingDocument,
    ReportHeard,
    SigningImage,
)


class AttendanceInline(LabelledTabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "unit"]


class ReportHeardInline(LabelledTabularInline):
    model = ReportHeard
    extra = 0
    autocomplete_fields = ["reporting_unit"]


class ConclusionInline(admin.StackedInline):
    model = Conclusion
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["starts_at", "committee", "kind", "state"]
    list_filter = ["committee", "kind", "state"]
    search_fields = ["title", "venue"]
    autocomplete_fields = ["committee", "chair"]
    inlines = [AttendanceInline, ReportHeardInline, ConclusionInline]
    # Meeting links are https (and Django 6 assumes so): a bare "meet.example.vn" gets https://.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class EventInline(LabelledTabularInline):
    model = DirectiveEvent
    extra = 0
    readonly_fields = ["kind", "actor", "created_at", "note", "from_state", "to_state"]
    can_delete = False


@admin.register(Directive)
class DirectiveAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "lead_unit", "deadline_text", "due_date", "state"]
    list_filter = ["committee", "state", "deadline_kind"]
    search_fields = ["content", "search_key"]
    autocomplete_fields = ["lead_unit", "supporting_units", "conclusion"]
    list_select_related = ["committee", "lead_unit"]
    inlines = [EventInline]


@admin.register(Conclusion)
class ConclusionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting"]
    search_fields = ["title", "text"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(SimpleHistoryAdmin):
    list_display = ["directive", "requested_due_date", "state"]
    list_filter = ["state"]


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are drafted and issued through the portal's services (the register
    number and the frozen snapshot must not be edited by hand)."""

    list_display = ["__str__", "meeting", "version", "status", "issued_on", "render_state"]
    list_filter = ["kind", "status", "render_state", "committee"]
    list_select_related = ["meeting", "committee"]
    search_fields = ["subject", "signer_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentRegister)
class DocumentRegisterAdmin(admin.ModelAdmin):
    list_display = ["committee", "year", "series", "last_number", "last_issued_on"]
    list_filter = ["committee", "year", "series"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


MAX_SIGNING_IMAGE_BYTES = 2 * 1024 * 1024


class SigningImageForm(forms.ModelForm):
    """A signature or seal image: a PNG with a transparent background, checked by content."""

    class Meta:
        model = SigningImage
        fields = ["kind", "person", "committee", "image"]

    def clean_image(self):
        from steering.signing import transparent_png_problem

        upload = self.cleaned_data["image"]
        if upload.size > MAX_SIGNING_IMAGE_BYTES:
            raise forms.ValidationError(_("Ảnh quá lớn (tối đa 2 MB)."))
        data = upload.read()
        upload.seek(0)
        if problem := transparent_png_problem(data):
            raise forms.ValidationError(problem)
        return upload


@admin.register(SigningImage)
class SigningImageAdmin(admin.ModelAdmin):
    """Signature images per signer and seal images per committee, shown with the digital
    signatures of issued documents (the latest upload of each is used)."""

    form = SigningImageForm
    list_display = ["__str__", "kind", "uploaded_at"]
    list_filter = ["kind", "committee"]
    autocomplete_fields = ["person"]
