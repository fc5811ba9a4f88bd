"""What kpis contributes to the reminder sweep and the calendar feeds (steering collects it).

Candidates: open plan tasks with a lead unit and a due date within the horizon (one streamed
query), and for each reporting period closing soon, one item per reporting unit that has not
submitted every indicator that applies to it (three queries per period; periods are few).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steering.feeds import CalendarEvent
from steering.models import CommitteeRole
from steering.reminders import HORIZON_DAYS, Ladder, ReminderItem

from .models import IndicatorReport, PlanTask, ReportingPeriod, ReportState
from .selectors import periods_for_user, reporting_units

FEED_PAST_DAYS = 180
SUBMITTED = (ReportState.SUBMITTED, ReportState.ACCEPTED)


def _title(content: str) -> str:
    text = " ".join(content.split())
    return text if len(text) <= 200 else text[:199] + "…"


def _task_rows(tasks):
    return (
        tasks.with_effective_due()
        .order_by("pk")
        .values_list(
            "pk",
            "content",
            "plan__committee_id",
            "plan__committee__name",
            "plan__committee__short_name",
            "plan__number",
            "lead_unit_id",
            "lead_unit__name",
            "lead_unit__short_name",
            "deadline_text",
            "effective_due",
        )
    )


def plan_task_candidates(as_of: datetime.date) -> Iterator[ReminderItem]:
    horizon = as_of + datetime.timedelta(days=HORIZON_DAYS)
    url = reverse("kpi_home")
    rows = _task_rows(
        PlanTask.objects.open()
        .filter(lead_unit__isnull=False)
        .with_effective_due()
        .filter(effective_due__lte=horizon)
    )
    for row in rows.iterator(chunk_size=2000):
        pk, content, committee_id, c_name, c_short, plan_number, unit_id, u_name, _u_short = row[:9]
        deadline_text, due = row[9:]
        yield ReminderItem(
            key=f"plan_task:{pk}",
            kind="plan_task",
            title=_title(content),
            url=url,
            committee_id=committee_id,
            committee_name=c_short or c_name,
            unit_id=unit_id,
            unit_name=u_name,
            due_date=due,
            due_text=deadline_text,
            context=_("Kế hoạch %(number)s") % {"number": plan_number},
        )


def unsubmitted_units(period: ReportingPeriod) -> list:
    """Reporting units that have not submitted (or had accepted) every indicator applying to
    them for the period."""
    plan = period.plan
    indicators = list(plan.indicators.all())
    done = defaultdict(set)
    for unit_id, indicator_id in IndicatorReport.objects.filter(
        period=period, state__in=SUBMITTED
    ).values_list("unit_id", "indicator_id"):
        done[unit_id].add(indicator_id)
    missing = []
    for unit in reporting_units(plan=plan):
        needed = {ind.pk for ind in indicators if ind.applies_to(unit)}
        if needed and not needed <= done[unit.pk]:
            missing.append(unit)
    return missing


def period_candidates(as_of: datetime.date) -> Iterator[ReminderItem]:
    periods = ReportingPeriod.objects.filter(
        submission_deadline__gte=as_of,
        submission_deadline__lte=as_of + datetime.timedelta(days=HORIZON_DAYS),
    ).select_related("plan", "plan__committee", "plan__issuer")
    for period in periods.order_by("submission_deadline", "pk"):
        committee = period.plan.committee
        for unit in unsubmitted_units(period):
            yield ReminderItem(
                key=f"kpi_period:{period.pk}:{unit.pk}",
                kind="kpi_period",
                title=_("Báo cáo chỉ tiêu %(period)s") % {"period": period.label},
                url=reverse("kpi_report", args=[period.pk]),
                committee_id=committee.pk,
                committee_name=committee.display_name,
                unit_id=unit.pk,
                unit_name=unit.name,
                due_date=period.submission_deadline,
                context=_("Kế hoạch %(number)s") % {"number": period.plan.number},
                ladder=Ladder.KPI,
            )


def candidates(as_of: datetime.date) -> Iterator[ReminderItem]:
    yield from period_candidates(as_of)
    yield from plan_task_candidates(as_of)


# --- Calendar feeds -------------------------------------------------------------------------


def _window_start() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)


def calendar_events(*, user=None, unit=None) -> list[CalendarEvent]:
    start = _window_start()
    if unit is not None:
        tasks = PlanTask.objects.filter(lead_unit=unit)
        committees = CommitteeRole.objects.filter(user__profile__org_unit=unit).values(
            "committee_id"
        )
        periods = [
            p
            for p in ReportingPeriod.objects.filter(
                plan__committee_id__in=committees, submission_deadline__gte=start
            ).select_related("plan", "plan__issuer")
            if any(u.pk == unit.pk for u in reporting_units(plan=p.plan))
        ]
    else:
        tasks = PlanTask.objects.visible_to(user)
        periods = list(periods_for_user(user=user).filter(submission_deadline__gte=start))
    events = []
    for row in _task_rows(tasks.open().filter(due_date__isnull=False)):
        pk, content, *_rest, u_name, u_short, deadline_text, due = row
        if due is None or due < start:
            continue
        events.append(
            CalendarEvent(
                uid=f"plan-task-{pk}",
                summary=_("Hạn: %(title)s") % {"title": _title(content)},
                start=due,
                description=_("Đơn vị chủ trì: %(unit)s. Thời hạn: %(text)s")
                % {"unit": u_short or u_name or "—", "text": deadline_text or "—"},
            )
        )
    for period in periods:
        events.append(
            CalendarEvent(
                uid=f"kpi-period-{period.pk}",
                summary=_("Hạn gửi báo cáo chỉ tiêu %(period)s") % {"period": period.label},
                start=period.submission_deadline,
                url=reverse("kpi_report", args=[period.pk]),
            )
        )
    return events
