"""A ward's report upward: its tasks from above in the six categories the upper level asks for,
and its criteria traffic lights, for a period.

The six categories (chưa thực hiện / đang thực hiện / đã hoàn thành × đúng hạn / quá hạn, as the
national NQ 57 tracking system counts them) are read off the one status rule,
`steering.timeliness` (`with_timeliness(as_of)`, the SQL twin the inbox and the grids use):

- đã hoàn thành đúng hạn: completed on time, or completed with no deadline to miss;
- đã hoàn thành quá hạn: completed late;
- otherwise the task is open on the report date: "chưa thực hiện" while its state is still
  "not started", else "đang thực hiện"; "quá hạn" when the rule says overdue, else "đúng hạn"
  (within its deadline, recurring, or no deadline yet);
- tasks stopped (dừng thực hiện) are counted apart, so the six add up to the tasks in force.

The tasks are those upper committees gave to the committee's area (`cascade_selectors.
directives_from_above`) and assigned by the period's end, as the user may read them; the
criteria are the traffic-light sets that mark the area's ward, for the month of the period's end.
A fixed number of queries.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from kpis import lights_selectors
from kpis.models import CriteriaMethod, CriteriaSet
from steering.models import SteeringCommittee
from steering.selectors import committee_area
from steering.timeliness import TaskState, Timeliness

from .cascade_selectors import directives_from_above
from .models import Directive

NOT_STARTED, IN_PROGRESS, DONE = "chua_thuc_hien", "dang_thuc_hien", "da_hoan_thanh"
ON_TIME, LATE = "dung_han", "qua_han"
PROGRESS = {
    NOT_STARTED: _("Chưa thực hiện"),
    IN_PROGRESS: _("Đang thực hiện"),
    DONE: _("Đã hoàn thành"),
}
TIMING = {ON_TIME: _("Đúng hạn"), LATE: _("Quá hạn")}
SIX = [(p, t) for p in PROGRESS for t in TIMING]
STOPPED = "dung_thuc_hien"
UNSHOWN = (
    "created_at",
    "updated_at",
    "search_key",
    "cancel_reason",
    "lead_unit__created_at",
    "lead_unit__updated_at",
    "committee__created_at",
    "committee__updated_at",
    "conclusion__text",
    "conclusion__meeting__ends_at",
    "conclusion__meeting__attendees_summary",
    "conclusion__meeting__created_at",
    "conclusion__meeting__updated_at",
)


def six_category(*, state: str, status: str) -> tuple[str, str] | None:
    """The category of a task from its state and its derived status (a `Timeliness` value);
    None for a stopped task."""
    if status == Timeliness.CANCELLED:
        return None
    if status in (Timeliness.COMPLETED_ON_TIME, Timeliness.COMPLETED_NO_DEADLINE):
        return DONE, ON_TIME
    if status == Timeliness.COMPLETED_LATE:
        return DONE, LATE
    progress = NOT_STARTED if state == TaskState.NOT_STARTED else IN_PROGRESS
    return progress, LATE if status == Timeliness.OVERDUE else ON_TIME


def category_label(category: tuple[str, str] | None) -> str:
    if category is None:
        return str(Timeliness.CANCELLED.label)
    return f"{PROGRESS[category[0]]}, {str(TIMING[category[1]]).lower()}"


@dataclass
class TaskRow:
    directive: Directive
    category: tuple[str, str] | None
    assigned_on: datetime.date

    @property
    def label(self) -> str:
        return category_label(self.category)


@dataclass
class CriteriaBlock:
    criteria_set: CriteriaSet
    year: int
    month: int
    sheet: object
    rows: list  # (criterion, mark or None)
    counts: dict


@dataclass
class UpwardReport:
    committee: SteeringCommittee
    area: object
    start: datetime.date
    end: datetime.date
    counts: dict = field(default_factory=dict)  # (progress, timing) → n
    stopped: int = 0
    assigned_in_period: int = 0
    rows: list[TaskRow] = field(default_factory=list)
    criteria: list[CriteriaBlock] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, progress: str, timing: str) -> int:
        return self.counts[(progress, timing)]

    def progress_total(self, progress: str) -> int:
        return sum(n for (p, _t), n in self.counts.items() if p == progress)

    def table(self) -> list[dict]:
        """The summary row as the template and the workbook lay it out."""
        return [
            {
                "progress": p,
                "label": PROGRESS[p],
                "on_time": self.count(p, ON_TIME),
                "late": self.count(p, LATE),
                "total": self.progress_total(p),
            }
            for p in PROGRESS
        ]


def upward_tasks(*, committee: SteeringCommittee, user, end: datetime.date):
    """The tasks from above the report counts (lazy): readable by `user`, assigned by `end`."""
    return (
        Directive.objects.visible_to(user)
        .filter(pk__in=directives_from_above(committee=committee).values("pk"))
        .filter(conclusion__meeting__starts_at__date__lte=end)
    )


def upward_report(
    *, committee: SteeringCommittee, user, start: datetime.date, end: datetime.date
) -> UpwardReport:
    area = committee_area(committee=committee)
    report = UpwardReport(committee=committee, area=area, start=start, end=end)
    report.counts = dict.fromkeys(SIX, 0)
    tasks = (
        upward_tasks(committee=committee, user=user, end=end)
        .with_timeliness(end)
        .select_related("lead_unit", "committee", "conclusion__meeting")
        # Columns no report shows: their parsing (four timestamps a row) and the conclusions'
        # text were a third of a 300-task ward's report.
        .defer(*UNSHOWN)
        .order_by("conclusion__meeting__starts_at", "conclusion__ordinal", "pk")
    )
    for directive in tasks:
        category = six_category(state=directive.state, status=directive.status)
        assigned_on = directive.conclusion.meeting.starts_at.date()
        report.rows.append(TaskRow(directive, category, assigned_on))
        if category is None:
            report.stopped += 1
        else:
            report.counts[category] += 1
        if assigned_on >= start:
            report.assigned_in_period += 1
    if area is not None:
        report.criteria = unit_criteria_blocks(unit=area, year=end.year, month=end.month)
    return report


def unit_criteria_blocks(*, unit, year: int, month: int) -> list[CriteriaBlock]:
    """The unit's traffic lights for the month in every lights set that marks it that year.
    One query for the sets, two per set (a ward is marked by one or two sets)."""
    sets = (
        CriteriaSet.objects.filter(method=CriteriaMethod.LIGHTS, year=year, sheets__unit=unit)
        .distinct()
        .order_by("name", "pk")
    )
    blocks = []
    for criteria_set in sets:
        criteria = lights_selectors.criteria_with_groups(criteria_set=criteria_set)
        sheet, marks = lights_selectors.unit_marks(
            criteria_set=criteria_set, unit=unit, year=year, month=month
        )
        counts = lights_selectors.unit_light_counts(criteria=criteria, sheet=sheet, marks=marks)
        accepted = sheet is not None and sheet.state in lights_selectors.ACCEPTED
        rows = [(c, marks.get(c.pk) if accepted else None) for c in criteria]
        blocks.append(
            CriteriaBlock(
                criteria_set=criteria_set,
                year=year,
                month=month,
                sheet=sheet,
                rows=rows,
                counts=counts,
            )
        )
    return blocks
