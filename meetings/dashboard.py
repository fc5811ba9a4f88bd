"""The chair's dashboard: one pass over a committee's directives for a date range, every figure
derived by `timeliness()` for the as-of date, so that every total equals the task count."""

import datetime
from dataclasses import dataclass, field

from steering.timeliness import GRID_COLUMNS, GridBucket, Timeliness, grid_bucket

from .models import Directive


@dataclass
class Tally:
    label: str
    key: int | str | None
    grid: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GRID_COLUMNS, 0))
    overdue_days: int = 0

    @property
    def total(self) -> int:
        return sum(self.grid.values())

    @property
    def on_time_rate(self) -> float | None:
        """Completed on time among those completed with a deadline (None if none completed)."""
        done = self.grid[GridBucket.DONE_ON_TIME] + self.grid[GridBucket.DONE_LATE]
        return 100 * self.grid[GridBucket.DONE_ON_TIME] / done if done else None


@dataclass
class Dashboard:
    as_of: datetime.date
    overall: Tally
    by_unit: list[Tally]
    by_meeting: list[Tally]
    due_next_week: list[tuple[Directive, str]]
    overdue: list[tuple[Directive, int]]


def dashboard_build(*, directives, as_of: datetime.date, soon_days: int = 7) -> Dashboard:
    directives = directives.select_related("lead_unit", "conclusion__meeting")
    overall = Tally(label="", key=None)
    units: dict = {}
    meetings: dict = {}
    due_next_week, overdue = [], []
    for directive in directives:
        status = directive.timeliness(as_of)
        bucket = grid_bucket(status)
        due = directive.effective_due_date
        days_late = (as_of - due).days if status == Timeliness.OVERDUE and due else 0
        unit_key = directive.lead_unit_id or f"text:{directive.lead_unit_text}"
        unit = units.setdefault(
            unit_key, Tally(label=directive.lead_unit_label or "—", key=directive.lead_unit_id)
        )
        meeting = directive.conclusion.meeting
        by_meeting = meetings.setdefault(
            meeting.pk, Tally(label=meeting.display_title, key=meeting.pk)
        )
        for tally in (overall, unit, by_meeting):
            tally.grid[bucket] += 1
            tally.overdue_days += days_late
        if status == Timeliness.OVERDUE:
            overdue.append((directive, days_late))
        elif (
            status in (Timeliness.DUE_SOON, Timeliness.ON_TRACK)
            and due
            and ((due - as_of).days <= soon_days)
        ):
            due_next_week.append((directive, status))
    overdue.sort(key=lambda item: -item[1])
    due_next_week.sort(key=lambda item: item[0].effective_due_date)
    return Dashboard(
        as_of=as_of,
        overall=overall,
        by_unit=sorted(units.values(), key=lambda t: (-t.grid[GridBucket.OPEN_OVERDUE], t.label)),
        by_meeting=sorted(meetings.values(), key=lambda t: t.label),
        due_next_week=due_next_week,
        overdue=overdue,
    )


def bucket_timeliness(bucket: str) -> list[str]:
    """The timeliness values behind a grid column (for links to the filtered list)."""
    return [value for value in Timeliness.values if grid_bucket(value) == bucket]
