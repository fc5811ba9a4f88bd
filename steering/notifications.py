"""Sending reminders (one digest a day per person, e-mail and in-app) and in-app notifications.

Delivery claims a person's due dispatches with one compare-and-set UPDATE (pending or failed →
sending, with a fresh claim id); only the sweep whose UPDATE took the rows sends them, so two
sweeps at once never send the same reminder. A failed e-mail leaves the rows `failed`: the next
run retries them (while the step is still current), and a sent row is never sent again. The
in-app notification is written in the same transaction that marks the rows sent.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .feeds import invitation_ics
from .models import (
    DispatchState,
    Notification,
    NotificationKind,
    ReminderDispatch,
    ReminderPolicy,
)
from .vndates import vn_short_date

log = logging.getLogger(__name__)

# A claim older than this is taken to belong to a sweep that died mid-send.
STALE_CLAIM = datetime.timedelta(minutes=30)
# A digest lists this many items; the rest are counted and are on the portal.
MAX_ITEMS_LISTED = 50


@dataclass
class DeliveryResult:
    sent: int = 0  # reminders (dispatch rows) delivered
    emails: int = 0
    failed: int = 0
    recipients: int = 0


def _eligible(*, as_of: datetime.date, policy: ReminderPolicy, now: datetime.datetime) -> Q:
    return Q(seen_on=as_of) & (
        Q(state__in=[DispatchState.PENDING, DispatchState.FAILED], attempts__lt=policy.max_attempts)
        | Q(state=DispatchState.SENDING, claimed_at__lt=now - STALE_CLAIM)
    )


def _site_url(path: str) -> str:
    if not path or path.startswith("http"):
        return path
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _digest_title(rows: list[ReminderDispatch], as_of: datetime.date) -> str:
    invitations = sum(1 for r in rows if r.payload.get("kind") == "meeting")
    tasks = len(rows) - invitations
    parts = []
    if tasks:
        parts.append(ngettext("%(n)s việc cần chú ý", "%(n)s việc cần chú ý", tasks) % {"n": tasks})
    if invitations:
        parts.append(
            ngettext("%(n)s giấy mời họp", "%(n)s giấy mời họp", invitations) % {"n": invitations}
        )
    return _("Nhắc việc ngày %(date)s: %(what)s") % {
        "date": vn_short_date(as_of),
        "what": ", ".join(parts),
    }


def _items(rows: list[ReminderDispatch]) -> list[dict]:
    order = sorted(
        rows, key=lambda r: (r.payload.get("kind") != "meeting", r.due_date or datetime.date.max)
    )
    return [
        {
            "kind": r.payload.get("kind", ""),
            "title": r.payload.get("title", ""),
            "url": r.payload.get("url", ""),
            "abs_url": _site_url(r.payload.get("url", "")),
            "when": r.payload.get("when", ""),
            "why": r.payload.get("why", ""),
            "context": r.payload.get("context", ""),
            "due_text": r.payload.get("due_text", ""),
            "overdue": r.payload.get("overdue", False),
            "reason": r.reason,
        }
        for r in order
    ]


def digest_message(*, user, rows: list[ReminderDispatch], as_of: datetime.date):
    """The day's e-mail for one person: text and HTML, an .ics per meeting invitation."""
    items = _items(rows)
    context = {
        "user": user,
        "name": user.get_full_name() or user.username,
        "as_of": as_of,
        "items": items[:MAX_ITEMS_LISTED],
        "more": max(0, len(items) - MAX_ITEMS_LISTED),
        "portal_url": _site_url(reverse("notification_list")),
        "title": _digest_title(rows, as_of),
    }
    text = render_to_string("emails/reminder_digest.txt", context)
    html = render_to_string("emails/reminder_digest.html", context)
    message = EmailMultiAlternatives(
        subject=context["title"],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    for row in rows:
        if row.payload.get("kind") == "meeting" and row.payload.get("starts_at"):
            day = datetime.datetime.fromisoformat(row.payload["starts_at"])
            day = timezone.localtime(day) if timezone.is_aware(day) else day
            message.attach(
                f"Giấy mời họp ngày {day:%d-%m-%Y %Hh%M}.ics",
                invitation_ics(row.payload),
                "text/calendar",
            )
    return message, context


def reminders_deliver(
    *, as_of: datetime.date, policy: ReminderPolicy | None = None
) -> DeliveryResult:
    """Send each person the reminders recorded for `as_of` that are not sent yet."""
    policy = policy or ReminderPolicy.current()
    result = DeliveryResult()
    now = timezone.now()
    eligible = _eligible(as_of=as_of, policy=policy, now=now)
    recipient_ids = list(
        ReminderDispatch.objects.filter(eligible)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    users = get_user_model().objects.in_bulk(recipient_ids)
    with translation.override(settings.LANGUAGE_CODE):
        for recipient_id in recipient_ids:
            _deliver_to(users[recipient_id], as_of=as_of, policy=policy, result=result)
    return result


def _deliver_to(user, *, as_of, policy, result: DeliveryResult) -> None:
    claim = uuid.uuid4()
    now = timezone.now()
    with transaction.atomic():
        # Compare-and-set on rows locked in primary-key order (no deadlock with another sweep);
        # rows another sweep claimed while we waited are no longer eligible and drop out.
        mine = (
            ReminderDispatch.objects.filter(_eligible(as_of=as_of, policy=policy, now=now))
            .filter(recipient_id=user.pk)
            .lock_in_order()
        )
        claimed = ReminderDispatch.objects.filter(pk__in=mine).update(
            state=DispatchState.SENDING,
            claim=claim,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    if not claimed:
        return  # another sweep took them
    rows = list(
        ReminderDispatch.objects.filter(recipient_id=user.pk, claim=claim).order_by(
            "due_date", "pk"
        )
    )
    result.recipients += 1
    message, context = digest_message(user=user, rows=rows, as_of=as_of)
    if user.email:
        try:
            message.send()
        except Exception as exc:
            log.warning("reminder e-mail to %s failed: %s", user.pk, exc)
            with transaction.atomic():
                ReminderDispatch.objects.filter(claim=claim).lock_in_order()
                ReminderDispatch.objects.filter(recipient_id=user.pk, claim=claim).update(
                    state=DispatchState.FAILED, claim=None, last_error=str(exc)[:500]
                )
            result.failed += len(rows)
            return
        result.emails += 1
    kinds = {item["kind"] for item in context["items"]}
    with transaction.atomic():
        notification = Notification.objects.create(
            user=user,
            kind=NotificationKind.INVITATION if kinds == {"meeting"} else NotificationKind.REMINDER,
            title=context["title"][:255],
            body=message.body,
            url=rows[0].payload.get("url", "") if len(rows) == 1 else "",
            items=[
                {k: item[k] for k in ("title", "url", "when", "why", "overdue", "kind")}
                for item in context["items"]
            ],
        )
        ReminderDispatch.objects.filter(claim=claim).lock_in_order()
        ReminderDispatch.objects.filter(recipient_id=user.pk, claim=claim).update(
            state=DispatchState.SENT,
            sent_at=timezone.now(),
            notification=notification,
            last_error="",
        )
    result.sent += len(rows)


# --- In-app notifications -------------------------------------------------------------------


def notification_unread_count(*, user) -> int:
    return Notification.objects.for_user(user).unread().count()


def notifications_for_user(*, user, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.for_user(user)[:limit])


def notification_mark_read(*, user, pk: int) -> Notification:
    """Mark one of the user's notifications read (someone else's is a 404)."""
    notification = get_object_or_404(Notification.objects.for_user(user), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def extension_requested_notify(*, committee_ids, task, extension, user) -> int:
    """Tell the chairs of the committees that decide the task (its own, or after its end the
    successor ward's) that a deadline extension waits for their decision (a notification
    linking to their list of pending requests). Returns how many were told."""
    from .models import AccessRole, CommitteeRole

    chairs = CommitteeRole.objects.filter(
        committee_id__in=committee_ids, role=AccessRole.CHAIR
    ).values_list("user_id", flat=True)
    title = _("Đề nghị gia hạn chờ quyết định: %(task)s") % {"task": task.content[:150]}
    body = _("%(unit)s đề nghị gia hạn đến %(date)s. Lý do: %(reason)s") % {
        "unit": task.lead_unit_label or "—",
        "date": extension.requested_due_date.strftime("%d/%m/%Y"),
        "reason": extension.reason[:500],
    }
    rows = [
        Notification(
            user_id=pk,
            kind=NotificationKind.OTHER,
            title=title[:255],
            body=body,
            url=reverse("extension_list"),
        )
        for pk in set(chairs)
        if pk != user.pk
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)
