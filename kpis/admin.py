from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from steering.admin import LabelledTabularInline, VietnameseExportAdmin

from .models import (
    Indicator,
    IndicatorReport,
    PeriodException,
    Plan,
    PlanTask,
    ReportEvidence,
    ReportingPeriod,
    SolutionGroup,
    Target,
    TaskGroup,
)
from .resources import IndicatorAdminResource, TargetAdminResource


class TaskGroupInline(LabelledTabularInline):
    model = TaskGroup
    extra = 0


class SolutionGroupInline(LabelledTabularInline):
    model = SolutionGroup
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("number", "date", "issuer", "year", "committee")
    list_filter = ("year", "committee")
    search_fields = ("number", "title")
    inlines = [TaskGroupInline, SolutionGroupInline]


@admin.register(PlanTask)
class PlanTaskAdmin(SimpleHistoryAdmin):
    list_display = ("ordinal", "content", "lead_unit", "deadline_text", "due_date", "state")
    list_filter = ("plan", "state", "group")
    search_fields = ("content",)
    autocomplete_fields = ("lead_unit", "supporting_units")


class TargetInline(LabelledTabularInline):
    model = Target
    extra = 0
    autocomplete_fields = ("org_unit",)


@admin.register(Indicator)
class IndicatorAdmin(VietnameseExportAdmin, SimpleHistoryAdmin):
    resource_classes = [IndicatorAdminResource]
    list_display = ("code", "name", "kind", "direction", "frequency", "plan")
    list_filter = ("plan", "kind")
    search_fields = ("code", "name")
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(VietnameseExportAdmin, SimpleHistoryAdmin):
    resource_classes = [TargetAdminResource]
    list_display = ("indicator", "year", "org_kind", "org_unit", "value")
    list_filter = ("indicator__plan", "year", "org_kind")
    search_fields = ("indicator__code", "org_unit__name")
    autocomplete_fields = ("org_unit",)


class PeriodExceptionInline(LabelledTabularInline):
    model = PeriodException
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("__str__", "plan", "start", "end", "submission_deadline", "lock_date")
    list_filter = ("plan", "kind", "year")
    readonly_fields = ("start", "end")
    inlines = [PeriodExceptionInline]


class ReportEvidenceInline(LabelledTabularInline):
    model = ReportEvidence
    extra = 0
    readonly_fields = ("original_name", "size", "content_type", "uploaded_by", "uploaded_at")


@admin.register(IndicatorReport)
class IndicatorReportAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "indicator", "period", "numerator", "denominator", "value", "state")
    list_filter = ("period", "state")
    search_fields = ("unit__name", "indicator__code")
    raw_id_fields = ("unit", "indicator", "period", "saved_by", "submitted_by", "reviewed_by")
    inlines = [ReportEvidenceInline]
