"""E-mail failures are retried by the next run, and a reminder is still sent exactly once."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from steering.models import DispatchState, Notification, ReminderDispatch
from steering.reminders import reminders_send
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

D = datetime.date
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FAILING = "tests.steering.test_reminders_delivery.FailingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class FailingBackend(BaseEmailBackend):
    """The SMTP server refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP 421: service not available")


def sweep(day, hour=7):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)):
        return reminders_send(as_of=day)


@pytest.fixture
def officer(ward_a):
    ward_a.email = "ward1@example.vn"
    ward_a.save(update_fields=["email"])
    return ward_a


@pytest.fixture
def directive(world):
    meeting = MeetingFactory(committee=world.committee, state="notice_issued")
    return DirectiveFactory(
        conclusion=ConclusionFactory(meeting=meeting),
        lead_unit=world.ward_a,
        due_date=D(2019, 11, 30),
    )


def test_an_smtp_failure_leaves_the_reminder_failed_and_writes_no_notification(
    settings, officer, directive
):
    settings.EMAIL_BACKEND = FAILING
    result = sweep(D(2019, 11, 23))
    assert (result.sent, result.failed) == (0, 1)
    row = ReminderDispatch.objects.get()
    assert row.state == DispatchState.FAILED
    assert row.attempts == 1
    assert "SMTP 421" in row.last_error
    assert not Notification.objects.exists()


def test_the_next_run_retries_a_failed_reminder_and_sends_it_once(settings, officer, directive):
    settings.EMAIL_BACKEND = FAILING
    sweep(D(2019, 11, 23))
    sweep(D(2019, 11, 23), hour=8)  # still failing: a second attempt, still not sent
    settings.EMAIL_BACKEND = LOCMEM
    assert sweep(D(2019, 11, 24)).sent == 1  # the 7-day step is still the current one
    assert sweep(D(2019, 11, 24), hour=9).sent == 0
    assert sweep(D(2019, 11, 25)).sent == 0
    (message,) = mail.outbox
    assert "còn 6 ngày" in message.body  # the text is brought up to date for the retry
    row = ReminderDispatch.objects.get()
    assert (row.state, row.attempts, row.last_error) == (DispatchState.SENT, 3, "")
    assert Notification.objects.filter(user=officer).count() == 1


def test_a_failed_reminder_overtaken_by_the_next_step_is_not_sent_late(
    settings, officer, directive
):
    settings.EMAIL_BACKEND = FAILING
    sweep(D(2019, 11, 23))  # 7 days before: fails
    settings.EMAIL_BACKEND = LOCMEM
    assert sweep(D(2019, 11, 27)).sent == 1  # 3 days before: only this one goes out
    (message,) = mail.outbox
    assert "còn 3 ngày" in message.body
    states = dict(ReminderDispatch.objects.values_list("step", "state"))
    assert states == {"before-7": DispatchState.FAILED, "before-3": DispatchState.SENT}


def test_retries_stop_after_the_configured_number_of_attempts(settings, officer, directive):
    from steering.models import ReminderPolicy

    ReminderPolicy.objects.create(max_attempts=2)
    settings.EMAIL_BACKEND = FAILING
    for hour in (7, 8, 9):
        sweep(D(2019, 11, 23), hour=hour)
    assert ReminderDispatch.objects.get().attempts == 2


def test_a_claim_left_by_a_sweep_that_died_is_taken_over_after_a_while(officer, directive):
    from steering.reminders import reminders_collect

    with time_machine.travel(datetime.datetime(2019, 11, 23, 7, tzinfo=TZ)):
        reminders_collect(as_of=D(2019, 11, 23))
        ReminderDispatch.objects.update(
            state=DispatchState.SENDING,
            claimed_at=datetime.datetime(2019, 11, 23, 7, tzinfo=TZ),
            attempts=1,
        )
    assert sweep(D(2019, 11, 23), hour=7).sent == 0  # another sweep may still be sending
    assert sweep(D(2019, 11, 23), hour=8).sent == 1
    assert len(mail.outbox) == 1
