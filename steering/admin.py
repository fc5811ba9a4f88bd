from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.forms.models import BaseInlineFormSet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .downloads import content_disposition
from .models import (
    ApiToken,
    CalendarDay,
    CommitteeRole,
    FeedToken,
    Membership,
    Notification,
    OrgSuccession,
    OrgUnit,
    OrgUnitLeader,
    Person,
    Profile,
    ReminderDispatch,
    ReminderPolicy,
    SteeringCommittee,
    UnitAlias,
)
from .resources import MembershipResource, OrgUnitResource
from .workdays import working_calendar_changed


class VietnameseExportAdmin(ImportExportModelAdmin):
    """django-import-export's admin, its exports named in Vietnamese ("Đơn vị 04-12-2026.xlsx"
    instead of "OrgUnit-2026-12-04.xlsx"), with the UTF-8 `filename*` and an ASCII fallback."""

    def get_export_filename(self, request, queryset, file_format):
        with translation.override("vi"):
            label = str(self.model._meta.verbose_name_plural)
        day = timezone.localdate()
        return f"{label[:1].upper()}{label[1:]} {day:%d-%m-%Y}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form)
        response["Content-Disposition"] = content_disposition(
            self.get_export_filename(request, queryset, file_format)
        )
        return response


class LabelledInlineFormSet(BaseInlineFormSet):
    """A tabular inline names its columns in the table header only; a screen reader on the input
    itself hears nothing. Every input gets its field's label as `aria-label`."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if not field.widget.is_hidden:  # HTML forbids aria-* on hidden inputs
                field.widget.attrs.setdefault("aria-label", str(field.label or name))


class LabelledTabularInline(admin.TabularInline):
    """The admin's tabular inline with a name on every input (use it instead of TabularInline)."""

    formset = LabelledInlineFormSet


class SuccessionInline(LabelledTabularInline):
    model = OrgSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    verbose_name_plural = OrgSuccession._meta.verbose_name_plural


@admin.register(OrgUnit)
class OrgUnitAdmin(VietnameseExportAdmin, SimpleHistoryAdmin):
    resource_classes = [OrgUnitResource]
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code", "search_key"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [SuccessionInline]


@admin.register(OrgSuccession)
class OrgSuccessionAdmin(SimpleHistoryAdmin):
    list_display = ["predecessor", "successor", "effective_date", "legal_basis"]
    autocomplete_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]


class MembershipInline(LabelledTabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "owner_unit", "document_profile", "standing_agency"]
    list_filter = ["document_profile"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["owner_unit", "standing_agency", "support_team", "predecessor"]
    list_select_related = ["owner_unit", "standing_agency"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "position_title", "org_unit", "user"]
    search_fields = ["full_name", "position_title"]
    autocomplete_fields = ["org_unit", "user"]
    list_select_related = ["org_unit", "user"]


@admin.register(Membership)
class MembershipAdmin(VietnameseExportAdmin, SimpleHistoryAdmin):
    resource_classes = [MembershipResource]
    list_display = ["person", "committee", "role", "position_in_agency", "start_date", "end_date"]
    list_filter = ["committee", "role"]
    search_fields = ["person__full_name", "position_in_agency"]
    autocomplete_fields = ["committee", "person"]
    list_select_related = ["person", "committee"]


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "committee", "role"]
    list_filter = ["committee", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "committee"]
    list_select_related = ["user", "committee"]


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "committee", "created_at"]
    list_filter = ["committee"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["committee", "unit"]
    list_select_related = ["unit", "committee"]


@admin.register(Profile)
class ProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "org_unit"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user", "org_unit"]
    list_select_related = ["user", "org_unit"]


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["org_unit"]


class CommitteeRoleInline(LabelledTabularInline):
    model = CommitteeRole
    extra = 0
    autocomplete_fields = ["committee"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [ProfileInline, CommitteeRoleInline]


# --- Reminders, notifications, calendar feeds -----------------------------------------------


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "days_before",
        "overdue_every_days",
        "escalate_to_head_after",
        "escalate_to_chair_after",
        "kpi_days_before",
    ]


@admin.register(OrgUnitLeader)
class OrgUnitLeaderAdmin(admin.ModelAdmin):
    list_display = ["org_unit", "user", "title"]
    search_fields = ["org_unit__name", "user__username", "user__last_name"]
    autocomplete_fields = ["org_unit", "user"]
    list_select_related = ["org_unit", "user"]


@admin.register(ReminderDispatch)
class ReminderDispatchAdmin(admin.ModelAdmin):
    list_display = ["key", "recipient", "reason", "state", "attempts", "seen_on", "sent_at"]
    list_filter = ["state", "reason"]
    search_fields = ["key", "recipient__username"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in ReminderDispatch._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "org_unit", "created_at", "revoked_at"]
    list_select_related = ["user", "org_unit"]
    raw_id_fields = ["user", "org_unit"]
    exclude = ["token"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are made by `manage.py create_api_token` (shown once); here they are listed and
    revoked."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request, queryset):
        from .services import api_token_revoke

        for token in queryset:
            api_token_revoke(token=token)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Days off and make-up working days the government announces each year; public holidays
    (Tết included) come from the `holidays` package and need no entry."""

    list_display = ["date", "kind", "note"]
    list_filter = ["kind", "date"]
    date_hierarchy = "date"
    search_fields = ["note"]

    def delete_queryset(self, request, queryset):
        # The bulk delete skips Model.delete(): drop the cached years here.
        days = list(queryset.values_list("date", flat=True))
        super().delete_queryset(request, queryset)
        working_calendar_changed(*days)
