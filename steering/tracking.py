"""What every tracked piece of work shares: meeting directives (meetings) and plan tasks (kpis).

People enter facts (state, deadline as written, completion date); the displayed status is derived
by `steering.timeliness.timeliness` for an as-of date and never stored.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .deadlines import DeadlineKind
from .timeliness import TaskState, TimelinessQuerySet, effective_due_date, timeliness

CLOSED_STATES = (TaskState.COMPLETED, TaskState.CANCELLED)


class TrackedTaskQuerySet(TimelinessQuerySet):
    def open(self):
        return self.exclude(state__in=CLOSED_STATES)

    def for_unit(self, unit):
        """Work the unit leads or supports."""
        return self.filter(led_or_supported_by(self.model, unit))

    def led_by(self, unit):
        return self.filter(lead_unit=unit)

    def for_unit_or_inherited(self, unit):
        """Work the unit leads or supports, and the open work of the old units it succeeded."""
        return self.filter(led_or_supported_by(self.model, unit) | inherited_by(self.model, unit))


def led_or_supported_by(model, unit) -> Q:
    """Tasks the unit leads or supports, as a condition without a join: no DISTINCT needed, so
    the database can sort and count the rows before it paginates them."""
    # Read from the link table alone: going through the task table made the database scan it
    # whole for every list of one unit.
    field = model._meta.get_field("supporting_units")
    supported = field.remote_field.through._base_manager.filter(
        **{field.m2m_reverse_field_name(): unit}
    ).values(field.m2m_field_name())
    return Q(lead_unit=unit) | Q(pk__in=supported)


def predecessors_of(unit):
    """The units `unit` succeeded (OrgSuccession), as a subquery of their ids."""
    from .models import OrgSuccession  # models imports this module's neighbours

    return OrgSuccession.objects.filter(successor=unit).values("predecessor")


def inherited_from(model, unit) -> dict:
    """Annotations naming the old unit a task was inherited from (its lead unit, else one of its
    supporting units, among the units `unit` succeeded) and that unit's parent, for the mark
    "Kế thừa từ: <old unit> (cũ)"; None on the unit's own work. Subqueries, no extra query."""
    from django.db.models import Case, OuterRef, Subquery, When
    from django.db.models.functions import Coalesce

    from .models import OrgUnit

    field = model._meta.get_field("supporting_units")
    supported = field.remote_field.through._base_manager.filter(
        **{field.m2m_field_name(): OuterRef(OuterRef("pk"))}
    ).values(field.m2m_reverse_field_name())
    old = OrgUnit.objects.filter(pk__in=predecessors_of(unit))
    led = old.filter(pk=OuterRef("lead_unit_id"))
    helped = old.filter(pk__in=supported).order_by("name", "pk")

    def name_of(path: str):
        return Case(
            When(lead_unit=unit, then=None),
            default=Coalesce(Subquery(led.values(path)[:1]), Subquery(helped.values(path)[:1])),
            output_field=models.CharField(),
        )

    return {"inherited_from": name_of("name"), "inherited_from_parent": name_of("parent__name")}


def inherited_by(model, unit) -> Q:
    """Open tasks of the units `unit` succeeded (old wards merged into a new one, OrgSuccession):
    after the reform they fall to it. Subqueries, no extra query; the closed ones stay with the
    old unit as history."""
    predecessors = predecessors_of(unit)
    supported = model._base_manager.filter(supporting_units__in=predecessors).values("pk")
    return (Q(lead_unit__in=predecessors) | Q(pk__in=supported)) & ~Q(state__in=CLOSED_STATES)


