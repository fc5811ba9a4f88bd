"""iCalendar (RFC 5545): private feeds per person and per unit, and meeting invitations.

A feed is read at a private address holding a random token (calendar applications cannot sign
in); revoking the token makes the address a 404, and a new one can be made at once. What a feed
holds comes from the apps (`<app>/reminders.py: calendar_events(user=…, unit=…)`), each keeping
to the scope the person or unit has today.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from icalendar import Calendar, Event

from .models import FeedToken, OrgUnit
from .reminders import plugin_modules

PRODID = "-//Ban chi dao CNTT//Cong dieu hanh//VI"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across feed reads, e.g. "directive-12"
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None = None
    description: str = ""
    url: str = ""
    location: str = ""


def _domain() -> str:
    return getattr(settings, "CALENDAR_UID_DOMAIN", "bcd-cntt.local")


def _event(ev: CalendarEvent, *, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", f"{ev.uid}@{_domain()}")
    event.add("dtstamp", stamp)
    event.add("summary", ev.summary)
    if isinstance(ev.start, datetime.datetime):
        event.add("dtstart", ev.start)
        event.add("dtend", ev.end or ev.start + datetime.timedelta(hours=2))
    else:
        # An all-day deadline: DTEND is the next day (exclusive), per RFC 5545.
        event.add("dtstart", ev.start)
        event.add("dtend", ev.end or ev.start + datetime.timedelta(days=1))
    if ev.description:
        event.add("description", ev.description)
    if ev.location:
        event.add("location", ev.location)
    if ev.url:
        # Calendar applications need the full address of the page.
        url = f"{settings.SITE_URL.rstrip('/')}{ev.url}" if ev.url.startswith("/") else ev.url
        event.add("url", url)
    return event


def calendar_bytes(events: list[CalendarEvent], *, name: str = "", method: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now().replace(microsecond=0)
    for ev in events:
        calendar.add_component(_event(ev, stamp=stamp))
    return calendar.to_ical()


def invitation_ics(payload: dict) -> bytes:
    """The .ics attached to a meeting invitation (METHOD:PUBLISH: an entry for the calendar)."""
    start = datetime.datetime.fromisoformat(payload["starts_at"])
    end = datetime.datetime.fromisoformat(payload["ends_at"]) if payload.get("ends_at") else None
    event = CalendarEvent(
        uid=payload["uid"].replace(":", "-"),
        summary=payload["title"],
        start=start,
        end=end,
        description=payload.get("context", ""),
        url=payload.get("url", ""),
        location=payload.get("location", ""),
    )
    return calendar_bytes([event], method="PUBLISH")


# --- Tokens ---------------------------------------------------------------------------------


def feed_tokens_for_user(*, user) -> list[FeedToken]:
    return list(
        FeedToken.objects.filter(user=user, revoked_at__isnull=True).select_related("org_unit")
    )


@transaction.atomic
def feed_token_create(*, user, org_unit: OrgUnit | None = None) -> FeedToken:
    """A new private address; the previous one of the same scope stops working."""
    FeedToken.objects.filter(user=user, org_unit=org_unit, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return FeedToken.objects.create(user=user, org_unit=org_unit, token=secrets.token_urlsafe(32))


def feed_token_revoke(*, user, pk: int) -> FeedToken:
    token = FeedToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def feed_token_resolve(*, token: str) -> FeedToken:
    """The active token, or 404 (revoked, unknown, or its owner's account is disabled)."""
    found = (
        FeedToken.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user", "org_unit")
        .first()
    )
    if found is None:
        raise Http404
    return found


def feed_events(*, feed: FeedToken) -> list[CalendarEvent]:
    """The events of a feed: the unit's work and meetings, or what the person may see today."""
    events: list[CalendarEvent] = []
    for module in plugin_modules():
        if hasattr(module, "calendar_events"):
            if feed.org_unit_id:
                events.extend(module.calendar_events(unit=feed.org_unit))
            else:
                events.extend(module.calendar_events(user=feed.user))
    return events


def feed_calendar(*, feed: FeedToken) -> bytes:
    name = feed.org_unit.display_name if feed.org_unit_id else feed.user.get_full_name()
    return calendar_bytes(feed_events(feed=feed), name=name or feed.user.username)
