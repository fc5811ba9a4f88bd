"""History through the 2025 reform: what an old unit (a ward merged away on 1/7/2025) was given
and reported, read by the units that succeeded it (OrgSuccession, many-to-many, with the share
of each noted) and by its own users, as issued: the old names kept.

Directives and plan tasks of every state (closed ones included), and the old unit's KPI figures
period by period. Each function is one query (a page of directives: two), whatever the number of
old units or rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q

from kpis.models import IndicatorReport, PlanTask
from kpis.selectors import report_value
from steering.models import OrgSuccession, OrgUnit
from steering.tracking import CLOSED_STATES, led_or_supported_by

from .models import Directive


def _is(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


@dataclass(frozen=True)
class PredecessorSummary:
    succession: OrgSuccession
    directives: int
    open_directives: int
    plan_tasks: int
    figures: int


def _assigned_counts(model, ids: list[int]) -> dict[int, dict]:
    """Per old unit, the tasks it led or supported (as its history page lists them) and how
    many of those are still open: one grouped count over the lead, one over the link table."""
    counts: dict[int, dict] = {pk: {"n": 0, "open": 0} for pk in ids}
    is_open = ~Q(state__in=CLOSED_STATES)
    for row in (
        model.objects.filter(lead_unit_id__in=ids)
        .order_by()
        .values("lead_unit_id")
        .annotate(n=Count("pk"), open=Count("pk", filter=is_open))
    ):
        counts[row["lead_unit_id"]]["n"] += row["n"]
        counts[row["lead_unit_id"]]["open"] += row["open"]
    link = model._meta.get_field("supporting_units")
    task, unit = link.m2m_field_name(), link.m2m_reverse_field_name()
    for row in (
        link.remote_field.through.objects.filter(**{f"{unit}_id__in": ids})
        .exclude(**{f"{task}__lead_unit_id": F(f"{unit}_id")})  # listed once, as led
        .order_by()
        .values(f"{unit}_id")
        .annotate(
            n=Count("pk"),
            open=Count("pk", filter=~Q(**{f"{task}__state__in": CLOSED_STATES})),
        )
    ):
        counts[row[f"{unit}_id"]]["n"] += row["n"]
        counts[row[f"{unit}_id"]]["open"] += row["open"]
    return counts


def predecessor_summaries(*, successions: list[OrgSuccession]) -> list[PredecessorSummary]:
    """The old units of `successions` with the tasks they led or supported (directives, plan
    tasks: the rows their history page lists) and the figures they reported."""
    ids = [s.predecessor_id for s in successions]
    directives = _assigned_counts(Directive, ids)
    tasks = _assigned_counts(PlanTask, ids)
    figures = dict(
        IndicatorReport.objects.filter(unit_id__in=ids)
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("pk"))
    )
    return [
        PredecessorSummary(
            succession=s,
            directives=directives[s.predecessor_id]["n"],
            open_directives=directives[s.predecessor_id]["open"],
            plan_tasks=tasks[s.predecessor_id]["n"],
            figures=figures.get(s.predecessor_id, 0),
        )
        for s in successions
    ]


def unit_successions_out(*, unit: OrgUnit) -> list[OrgSuccession]:
    """Every unit that took over part of `unit`, with the date, legal basis and share."""
    return list(
        OrgSuccession.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("effective_date", "successor__name", "pk")
    )


def unit_history_directives(*, unit: OrgUnit, user):
    """The directives the old unit led or supported, newest meeting first, as issued; `readable`
    marks those whose page the reader may open (the open ones that fell to a successor; the old
    unit's own users: theirs)."""
    readable = Directive.objects.visible_to(user).values("pk")
    return (
        Directive.objects.filter(led_or_supported_by(Directive, unit))
        .select_related("committee", "conclusion__meeting", "lead_unit__parent")
        .annotate(readable=_is(Q(pk__in=readable)), led=_is(Q(lead_unit=unit)))
        .order_by("-conclusion__meeting__starts_at", "conclusion__ordinal", "position", "pk")
    )


def unit_history_plan_tasks(*, unit: OrgUnit, user) -> list[PlanTask]:
    readable = PlanTask.objects.visible_to(user).values("pk")
    return list(
        PlanTask.objects.filter(led_or_supported_by(PlanTask, unit))
        .select_related("plan", "lead_unit__parent")
        .annotate(readable=_is(Q(pk__in=readable)), led=_is(Q(lead_unit=unit)))
        .order_by("-plan__date", "plan_id", "ordinal", "pk")
    )


@dataclass
class FigureTable:
    """One plan's figures of the old unit: indicators × periods."""

    plan: object
    periods: list = field(default_factory=list)
    # (indicator, [(report, its value) or None, per period])
    rows: list = field(default_factory=list)


def unit_history_figures(*, unit: OrgUnit) -> list[FigureTable]:
    """The old unit's KPI figures, plan by plan (newest first), as it reported them."""
    reports = list(
        IndicatorReport.objects.filter(unit=unit).select_related("indicator", "period__plan")
    )
    by_plan: dict[int, dict] = defaultdict(lambda: {"periods": {}, "indicators": {}, "cells": {}})
    plans = {}
    for report in reports:
        plan = report.period.plan
        plans[plan.pk] = plan
        entry = by_plan[plan.pk]
        entry["periods"][report.period_id] = report.period
        entry["indicators"][report.indicator_id] = report.indicator
        entry["cells"][(report.indicator_id, report.period_id)] = (report, report_value(report))
    tables = []
    for plan_id, entry in by_plan.items():
        periods = sorted(entry["periods"].values(), key=lambda p: (p.start, p.pk))
        indicators = sorted(entry["indicators"].values(), key=lambda i: (i.ordinal, i.pk))
        tables.append(
            FigureTable(
                plan=plans[plan_id],
                periods=periods,
                rows=[(i, [entry["cells"].get((i.pk, p.pk)) for p in periods]) for i in indicators],
            )
        )
    tables.sort(key=lambda t: (t.plan.date or datetime.date.min, t.plan.pk), reverse=True)
    return tables
