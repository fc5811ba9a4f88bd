"""Vietnam's working days in every deadline: public holidays (Tết and the other lunar holidays,
from the `holidays` package), make-up working days, and the days the standing agency enters."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from steering.deadlines import compute_due_date, parse_deadline
from steering.models import CalendarDay, CalendarDayKind
from steering.workdays import DAYS_OFF, MAKE_UP_DAYS

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("written_on", "text", "due"),
    [
        # Tết Bính Ngọ 2026: Monday 16/2 to Friday 20/2 off, with the weekends either side.
        (D(2026, 2, 12), "trong 5 ngày làm việc", D(2026, 2, 26)),
        (D(2026, 2, 5), "trong 10 ngày làm việc", D(2026, 2, 26)),
        (D(2026, 2, 13), "trong 1 ngày làm việc", D(2026, 2, 23)),
        (D(2026, 2, 13), "trong 1 tuần làm việc", D(2026, 2, 27)),
        # Tết Đinh Mùi 2027: Thursday 4/2 to Wednesday 10/2.
        (D(2027, 2, 3), "trong 1 ngày làm việc", D(2027, 2, 11)),
        (D(2027, 2, 3), "trong 3 ngày làm việc", D(2027, 2, 15)),
        (D(2027, 1, 29), "trong 5 ngày làm việc", D(2027, 2, 12)),
        # Giỗ Tổ Hùng Vương 2026 falls on a Sunday and is taken on Monday 27/4.
        (D(2026, 4, 24), "trong 1 ngày làm việc", D(2026, 4, 28)),
        # 30/4 and 1/5: 2026 (Thursday, Friday); 2027 (Friday, Saturday taken on Monday 3/5).
        (D(2026, 4, 29), "trong 1 ngày làm việc", D(2026, 5, 4)),
        (D(2026, 4, 28), "trong 3 ngày làm việc", D(2026, 5, 5)),
        (D(2027, 4, 29), "trong 1 ngày làm việc", D(2027, 5, 4)),
        # 2/9: 2026 (Monday 31/8 to Wednesday 2/9, 31/8 made up on Saturday 22/8); 2027 (2-3/9).
        (D(2026, 8, 28), "trong 1 ngày làm việc", D(2026, 9, 3)),
        (D(2026, 8, 21), "trong 1 ngày làm việc", D(2026, 8, 22)),
        (D(2026, 8, 20), "trong 3 ngày làm việc", D(2026, 8, 24)),  # Fri 21, Sat 22, Mon 24
        (D(2027, 9, 1), "trong 1 ngày làm việc", D(2027, 9, 6)),
        # New Year's Day.
        (D(2025, 12, 31), "trong 1 ngày làm việc", D(2026, 1, 2)),
        # Calendar days are calendar days: Tết does not stretch "trong 10 ngày".
        (D(2026, 2, 12), "trong 10 ngày", D(2026, 2, 22)),
    ],
)
def test_working_day_deadlines_skip_vietnams_holidays(written_on, text, due):
    assert parse_deadline(text, reference_date=written_on).due_date == due
    assert compute_due_date(kind="relative", text=text, reference_date=written_on) == due


def test_lunar_holidays_and_make_up_days_come_from_the_holidays_package():
    assert D(2026, 2, 17) in DAYS_OFF  # mùng 1 Tết 2026
    assert D(2027, 2, 6) in DAYS_OFF  # mùng 1 Tết 2027
    assert D(2026, 4, 27) in DAYS_OFF  # Giỗ Tổ, taken on Monday
    assert D(2026, 8, 22) in MAKE_UP_DAYS  # Saturday worked for Monday 31/8
    assert D(2026, 2, 23) not in DAYS_OFF


def test_a_day_off_the_standing_agency_enters_moves_the_deadline():
    assert parse_deadline("trong 1 ngày làm việc", reference_date=D(2025, 12, 31)).due_date == D(
        2026, 1, 2
    )
    CalendarDay.objects.create(date=D(2026, 1, 2), kind=CalendarDayKind.DAY_OFF, note="Nghỉ bù")
    assert parse_deadline("trong 1 ngày làm việc", reference_date=D(2025, 12, 31)).due_date == D(
        2026, 1, 5
    )


def test_a_make_up_working_day_the_standing_agency_enters_counts():
    CalendarDay.objects.create(date=D(2026, 1, 10), kind=CalendarDayKind.WORKING_DAY)
    assert parse_deadline("trong 1 ngày làm việc", reference_date=D(2026, 1, 9)).due_date == D(
        2026, 1, 10
    )


def test_an_entered_working_day_overrides_a_package_holiday():
    CalendarDay.objects.create(date=D(2026, 11, 24), kind=CalendarDayKind.WORKING_DAY)
    assert D(2026, 11, 24) not in DAYS_OFF


def test_editing_and_deleting_a_day_take_effect_at_once(admin_user):
    day = CalendarDay.objects.create(date=D(2026, 3, 2), kind=CalendarDayKind.DAY_OFF)
    assert D(2026, 3, 2) in DAYS_OFF
    day.date = D(2027, 3, 2)
    day.save()
    assert D(2026, 3, 2) not in DAYS_OFF  # the old year is dropped as well
    assert D(2027, 3, 2) in DAYS_OFF
    request = RequestFactory().post("/")
    request.user = admin_user
    site._registry[CalendarDay].delete_queryset(request, CalendarDay.objects.all())
    assert D(2027, 3, 2) not in DAYS_OFF


def test_the_year_is_read_from_the_database_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        for day in range(1, 29):
            _ = D(2026, 2, day) in DAYS_OFF


def test_holidays_given_explicitly_replace_the_calendar():
    spec = parse_deadline(
        "trong 1 ngày làm việc", reference_date=D(2026, 2, 13), holidays=frozenset()
    )
    assert spec.due_date == D(2026, 2, 16)
