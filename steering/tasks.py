"""Background jobs of the committee core. Each calls one service and is idempotent."""

import datetime

from celery import shared_task

from . import reminders


@shared_task(name="steering.send_reminders", soft_time_limit=1800, time_limit=1900)
def send_reminders(as_of: str | None = None) -> int:
    """The daily reminder sweep (Celery beat). Running it again the same day sends nothing new."""
    day = datetime.date.fromisoformat(as_of) if as_of else None
    return reminders.reminders_send(as_of=day).sent
