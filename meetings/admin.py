from django.contrib import admin
from django.db import models
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
    list_display = ["committee", "year", "last_number", "last_issued_on"]
    list_filter = ["committee", "year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
