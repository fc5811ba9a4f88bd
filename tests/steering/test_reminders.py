"""Deadline reminders: one per step of the ladder, never twice, escalated, grouped in a digest."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from steering.models import (
    DispatchState,
    Notification,
    OrgUnitLeader,
    RecipientReason,
    ReminderDispatch,
    ReminderPolicy,
)
from steering.reminders import reminders_send
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

D = datetime.date
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def sweep(day: datetime.date):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 7, 0, tzinfo=TZ)):
        return reminders_send(as_of=day)


def days(start: datetime.date, end: datetime.date):
    while start <= end:
        yield start
        start += datetime.timedelta(days=1)


@pytest.fixture
def officer(ward_a):
    ward_a.email = "ward1@example.vn"
    ward_a.save(update_fields=["email"])
    return ward_a


@pytest.fixture
def directive(world):
    """Led by ward A, due 30/11/2019."""
    meeting = MeetingFactory(committee=world.committee, state="notice_issued")
    return DirectiveFactory(
        conclusion=ConclusionFactory(meeting=meeting),
        lead_unit=world.ward_a,
        content="Rà soát hệ thống camera an ninh trên địa bàn phường",
        due_date=D(2019, 11, 30),
        deadline_text="trong tháng 11/2019",
    )


def sent_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def test_ward_officer_gets_one_reminder_per_step_when_the_sweep_runs_every_day(officer, directive):
    sent_on = {}
    for day in days(D(2019, 11, 10), D(2019, 12, 31)):
        before = len(sent_to(officer))
        sweep(day)
        if len(sent_to(officer)) > before:
            sent_on[day] = sent_to(officer)[-1]
            assert len(sent_to(officer)) == before + 1
    assert list(sent_on) == [
        D(2019, 11, 23),  # 7 days before
        D(2019, 11, 27),  # 3 days before
        D(2019, 11, 29),  # 1 day before
        D(2019, 11, 30),  # on the day
        D(2019, 12, 7),  # then weekly while overdue
        D(2019, 12, 14),
        D(2019, 12, 21),
        D(2019, 12, 28),
    ]
    assert "còn 7 ngày" in sent_on[D(2019, 11, 23)].body
    assert "đến hạn hôm nay" in sent_on[D(2019, 11, 30)].body
    assert "đã quá hạn 14 ngày" in sent_on[D(2019, 12, 14)].body
    assert ReminderDispatch.objects.filter(recipient=officer).count() == 8
    assert Notification.objects.filter(user=officer).count() == 8


def test_the_reminder_says_what_is_due_when_and_why_in_vietnamese(settings, officer, directive):
    settings.SITE_URL = "https://bcd.example.vn"
    sweep(D(2019, 11, 27))
    (message,) = mail.outbox
    assert message.to == ["ward1@example.vn"]
    assert message.subject == "Nhắc việc ngày 27/11/2019: 1 việc cần chú ý"
    assert "Rà soát hệ thống camera an ninh trên địa bàn phường" in message.body
    assert "Hạn 30/11/2019 — còn 3 ngày" in message.body
    assert "trong tháng 11/2019" in message.body
    assert "cán bộ đầu mối của Phường An Bình, đơn vị chủ trì" in message.body
    assert f"https://bcd.example.vn/directives/{directive.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "còn 3 ngày" in html


def test_running_the_sweep_twice_sends_nothing_twice(officer, directive):
    first = sweep(D(2019, 11, 23))
    second = sweep(D(2019, 11, 23))
    assert (first.sent, second.sent) == (1, 0)
    assert len(mail.outbox) == 1
    assert ReminderDispatch.objects.count() == 1


def test_a_sweep_after_missed_days_sends_the_current_step_once_not_a_backlog(officer, directive):
    sweep(D(2019, 11, 15))
    result = sweep(D(2019, 12, 2))  # the 7-, 3-, 1-day and due-day runs were all missed
    assert result.sent == 1
    (message,) = mail.outbox
    assert "đã quá hạn 2 ngày" in message.body
    assert list(ReminderDispatch.objects.values_list("step", flat=True)) == ["due"]
    assert sweep(D(2019, 12, 3)).sent == 0


def test_overdue_work_escalates_to_the_unit_head_and_then_to_the_chair(
    world, officer, chair, directive
):
    ReminderPolicy.objects.create(escalate_to_head_after=2, escalate_to_chair_after=3)
    head = UserFactory(username="chu-tich-phuong", email="head@example.vn")
    OrgUnitLeader.objects.create(org_unit=world.ward_a, user=head, title="Chủ tịch UBND phường")
    chair.email = "chair@example.vn"
    chair.save(update_fields=["email"])
    for day in days(D(2019, 11, 30), D(2019, 12, 31)):
        sweep(day)
    head_days = [m.subject[-30:] for m in sent_to(head)]
    assert len(sent_to(officer)) == 5  # due, then 4 weekly
    assert len(head_days) == 2  # after 2 overdue reminders: the 3rd and the 4th
    assert len(sent_to(chair)) == 1  # after 3: the 4th
    reasons = dict(ReminderDispatch.objects.values_list("recipient__username", "reason"))
    assert reasons["chu-tich-phuong"] == RecipientReason.UNIT_HEAD
    assert reasons["chair"] == RecipientReason.CHAIR
    (chair_mail,) = sent_to(chair)
    assert "lãnh đạo" in chair_mail.body
    assert "đã quá hạn 28 ngày" in chair_mail.body
    assert "đã nhắc 4 lần sau hạn" in chair_mail.body


def test_completed_work_is_not_reminded(officer, directive):
    directive.state = "completed"
    directive.completed_on = D(2019, 11, 20)
    directive.save()
    assert sweep(D(2019, 11, 23)).sent == 0
    assert mail.outbox == []


def test_the_daily_digest_groups_every_item_due_for_a_person_in_one_email(
    world, officer, directive
):
    DirectiveFactory(
        conclusion=directive.conclusion,
        lead_unit=world.ward_a,
        content="Cập nhật cơ sở dữ liệu hộ tịch",
        due_date=D(2019, 11, 26),
    )
    DirectiveFactory(
        conclusion=directive.conclusion,
        lead_unit=world.ward_b,
        content="Việc của phường Bình Minh",
        due_date=D(2019, 11, 26),
    )
    result = sweep(D(2019, 11, 23))
    assert result.sent == 2
    (message,) = mail.outbox
    assert message.subject == "Nhắc việc ngày 23/11/2019: 2 việc cần chú ý"
    assert "Cập nhật cơ sở dữ liệu hộ tịch" in message.body
    assert "Rà soát hệ thống camera" in message.body
    assert "Bình Minh" not in message.body
    (notification,) = Notification.objects.filter(user=officer)
    assert len(notification.items) == 2


def test_a_user_without_an_email_address_still_gets_the_in_app_notification(ward_a, directive):
    assert sweep(D(2019, 11, 23)).sent == 1
    assert mail.outbox == []
    assert Notification.objects.filter(user=ward_a).count() == 1


def test_dry_run_counts_but_sends_and_records_nothing(officer, directive, capsys):
    with time_machine.travel(datetime.datetime(2019, 11, 23, 7, tzinfo=TZ)):
        call_command("send_reminders", "--as-of", "2019-11-23", "--dry-run")
    out = capsys.readouterr().out
    assert "1 nhắc việc sẽ được gửi" in out
    assert mail.outbox == []
    assert not ReminderDispatch.objects.exists()
    with time_machine.travel(datetime.datetime(2019, 11, 23, 7, tzinfo=TZ)):
        call_command("send_reminders", "--as-of", "2019-11-23")
    assert "đã gửi 1 nhắc việc (1 thư, 1 người nhận)" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_send_reminders_refuses_a_malformed_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--as-of", "30/11/2019")


def test_the_celery_task_runs_the_same_sweep(officer, directive):
    from steering.tasks import send_reminders

    with time_machine.travel(datetime.datetime(2019, 11, 23, 7, tzinfo=TZ)):
        assert send_reminders.delay("2019-11-23").get() == 1
        assert send_reminders.delay("2019-11-23").get() == 0
    assert len(mail.outbox) == 1


def test_the_beat_schedule_runs_the_reminder_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["steering-send-reminders"]
    assert entry["task"] == "steering.send_reminders"


# --- KPI period closing ------------------------------------------------------------------


@pytest.fixture
def kpi_period(world):
    from tests.kpis.factories import IndicatorFactory, PeriodFactory, PlanFactory

    plan = PlanFactory(committee=world.committee, issuer=world.ubnd)
    indicators = [IndicatorFactory(plan=plan), IndicatorFactory(plan=plan, kind="count")]
    period = PeriodFactory(
        plan=plan,
        year=2023,
        number=10,
        submission_deadline=D(2023, 11, 5),
        lock_date=D(2023, 11, 15),
    )
    return period, indicators


def test_kpi_closing_reminders_go_only_to_units_that_have_not_submitted(
    world, officer, ward_b, kpi_period
):
    from kpis.models import IndicatorReport, ReportState

    ward_b.email = "ward2@example.vn"
    ward_b.save(update_fields=["email"])
    period, indicators = kpi_period
    for indicator in indicators:  # ward A submitted everything
        IndicatorReport.objects.create(
            unit=world.ward_a,
            indicator=indicator,
            period=period,
            value=1,
            numerator=1,
            denominator=2,
            state=ReportState.SUBMITTED,
        )
    # ward B submitted one of two
    IndicatorReport.objects.create(
        unit=world.ward_b,
        indicator=indicators[0],
        period=period,
        numerator=1,
        denominator=2,
        state=ReportState.SUBMITTED,
    )
    sweep(D(2023, 11, 2))  # 3 days before the deadline
    assert sent_to(officer) == []
    (message,) = sent_to(ward_b)
    assert "Báo cáo chỉ tiêu" in message.body
    assert "Hạn 05/11/2023 — còn 3 ngày" in message.body
    assert "đơn vị chưa gửi báo cáo kỳ này" in message.body


def test_kpi_closing_reminders_follow_their_own_lead_times(officer, kpi_period):
    sent = [day for day in days(D(2023, 10, 25), D(2023, 11, 10)) if sweep(day).sent]
    assert sent == [D(2023, 11, 2), D(2023, 11, 4), D(2023, 11, 5)]


# --- Meeting invitations -----------------------------------------------------------------


def test_members_are_invited_once_with_an_ics_they_can_import(world, member):
    member.email = "member@example.vn"
    member.save(update_fields=["email"])
    MembershipFactory(
        committee=world.committee, person=PersonFactory(user=member), start_date=D(2019, 1, 1)
    )
    meeting = MeetingFactory(
        committee=world.committee,
        title="Họp Ban chỉ đạo quý IV",
        starts_at=datetime.datetime(2019, 12, 20, 8, 0, tzinfo=TZ),
        ends_at=datetime.datetime(2019, 12, 20, 11, 0, tzinfo=TZ),
        venue="Phòng họp tầng 3",
    )
    assert sweep(D(2019, 12, 2)).sent == 1
    assert sweep(D(2019, 12, 3)).sent == 0
    (message,) = mail.outbox
    assert "Giấy mời: Họp Ban chỉ đạo quý IV" in message.body
    assert "thành viên" in message.body
    ((name, content, mimetype),) = message.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Giấy mời: Họp Ban chỉ đạo quý IV"
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["location"]) == "Phòng họp tầng 3"
    # A rescheduled meeting is a new invitation.
    meeting.starts_at = datetime.datetime(2019, 12, 27, 8, 0, tzinfo=TZ)
    meeting.ends_at = datetime.datetime(2019, 12, 27, 11, 0, tzinfo=TZ)
    meeting.save()
    assert sweep(D(2019, 12, 4)).sent == 1


def test_an_invitation_is_not_sent_for_a_meeting_already_held(world, member):
    MembershipFactory(
        committee=world.committee, person=PersonFactory(user=member), start_date=D(2019, 1, 1)
    )
    MeetingFactory(
        committee=world.committee, starts_at=datetime.datetime(2019, 12, 1, 8, tzinfo=TZ)
    )
    assert sweep(D(2019, 12, 2)).sent == 0


def test_rows_record_the_state_they_were_sent_in(officer, directive):
    sweep(D(2019, 11, 23))
    row = ReminderDispatch.objects.get()
    assert row.state == DispatchState.SENT
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.notification.user == officer
