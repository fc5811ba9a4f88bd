import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Attendance, ReportHeard
from steering.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roster_sits_since_2015(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Membership.objects.update(start_date="2015-01-01")


def _post(meeting, rows, reports=()):
    data = {
        "att-TOTAL_FORMS": len(rows),
        "att-INITIAL_FORMS": len(rows),
        "rep-TOTAL_FORMS": len(reports),
        "inv-TOTAL_FORMS": 0,
        "inv-INITIAL_FORMS": 0,
        "rep-INITIAL_FORMS": 0,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"att-{i}-{key}"] = value
    for i, row in enumerate(reports):
        for key, value in row.items():
            data[f"rep-{i}-{key}"] = value
    return data


def test_attendance_is_taken_against_the_roster(meeting, secretariat, client_as, world):
    chair = Membership.objects.get(committee=world.committee, role="chair")
    client = client_as(secretariat)
    url = reverse("meeting_attendance", args=[meeting.pk])
    page = client.get(url)
    assert chair.person.full_name in page.content.decode()
    response = client.post(
        url,
        _post(
            meeting,
            [{"person": chair.person_id, "status": "absent", "absence_reason": "Đi công tác"}],
            [{"ordinal": 1, "title": "Báo cáo kết quả 9 tháng", "is_opinion_request": ""}],
        ),
    )
    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=meeting)
    assert (attendance.status, attendance.absence_reason) == ("absent", "Đi công tác")
    assert ReportHeard.objects.get(meeting=meeting).title == "Báo cáo kết quả 9 tháng"


def test_absence_without_a_reason_is_refused(meeting, secretariat, client_as, world):
    chair = Membership.objects.get(committee=world.committee, role="chair")
    response = client_as(secretariat).post(
        reverse("meeting_attendance", args=[meeting.pk]),
        _post(meeting, [{"person": chair.person_id, "status": "absent"}]),
    )
    assert response.status_code == 200
    assert "Cần ghi lý do vắng mặt." in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_report_file_is_checked_by_content(meeting, secretariat, client_as, world):
    chair = Membership.objects.get(committee=world.committee, role="chair")
    response = client_as(secretariat).post(
        reverse("meeting_attendance", args=[meeting.pk]),
        _post(
            meeting,
            [{"person": chair.person_id, "status": "present"}],
            [{"ordinal": 1, "title": "Báo cáo", "file": SimpleUploadedFile("bc.pdf", b"MZ..")}],
        ),
    )
    assert response.status_code == 200
    assert "không phải là tệp .pdf hợp lệ" in response.content.decode()
    assert not ReportHeard.objects.exists() and not Attendance.objects.exists()


def test_invited_units_and_guests_are_recorded(meeting, secretariat, client_as, world):
    chair = Membership.objects.get(committee=world.committee, role="chair")
    data = _post(meeting, [{"person": chair.person_id, "status": "present"}])
    data.update(
        {
            "inv-TOTAL_FORMS": 2,
            "inv-0-unit": world.ward_b.pk,
            "inv-0-status": "present",
            "inv-1-guest_name": "Đại diện Sở KH&CN",
            "inv-1-status": "present",
        }
    )
    response = client_as(secretariat).post(reverse("meeting_attendance", args=[meeting.pk]), data)
    assert response.status_code == 302
    invited = Attendance.objects.filter(meeting=meeting, person__isnull=True)
    assert {str(a) for a in invited} == {world.ward_b.name, "Đại diện Sở KH&CN"}


def test_a_full_disk_on_a_report_file_saves_nothing_of_the_form(
    meeting, secretariat, client_as, world, full_disk
):
    chair = Membership.objects.get(committee=world.committee, role="chair")
    pdf = SimpleUploadedFile("bc.pdf", b"%PDF-1.4\n" + b"0" * 4096 + b"\n%%EOF\n")
    response = client_as(secretariat).post(
        reverse("meeting_attendance", args=[meeting.pk]),
        _post(
            meeting,
            [{"person": chair.person_id, "status": "present"}],
            [{"ordinal": 1, "title": "Báo cáo", "file": pdf}],
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert "hết dung lượng lưu trữ" in response.content.decode()
    assert not ReportHeard.objects.exists() and not Attendance.objects.exists()
    assert [p for p in full_disk.rglob("*") if p.is_file()] == []
