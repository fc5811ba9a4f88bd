from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from steering.admin import LabelledTabularInline, VietnameseExportAdmin

from .models import ITProject, ProjectGroup, ProjectStatus, ProjectStatusChange
from .resources import ITProjectResource


@admin.register(ProjectStatus)
class ProjectStatusAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order", "is_terminal", "colour_class")
    list_editable = ("name", "order", "is_terminal", "colour_class")
    search_fields = ("code", "name")


@admin.register(ProjectGroup)
class ProjectGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")
    list_editable = ("name", "order")
    search_fields = ("code", "name")


class StatusChangeInline(LabelledTabularInline):
    model = ProjectStatusChange
    fk_name = "project"
    extra = 0
    fields = ("changed_on", "from_status", "to_status", "decision_text", "reason", "changed_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Status changes are written by the service, which also moves the project.
        return False


@admin.register(ITProject)
class ITProjectAdmin(VietnameseExportAdmin, SimpleHistoryAdmin):
    resource_classes = [ITProjectResource]
    list_display = ("code", "name", "committee", "owner_unit", "status", "health")
    list_filter = ("committee", "group", "status", "health", "funding_source")
    search_fields = ("code", "name", "search_key")
    list_select_related = ("committee", "owner_unit", "status")
    autocomplete_fields = ("owner_unit", "pilot_units")
    readonly_fields = ("version",)
    inlines = [StatusChangeInline]


@admin.register(ProjectStatusChange)
class ProjectStatusChangeAdmin(SimpleHistoryAdmin):
    list_display = ("project", "changed_on", "from_status", "to_status", "decision_text")
    list_filter = ("to_status",)
    search_fields = ("project__code", "project__name", "decision_text")
    list_select_related = ("project", "from_status", "to_status")
    raw_id_fields = ("project", "changed_by")
