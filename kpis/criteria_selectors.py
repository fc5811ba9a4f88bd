"""Reads for scored criteria sets: scored units, a month's results and ranking, sheet history."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from steering.selectors import orgunits_in_committee_scope
from steering.text import vn_sort_key

from .maths import rank_competition
from .models import CriteriaSet, Criterion, CriterionScore, ScoreSheet, SheetState
from .permissions import plan_scope


def criteria_sets_for_user(*, user):
    readers, officer_of, _unit = plan_scope(user)
    sets = CriteriaSet.objects.select_related("committee")
    if readers is None:
        return sets
    return sets.filter(committee_id__in=[*readers, *officer_of])


def scored_units(*, criteria_set: CriteriaSet, on: datetime.date | None = None) -> list:
    """The units of the committee's area that the set scores (those existing on `on`), in
    Vietnamese alphabetical order."""
    units = orgunits_in_committee_scope(committee=criteria_set.committee, on=on)
    return sorted(
        (u for u in units if criteria_set.applies_to_kinds and criteria_set.applies_to(u)),
        key=lambda u: vn_sort_key(u.name),
    )


def criteria_of(*, criteria_set: CriteriaSet) -> list[Criterion]:
    return list(criteria_set.criteria.select_related("group").order_by("ordinal", "code"))


@dataclass
class ResultRow:
    unit: object
    sheet: ScoreSheet | None
    rank: int | None
    total: Decimal | None
    self_total: Decimal | None
    points: list[Decimal | None] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def labelled_points(self) -> list[tuple[Criterion, Decimal | None]]:
        """(criterion, points) pairs, for cells labelled by their criterion on a phone."""
        return list(zip(self.criteria, self.points, strict=True))

    @property
    def state_label(self) -> str:
        from django.utils.translation import gettext as _

        return self.sheet.get_state_display() if self.sheet else _("Chưa chấm")


@dataclass
class MonthResults:
    criteria: list[Criterion]
    rows: list[ResultRow]
    max_total: Decimal
    published: bool
    published_at: object
    reviewed: int
    units: int


def _total(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def month_results(*, criteria_set: CriteriaSet, year: int, month: int) -> MonthResults:
    """Every scored unit's reviewed points per criterion, totals and the ranking (ties share a
    rank, Vietnamese order inside a tie). Five queries whatever the number of units."""
    criteria = criteria_of(criteria_set=criteria_set)
    units = scored_units(criteria_set=criteria_set, on=datetime.date(year, month, 1))
    sheets = {
        s.unit_id: s
        for s in ScoreSheet.objects.filter(
            criteria_set=criteria_set, year=year, month=month
        ).prefetch_related(Prefetch("scores", queryset=CriterionScore.objects.all()))
    }
    rows = {}
    for unit in units:
        sheet = sheets.get(unit.pk)
        by_criterion = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
        points = [by_criterion[c.pk].points if c.pk in by_criterion else None for c in criteria]
        self_points = [
            by_criterion[c.pk].self_points if c.pk in by_criterion else None for c in criteria
        ]
        reviewed = sheet is not None and sheet.state in (SheetState.REVIEWED, SheetState.PUBLISHED)
        rows[unit.pk] = ResultRow(
            unit=unit,
            sheet=sheet,
            rank=None,
            total=_total(points) if reviewed else None,
            self_total=_total(self_points),
            points=points,
            criteria=criteria,
        )
    ranking = rank_competition((pk, row.unit.name, row.total) for pk, row in rows.items())
    ordered = []
    for rank, pk in ranking:
        rows[pk].rank = rank
        ordered.append(rows[pk])
    published = [s for s in sheets.values() if s.state == SheetState.PUBLISHED]
    return MonthResults(
        criteria=criteria,
        rows=ordered,
        max_total=sum((c.max_points for c in criteria), Decimal(0)),
        published=bool(published),
        published_at=max((s.published_at for s in published), default=None),
        reviewed=sum(
            1 for s in sheets.values() if s.state in (SheetState.REVIEWED, SheetState.PUBLISHED)
        ),
        units=len(units),
    )


def month_is_published(*, criteria_set: CriteriaSet, year: int, month: int) -> bool:
    return ScoreSheet.objects.filter(
        criteria_set=criteria_set, year=year, month=month, state=SheetState.PUBLISHED
    ).exists()


def set_months(*, criteria_set: CriteriaSet) -> list[dict]:
    """The twelve months of the set's year with how many sheets are reviewed and published."""
    counts: dict = {}
    for sheet in ScoreSheet.objects.filter(criteria_set=criteria_set, year=criteria_set.year).only(
        "month", "state"
    ):
        entry = counts.setdefault(sheet.month, {"sheets": 0, "reviewed": 0, "published": 0})
        entry["sheets"] += 1
        if sheet.state in (SheetState.REVIEWED, SheetState.PUBLISHED):
            entry["reviewed"] += 1
        if sheet.state == SheetState.PUBLISHED:
            entry["published"] += 1
    return [
        {"month": m, **counts.get(m, {"sheets": 0, "reviewed": 0, "published": 0})}
        for m in range(1, 13)
    ]


def state_changes(history) -> list[dict]:
    """(who, when, from → to) for every change of `state` in a simple-history queryset."""
    records = list(history.select_related("history_user").order_by("history_date", "history_id"))
    changes, previous = [], None
    for record in records:
        if previous is None or record.state != previous.state:
            changes.append(
                {
                    "who": record.history_user,
                    "when": record.history_date,
                    "from": previous.get_state_display() if previous is not None else "",
                    "to": record.get_state_display(),
                }
            )
        previous = record
    return changes
