"""What meetings contributes to the reminder sweep and the calendar feeds (steering collects it).

Candidates: open directives with a lead unit and a due date within the horizon (one streamed
query), and planned meetings from the sweep's day on, with their members' accounts (two queries).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steering.feeds import CalendarEvent
from steering.models import CommitteeRole, Membership
from steering.reminders import HORIZON_DAYS, Ladder, ReminderItem
from steering.vndates import vn_short_date

from .models import Directive, Meeting, MeetingState

# Feeds show deadlines and meetings from this long ago.
FEED_PAST_DAYS = 180


def _url_maker(name: str):
    template = reverse(name, args=[987654321])
    return lambda pk: template.replace("987654321", str(pk))


def _directive_title(item: str, content: str) -> str:
    text = " ".join(content.split())
    text = text if len(text) <= 200 else text[:199] + "…"
    return _("Nhiệm vụ %(item)s: %(text)s") % {"item": item, "text": text} if item else text


def _directive_rows(directives):
    return (
        directives.with_effective_due()
        .order_by("pk")
        .values_list(
            "pk",
            "item",
            "content",
            "committee_id",
            "committee__name",
            "committee__short_name",
            "lead_unit_id",
            "lead_unit__name",
            "lead_unit__short_name",
            "deadline_text",
            "effective_due",
            "conclusion__meeting__starts_at",
        )
    )


def directive_candidates(as_of: datetime.date) -> Iterator[ReminderItem]:
    url = _url_maker("directive_detail")
    rows = _directive_rows(
        Directive.objects.open()
        .filter(lead_unit__isnull=False)
        .with_effective_due()
        .filter(effective_due__lte=as_of + datetime.timedelta(days=HORIZON_DAYS))
    )
    for (
        pk,
        item,
        content,
        committee_id,
        committee_name,
        committee_short,
        unit_id,
        unit_name,
        _unit_short,
        deadline_text,
        due,
        meeting_at,
    ) in rows.iterator(chunk_size=2000):
        yield ReminderItem(
            key=f"directive:{pk}",
            kind="directive",
            title=_directive_title(item, content),
            url=url(pk),
            committee_id=committee_id,
            committee_name=committee_short or committee_name,
            unit_id=unit_id,
            unit_name=unit_name,
            due_date=due,
            due_text=deadline_text,
            context=_("Kết luận cuộc họp ngày %(date)s")
            % {"date": vn_short_date(timezone.localtime(meeting_at).date())},
        )


def _member_accounts(committee_ids) -> dict[int, list[tuple[int, object, object]]]:
    found = defaultdict(list)
    for committee_id, user_id, start, end in Membership.objects.filter(
        committee_id__in=committee_ids, person__user__isnull=False, person__user__is_active=True
    ).values_list("committee_id", "person__user_id", "start_date", "end_date"):
        found[committee_id].append((user_id, start, end))
    return found


def meeting_candidates(as_of: datetime.date) -> Iterator[ReminderItem]:
    start_of_day = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.min))
    meetings = list(
        Meeting.objects.filter(state=MeetingState.PLANNED, starts_at__gte=start_of_day)
        .select_related("committee")
        .order_by("starts_at", "pk")
    )
    members = _member_accounts({m.committee_id for m in meetings})
    url = _url_maker("meeting_detail")
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        accounts = tuple(
            user_id
            for user_id, start, end in members.get(meeting.committee_id, [])
            if start <= day and (end is None or end >= day)
        )
        if not accounts:
            continue
        yield ReminderItem(
            key=f"meeting:{meeting.pk}",
            kind="meeting",
            title=_("Giấy mời: %(meeting)s") % {"meeting": meeting.display_title},
            url=url(meeting.pk),
            committee_id=meeting.committee_id,
            committee_name=meeting.committee.display_name,
            due_date=day,
            context=meeting.committee.name,
            ladder=Ladder.INVITATION,
            recipients=accounts,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            location=meeting.venue or meeting.online_link,
        )


def candidates(as_of: datetime.date) -> Iterator[ReminderItem]:
    yield from meeting_candidates(as_of)
    yield from directive_candidates(as_of)


# --- Calendar feeds -------------------------------------------------------------------------


def _window_start() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)


def _meeting_events(meetings) -> list[CalendarEvent]:
    url = _url_maker("meeting_detail")
    return [
        CalendarEvent(
            uid=f"meeting-{m.pk}",
            summary=m.display_title,
            start=m.starts_at,
            end=m.ends_at,
            description=m.committee.name,
            url=url(m.pk),
            location=m.venue or m.online_link,
        )
        for m in meetings.select_related("committee").filter(starts_at__date__gte=_window_start())
    ]


def _directive_events(directives) -> list[CalendarEvent]:
    url = _url_maker("directive_detail")
    events = []
    for row in _directive_rows(directives.open().filter(due_date__isnull=False)):
        pk, item, content, _c, _cn, _cs, _u, unit_name, unit_short, deadline_text, due, _m = row
        if due is None or due < _window_start():
            continue
        events.append(
            CalendarEvent(
                uid=f"directive-{pk}",
                summary=_("Hạn: %(title)s") % {"title": _directive_title(item, content)},
                start=due,
                description=_("Đơn vị chủ trì: %(unit)s. Thời hạn: %(text)s")
                % {"unit": unit_short or unit_name or "—", "text": deadline_text or "—"},
                url=url(pk),
            )
        )
    return events


def calendar_events(*, user=None, unit=None) -> list[CalendarEvent]:
    if unit is not None:
        committees = CommitteeRole.objects.filter(user__profile__org_unit=unit).values(
            "committee_id"
        )
        member_of = Membership.objects.filter(person__org_unit=unit).values("committee_id")
        meetings = Meeting.objects.filter(
            Q(committee_id__in=committees) | Q(committee_id__in=member_of)
        )
        directives = Directive.objects.filter(lead_unit=unit)
    else:
        meetings = Meeting.objects.visible_to(user)
        directives = Directive.objects.visible_to(user)
    return _meeting_events(meetings) + _directive_events(directives)
