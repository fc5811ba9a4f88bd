"""Deadline reminders that arrive exactly once: the ladder, the candidates, the sweep.

Apps contribute what is due through `<app>/reminders.py: candidates(as_of)` (directives and
meeting invitations in meetings, plan tasks and KPI period closing in kpis); steering imports no
app. For each item the sweep works out the *current* step of the ladder (7, 3, 1 days before, on
the day, then every week while overdue) — only that step, so a sweep after missed days sends the
step that is due now, never a backlog — and the people who get it (the lead unit's officers; the
unit's leaders and then the committee's chair once it has been overdue for N reminders).

Each (item, step, person) is one `ReminderDispatch` row with a unique key, inserted with
ON CONFLICT (a repeated or concurrent sweep inserts nothing new) and claimed for sending with a
compare-and-set UPDATE (`steering.notifications.reminders_deliver`). Queries per batch of
candidates are constant: one upsert; recipients are looked up once per sweep.
"""

import datetime
import importlib
import importlib.util
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    AccessRole,
    CommitteeRole,
    DispatchState,
    OrgUnitLeader,
    RecipientReason,
    ReminderDispatch,
    ReminderPolicy,
)
from .vndates import vn_short_date as format_date

PLUGIN_APPS = ("projects", "kpis", "meetings")
# Candidates due further away than this are not looked at (the longest lead time is shorter).
HORIZON_DAYS = 60
DEFAULT_BATCH_SIZE = 1000


class Ladder:
    TASK = "task"  # full ladder: before, on the day, weekly while overdue, escalation
    KPI = "kpi"  # period closing: before and on the day, to the unit's officers
    INVITATION = "invitation"  # once, to the listed accounts, with an .ics


@dataclass(frozen=True)
class ReminderItem:
    """Something someone owes by a date (or a meeting they are invited to)."""

    key: str  # stable and unique across apps, e.g. "directive:12"
    kind: str  # "directive", "plan_task", "kpi_period", "meeting"
    title: str
    url: str
    committee_id: int
    unit_id: int | None = None
    unit_name: str = ""
    due_date: datetime.date | None = None
    due_text: str = ""
    context: str = ""  # where it comes from: the meeting's notice, the plan
    committee_name: str = ""
    ladder: str = Ladder.TASK
    recipients: tuple[int, ...] = ()  # explicit accounts (invitations)
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    location: str = ""


@dataclass(frozen=True)
class Step:
    code: str
    days_left: int  # negative when overdue
    overdue_count: int = 0  # 1 for the first weekly reminder after the due date, …


def plugin_modules() -> list:
    modules = []
    for name in PLUGIN_APPS:
        if importlib.util.find_spec(name) and importlib.util.find_spec(f"{name}.reminders"):
            modules.append(importlib.import_module(f"{name}.reminders"))
    return modules


def all_candidates(as_of: datetime.date) -> Iterator[ReminderItem]:
    for module in plugin_modules():
        yield from module.candidates(as_of)


def current_step(
    item: ReminderItem, *, as_of: datetime.date, policy: ReminderPolicy
) -> Step | None:
    """The latest step of the item's ladder that has come by `as_of` (None before the first)."""
    if item.ladder == Ladder.INVITATION:
        if item.starts_at is None or timezone.localtime(item.starts_at).date() < as_of:
            return None
        stamp = timezone.localtime(item.starts_at).strftime("%Y%m%d%H%M")
        return Step(code=f"invite-{stamp}", days_left=0)
    due = item.due_date
    if due is None:
        return None
    days_left = (due - as_of).days
    if days_left < 0:
        if item.ladder != Ladder.TASK:
            return None
        count = -days_left // policy.overdue_every_days
        if count >= 1:
            return Step(code=f"overdue-{count}", days_left=days_left, overdue_count=count)
    before = policy.days_before_list if item.ladder == Ladder.TASK else policy.kpi_days_before_list
    triggers = [*before, 0] if policy.remind_on_due_day else list(before)
    reached = [d for d in triggers if d >= days_left]
    if not reached:
        return None
    latest = min(reached)
    return Step(code="due" if latest == 0 else f"before-{latest}", days_left=days_left)


