"""Reads for traffic-light criteria sets: the units × criteria grid of a month with its counts
per colour, the marks behind each count, and one unit's sheet.

A colour counts once the standing agency has accepted the unit's sheet; a submitted sheet still
waiting is "Chờ thẩm định", a unit that has not submitted is "Chưa đánh giá". A fixed number of
queries whatever the number of units and criteria.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch

from .criteria_selectors import scored_units
from .models import CriteriaSet, Criterion, CriterionEvidence, CriterionScore, Light, SheetState

ACCEPTED = (SheetState.REVIEWED, SheetState.PUBLISHED)
PENDING = "pending"
UNMARKED = "unmarked"
GRID_PAGE_SIZE = 25
CELLS_PAGE_SIZE = 50


def criteria_with_groups(*, criteria_set: CriteriaSet) -> list[Criterion]:
    return list(criteria_set.criteria.select_related("group").order_by("ordinal", "code"))


def group_spans(criteria: list[Criterion]) -> list[dict]:
    """Consecutive criteria of one group, for a two-row table header."""
    spans: list[dict] = []
    for criterion in criteria:
        if spans and spans[-1]["group"] == criterion.group:
            spans[-1]["span"] += 1
        else:
            spans.append({"group": criterion.group, "span": 1})
    return spans


@dataclass
class GridRow:
    unit: object
    sheet: object
    cells: list[dict]
    counts: dict = field(default_factory=dict)


@dataclass
class LightsGrid:
    criteria: list[Criterion]
    spans: list[dict]
    rows: list[GridRow]
    page: Page
    totals: dict
    units: int

    @property
    def cells(self) -> int:
        return self.units * len(self.criteria)


def _scope(criteria_set: CriteriaSet, year: int, month: int) -> list:
    return scored_units(criteria_set=criteria_set, on=datetime.date(year, month, 1))


def month_totals(*, criteria_set: CriteriaSet, year: int, month: int, unit_ids: list[int]) -> dict:
    """Marks per colour (accepted sheets), waiting for review, and not yet marked. One query."""
    totals = {Light.GREEN: 0, Light.YELLOW: 0, Light.RED: 0, PENDING: 0}
    rows = (
        CriterionScore.objects.filter(
            sheet__criteria_set=criteria_set,
            sheet__year=year,
            sheet__month=month,
            sheet__unit_id__in=unit_ids,
            value__isnull=False,
        )
        .values("light", "sheet__state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        if row["sheet__state"] in ACCEPTED:
            totals[row["light"]] += row["n"]
        elif row["sheet__state"] == SheetState.SELF_SCORED:
            totals[PENDING] += row["n"]
    return totals


def lights_grid(
    *, criteria_set: CriteriaSet, year: int, month: int, page_number=None
) -> LightsGrid:
    """A page of units × every criterion, each cell the accepted colour (or waiting / empty),
    with the month's counts per colour over every unit. Seven queries at any size."""
    from .models import ScoreSheet

    criteria = criteria_with_groups(criteria_set=criteria_set)
    units = _scope(criteria_set, year, month)
    unit_ids = [u.pk for u in units]
    totals = month_totals(criteria_set=criteria_set, year=year, month=month, unit_ids=unit_ids)
    totals[UNMARKED] = len(units) * len(criteria) - sum(totals.values())
    page = Paginator(units, GRID_PAGE_SIZE).get_page(page_number)
    sheets = {
        s.unit_id: s
        for s in ScoreSheet.objects.filter(
            criteria_set=criteria_set, year=year, month=month, unit__in=[u.pk for u in page]
        ).prefetch_related(
            Prefetch(
                "scores",
                queryset=CriterionScore.objects.only("sheet_id", "criterion_id", "light", "value"),
            )
        )
    }
    rows = []
    for unit in page:
        sheet = sheets.get(unit.pk)
        marks = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
        accepted = sheet is not None and sheet.state in ACCEPTED
        waiting = sheet is not None and sheet.state == SheetState.SELF_SCORED
        counts = {Light.GREEN: 0, Light.YELLOW: 0, Light.RED: 0, PENDING: 0}
        cells = []
        for criterion in criteria:
            mark = marks.get(criterion.pk)
            if mark is not None and mark.value is not None and accepted:
                cells.append({"light": mark.light, "criterion": criterion})
                counts[mark.light] += 1
            elif mark is not None and mark.value is not None and waiting:
                cells.append({"light": PENDING, "criterion": criterion})
                counts[PENDING] += 1
            else:
                cells.append({"light": "", "criterion": criterion})
        rows.append(GridRow(unit=unit, sheet=sheet, cells=cells, counts=counts))
    return LightsGrid(
        criteria=criteria,
        spans=group_spans(criteria),
        rows=rows,
        page=page,
        totals=totals,
        units=len(units),
    )


def lights_cells(
    *,
    criteria_set: CriteriaSet,
    year: int,
    month: int,
    light: str,
    unit_id: int | None = None,
    criterion_id: int | None = None,
):
    """The marks behind a count of the grid: one colour (accepted sheets) or "pending"."""
    unit_ids = [u.pk for u in _scope(criteria_set, year, month)]
    if unit_id is not None:
        unit_ids = [pk for pk in unit_ids if pk == unit_id]
    marks = CriterionScore.objects.filter(
        sheet__criteria_set=criteria_set,
        sheet__year=year,
        sheet__month=month,
        sheet__unit_id__in=unit_ids,
        value__isnull=False,
    )
    if light == PENDING:
        marks = marks.filter(sheet__state=SheetState.SELF_SCORED)
    else:
        marks = marks.filter(sheet__state__in=ACCEPTED, light=light)
    if criterion_id is not None:
        marks = marks.filter(criterion_id=criterion_id)
    return marks.select_related("sheet__unit", "criterion__group").order_by(
        "sheet__unit__code", "criterion__group__ordinal", "criterion__ordinal", "pk"
    )


def unit_marks(*, criteria_set: CriteriaSet, unit, year: int, month: int):
    """(sheet or None, {criterion pk: mark with its evidence})."""
    from .models import ScoreSheet

    sheet = (
        ScoreSheet.objects.filter(criteria_set=criteria_set, unit=unit, year=year, month=month)
        .select_related("self_scored_by", "reviewed_by", "published_by")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=CriterionScore.objects.prefetch_related(
                    Prefetch("evidence", queryset=CriterionEvidence.objects.order_by("pk"))
                ),
            )
        )
        .first()
    )
    marks = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
    return sheet, marks


def unit_light_counts(*, criteria: list[Criterion], sheet, marks: dict) -> dict:
    """A unit's colours for the month as the upper level reads them: accepted colours, or
    "pending" while the sheet waits for review, and the criteria not marked."""
    counts = {Light.GREEN: 0, Light.YELLOW: 0, Light.RED: 0, PENDING: 0, UNMARKED: 0}
    accepted = sheet is not None and sheet.state in ACCEPTED
    waiting = sheet is not None and sheet.state == SheetState.SELF_SCORED
    for criterion in criteria:
        mark = marks.get(criterion.pk)
        if mark is None or mark.value is None or not (accepted or waiting):
            counts[UNMARKED] += 1
        elif accepted:
            counts[mark.light] += 1
        else:
            counts[PENDING] += 1
    return counts