class TrackedTask(models.Model):
    content = models.TextField(_("Nội dung"))
    lead_unit = models.ForeignKey(
        "steering.OrgUnit",
        verbose_name=_("Đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_led",
    )
    lead_unit_text = models.CharField(
        _("Đơn vị chủ trì (như văn bản ghi)"),
        max_length=255,
        blank=True,
        help_text=_("Giữ nguyên cách ghi trong văn bản khi chưa khớp với đơn vị nào."),
    )
    supporting_units = models.ManyToManyField(
        "steering.OrgUnit",
        verbose_name=_("Đơn vị phối hợp"),
        blank=True,
        related_name="%(app_label)s_%(class)s_supported",
    )
    report_to = models.CharField(_("Báo cáo"), max_length=255, blank=True)
    deadline_text = models.CharField(_("Thời hạn (nguyên văn)"), max_length=255, blank=True)
    deadline_kind = models.CharField(
        _("Loại thời hạn"), max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    due_date = models.DateField(_("Hạn hoàn thành"), null=True, blank=True)
    extended_due_date = models.DateField(_("Hạn sau gia hạn"), null=True, blank=True)
    state = models.CharField(
        _("Tình trạng"), max_length=20, choices=TaskState.choices, default=TaskState.NOT_STARTED
    )
    completed_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    cancel_reason = models.TextField(_("Lý do dừng thực hiện"), blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    # Optimistic locking: a save made from a stale form is refused instead of overwriting.
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    objects = TrackedTaskQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100),
                name="%(app_label)s_%(class)s_progress_range",
            ),
            models.CheckConstraint(
                condition=~Q(state=TaskState.COMPLETED) | Q(completed_on__isnull=False),
                name="%(app_label)s_%(class)s_completed_has_date",
                violation_error_message=_("Nhiệm vụ đã hoàn thành phải có ngày hoàn thành."),
            ),
            models.CheckConstraint(
                condition=~Q(state=TaskState.CANCELLED) | ~Q(cancel_reason=""),
                name="%(app_label)s_%(class)s_cancel_has_reason",
                violation_error_message=_("Dừng thực hiện phải ghi rõ lý do."),
            ),
            models.CheckConstraint(
                condition=Q(extended_due_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(extended_due_date__gte=F("due_date")),
                name="%(app_label)s_%(class)s_extension_after_due",
                violation_error_message=_("Hạn gia hạn phải sau hạn ban đầu."),
            ),
        ]

    @property
    def effective_due_date(self) -> datetime.date | None:
        return effective_due_date(due_date=self.due_date, extended_due_date=self.extended_due_date)

    @property
    def lead_unit_label(self) -> str:
        return self.lead_unit.display_name if self.lead_unit_id else self.lead_unit_text

    def timeliness(self, as_of: datetime.date | None = None) -> str:
        return timeliness(
            state=self.state,
            deadline_kind=self.deadline_kind,
            due_date=self.effective_due_date,
            completed_on=self.completed_on,
            as_of=as_of or timezone.localdate(),
            due_soon_days=settings.DUE_SOON_DAYS,
        )


class TaskEvent(models.Model):
    """One step of a tracked task's life, shown on its page: who, when, what, from → to.

    Concrete subclasses add the foreign key to their task and the `kind` field with their own
    choices."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True)
    note = models.TextField(_("Nội dung"), blank=True)
    percent = models.PositiveSmallIntegerField(_("Tiến độ (%)"), null=True, blank=True)
    reported_on = models.DateField(_("Ngày báo cáo"), null=True, blank=True)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class ExtensionState(models.TextChoices):
    REQUESTED = "requested", _("Chờ quyết định")
    APPROVED = "approved", _("Đồng ý")
    REFUSED = "refused", _("Không đồng ý")


class TaskExtension(models.Model):
    """A lead unit's request to move a task's deadline and the chair's decision on it.

    Concrete subclasses add the foreign key to their task and a partial unique constraint
    (at most one request waiting per task)."""

    requested_due_date = models.DateField(_("Đề nghị gia hạn đến"))
    reason = models.TextField(_("Lý do"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        max_length=20, choices=ExtensionState.choices, default=ExtensionState.REQUESTED
    )
    # The chair may grant another date than the one asked for; empty until approved.
    granted_due_date = models.DateField(_("Gia hạn đến (được đồng ý)"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        abstract = True