@dataclass
class RecipientDirectory:
    """Who receives what, loaded once per sweep (three queries)."""

    officers: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    leaders: dict[int, list[int]] = field(default_factory=dict)
    chairs: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "RecipientDirectory":
        officers: dict[tuple[int, int], list[int]] = defaultdict(list)
        for committee_id, user_id, unit_id in CommitteeRole.objects.filter(
            role=AccessRole.UNIT_OFFICER,
            user__is_active=True,
            user__profile__org_unit__isnull=False,
        ).values_list("committee_id", "user_id", "user__profile__org_unit_id"):
            officers[(committee_id, unit_id)].append(user_id)
        leaders: dict[int, list[int]] = defaultdict(list)
        for unit_id, user_id in OrgUnitLeader.objects.filter(user__is_active=True).values_list(
            "org_unit_id", "user_id"
        ):
            leaders[unit_id].append(user_id)
        chairs: dict[int, list[int]] = defaultdict(list)
        for committee_id, user_id in CommitteeRole.objects.filter(
            role=AccessRole.CHAIR, user__is_active=True
        ).values_list("committee_id", "user_id"):
            chairs[committee_id].append(user_id)
        return cls(dict(officers), dict(leaders), dict(chairs))

    def recipients(
        self, item: ReminderItem, step: Step, policy: ReminderPolicy
    ) -> list[tuple[int, str]]:
        if item.ladder == Ladder.INVITATION:
            return [(uid, RecipientReason.MEMBER) for uid in dict.fromkeys(item.recipients)]
        if item.unit_id is None:
            return []
        officers = self.officers.get((item.committee_id, item.unit_id), [])
        if item.ladder == Ladder.KPI:
            return [(uid, RecipientReason.REPORTING_OFFICER) for uid in officers]
        found = dict.fromkeys(officers, RecipientReason.LEAD_OFFICER)
        if step.overdue_count > policy.escalate_to_head_after:
            for uid in self.leaders.get(item.unit_id, []):
                found.setdefault(uid, RecipientReason.UNIT_HEAD)
        if step.overdue_count > policy.escalate_to_chair_after:
            for uid in self.chairs.get(item.committee_id, []):
                found.setdefault(uid, RecipientReason.CHAIR)
        return list(found.items())


def _when_text(item: ReminderItem, step: Step) -> str:
    if item.ladder == Ladder.INVITATION:
        local = timezone.localtime(item.starts_at)
        return _("Họp lúc %(time)s ngày %(date)s") % {
            "time": local.strftime("%H:%M"),
            "date": format_date(local.date()),
        }
    due = format_date(item.due_date)
    if step.days_left > 0:
        return _("Hạn %(due)s — còn %(days)s ngày") % {"due": due, "days": step.days_left}
    if step.days_left == 0:
        return _("Hạn %(due)s — đến hạn hôm nay") % {"due": due}
    return _("Hạn %(due)s — đã quá hạn %(days)s ngày") % {"due": due, "days": -step.days_left}


def _why_text(item: ReminderItem, step: Step, reason: str) -> str:
    unit, committee = item.unit_name, item.committee_name
    if reason == RecipientReason.LEAD_OFFICER:
        return _(
            "Anh/chị nhận nhắc việc này vì là cán bộ đầu mối của %(unit)s, đơn vị chủ trì."
        ) % {"unit": unit}
    if reason == RecipientReason.UNIT_HEAD:
        return _(
            "Anh/chị nhận nhắc việc này vì là lãnh đạo %(unit)s: nhiệm vụ đã quá hạn và cán bộ "
            "đầu mối đã được nhắc %(count)s lần sau hạn."
        ) % {"unit": unit, "count": step.overdue_count}
    if reason == RecipientReason.CHAIR:
        return _(
            "Anh/chị nhận nhắc việc này vì là lãnh đạo %(committee)s: nhiệm vụ của %(unit)s đã "
            "quá hạn %(days)s ngày, đã nhắc %(count)s lần sau hạn."
        ) % {
            "committee": committee,
            "unit": unit,
            "days": -step.days_left,
            "count": step.overdue_count,
        }
    if reason == RecipientReason.REPORTING_OFFICER:
        return _(
            "Anh/chị nhận nhắc việc này vì là cán bộ đầu mối của %(unit)s và đơn vị chưa gửi "
            "báo cáo kỳ này."
        ) % {"unit": unit}
    return _("Anh/chị nhận giấy mời này vì là thành viên %(committee)s.") % {"committee": committee}


