"""Sweeps running at the same time (two beat schedulers, a manual run during the scheduled one)
send each reminder exactly once: rows are inserted with ON CONFLICT and claimed with a
compare-and-set UPDATE, on the real database."""

import datetime
import threading
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from steering.models import AccessRole, DispatchState, Notification, ReminderDispatch
from steering.reminders import reminders_send
from tests.factories import CommitteeRoleFactory, ProfileFactory, UserFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

D = datetime.date
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SWEEPS = 4

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def busy_world(world):
    """Three officers in each ward, 20 directives per ward falling due on different days."""
    officers = []
    for unit in (world.ward_a, world.ward_b):
        for i in range(3):
            user = UserFactory(username=f"{unit.code}-{i}", email=f"{unit.code}-{i}@example.vn")
            ProfileFactory(user=user, org_unit=unit)
            CommitteeRoleFactory(user=user, committee=world.committee, role=AccessRole.UNIT_OFFICER)
            officers.append(user)
    conclusion = ConclusionFactory(meeting=MeetingFactory(committee=world.committee))
    for i in range(40):
        DirectiveFactory(
            conclusion=conclusion,
            lead_unit=world.ward_a if i % 2 else world.ward_b,
            due_date=D(2019, 11, 20) + datetime.timedelta(days=i % 10),
        )
    return officers


def _run_concurrently(day: datetime.date) -> list:
    barrier = threading.Barrier(SWEEPS)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(reminders_send(as_of=day))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(SWEEPS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_sweeps_send_each_reminder_exactly_once(busy_world):
    with time_machine.travel(datetime.datetime(2019, 11, 19, 7, tzinfo=TZ)):
        results = _run_concurrently(D(2019, 11, 19))
    rows = list(ReminderDispatch.objects.all())
    assert rows, "the sweep found nothing to send"
    assert {row.state for row in rows} == {DispatchState.SENT}
    assert all(row.attempts == 1 for row in rows)
    assert sum(r.sent for r in results) == len(rows)
    # One digest per officer, however many sweeps ran.
    recipients = Counter(address for message in mail.outbox for address in message.to)
    assert set(recipients.values()) == {1}
    assert len(recipients) == 6
    assert Notification.objects.count() == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_sweeps_on_consecutive_days_never_repeat_a_step(busy_world):
    for day in (D(2019, 11, 19), D(2019, 11, 20), D(2019, 11, 21)):
        with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 7, tzinfo=TZ)):
            _run_concurrently(day)
    sent = ReminderDispatch.objects.filter(state=DispatchState.SENT)
    assert sent.count() == ReminderDispatch.objects.count()
    per_day = Counter(
        (address, message.subject[:30]) for message in mail.outbox for address in message.to
    )
    assert set(per_day.values()) == {1}