def plan_dispatches(
    items: Iterable[ReminderItem],
    *,
    as_of: datetime.date,
    policy: ReminderPolicy,
    directory: RecipientDirectory,
) -> list[ReminderDispatch]:
    """Unsaved dispatch rows for the current step of each item, one per recipient."""
    rows = []
    for item in items:
        step = current_step(item, as_of=as_of, policy=policy)
        if step is None:
            continue
        for user_id, reason in directory.recipients(item, step, policy):
            payload = {
                "kind": item.kind,
                "title": item.title,
                "url": item.url,
                "due_text": item.due_text,
                "context": item.context,
                "unit": item.unit_name,
                "committee": item.committee_name,
                "when": _when_text(item, step),
                "why": _why_text(item, step, reason),
                "days_left": step.days_left,
                "overdue": step.days_left < 0,
            }
            if item.ladder == Ladder.INVITATION:
                payload.update(
                    starts_at=item.starts_at.isoformat(),
                    ends_at=item.ends_at.isoformat() if item.ends_at else "",
                    location=item.location,
                    uid=item.key,
                )
            rows.append(
                ReminderDispatch(
                    key=f"{item.key}:{step.code}:{user_id}",
                    item_key=item.key,
                    recipient_id=user_id,
                    reason=reason,
                    step=step.code,
                    due_date=item.due_date,
                    payload=payload,
                    seen_on=as_of,
                )
            )
    return rows


def record_dispatches(rows: list[ReminderDispatch]) -> None:
    """Insert the new rows; rows already there only learn that they are still current (and, if
    not sent yet, get today's wording for the retry). At most three queries: read the batch's
    existing keys, INSERT … ON CONFLICT DO NOTHING (a concurrent sweep inserting the same key
    is no error and adds nothing), lock and update the unsent ones. A row is never reset to
    pending."""
    if not rows:
        return
    existing = {
        key: (pk, state)
        for pk, key, state in ReminderDispatch.objects.filter(
            key__in=[row.key for row in rows]
        ).values_list("pk", "key", "state")
    }
    fresh = [row for row in rows if row.key not in existing]
    if fresh:
        ReminderDispatch.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=len(fresh))
    unsent = []
    for row in rows:
        pk, state = existing.get(row.key, (None, DispatchState.SENT))
        if state != DispatchState.SENT:
            row.pk = pk
            unsent.append(row)
    if unsent:
        with transaction.atomic():
            # Rows locked in primary-key order first: concurrent sweeps never deadlock.
            ReminderDispatch.objects.filter(pk__in=[row.pk for row in unsent]).lock_in_order()
            ReminderDispatch.objects.bulk_update(
                unsent, ["seen_on", "payload"], batch_size=len(unsent)
            )


def count_unsent(rows: list[ReminderDispatch]) -> int:
    """For a dry run: how many of these rows would be sent (not sent before). One query."""
    if not rows:
        return 0
    keys = [row.key for row in rows]
    sent = set(
        ReminderDispatch.objects.filter(key__in=keys, state=DispatchState.SENT).values_list(
            "key", flat=True
        )
    )
    return len([k for k in keys if k not in sent])


def _batched(iterable, size: int):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


@dataclass
class SweepResult:
    as_of: datetime.date
    dry_run: bool
    items: int = 0
    planned: int = 0
    to_send: int = 0
    sent: int = 0
    emails: int = 0
    failed: int = 0
    recipients: int = 0


def reminders_collect(
    *,
    as_of: datetime.date,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    candidates: Iterable[ReminderItem] | None = None,
    policy: ReminderPolicy | None = None,
) -> SweepResult:
    """First half of the sweep: record the due steps (or count them, for a dry run)."""
    result = SweepResult(as_of=as_of, dry_run=dry_run)
    policy = policy or ReminderPolicy.current()
    directory = RecipientDirectory.load()
    source = all_candidates(as_of) if candidates is None else candidates
    with translation.override(settings.LANGUAGE_CODE):
        for batch in _batched(source, batch_size):
            result.items += len(batch)
            rows = plan_dispatches(batch, as_of=as_of, policy=policy, directory=directory)
            result.planned += len(rows)
            if dry_run:
                result.to_send += count_unsent(rows)
            else:
                record_dispatches(rows)
    return result


def reminders_send(
    *,
    as_of: datetime.date | None = None,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> SweepResult:
    """The daily sweep (Celery beat and `manage.py send_reminders` call this): record the steps
    due on `as_of`, then send each person one digest of everything claimed for them."""
    from .notifications import reminders_deliver

    as_of = as_of or timezone.localdate()
    policy = ReminderPolicy.current()
    result = reminders_collect(as_of=as_of, dry_run=dry_run, batch_size=batch_size, policy=policy)
    if dry_run:
        return result
    delivery = reminders_deliver(as_of=as_of, policy=policy)
    result.sent, result.emails = delivery.sent, delivery.emails
    result.failed, result.recipients = delivery.failed, delivery.recipients
    return result
