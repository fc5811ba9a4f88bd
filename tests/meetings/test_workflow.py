"""A directive's life through its pages; the transitions themselves, for directives and plan
tasks alike, are tests/steering/test_workflow.py."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import EventKind
from steering import workflow
from steering.timeliness import TaskState, Timeliness

pytestmark = pytest.mark.django_db
D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_report_one_day_after_the_due_date_counts_late(directive, ward_a, secretariat):
    workflow.task_report(
        task=directive,
        user=ward_a,
        note="Xong",
        percent=None,
        completed=True,
        reported_on=D(2019, 12, 1),
    )
    workflow.task_confirm(task=directive, user=secretariat)
    directive.refresh_from_db()
    assert directive.timeliness(D(2020, 1, 1)) == Timeliness.COMPLETED_LATE


def test_every_step_records_who_and_when(directive, ward_a, secretariat):
    workflow.task_report(
        task=directive,
        user=ward_a,
        note="50%",
        percent=50,
        completed=False,
        reported_on=D(2019, 11, 1),
    )
    workflow.task_report(
        task=directive,
        user=ward_a,
        note="Xong",
        percent=None,
        completed=True,
        reported_on=D(2019, 11, 20),
    )
    workflow.task_confirm(task=directive, user=secretariat)
    events = list(directive.events.values_list("kind", "actor__username", "to_state"))
    assert events == [
        (EventKind.PROGRESS, "ward1", TaskState.IN_PROGRESS),
        (EventKind.COMPLETION, "ward1", TaskState.PENDING_REVIEW),
        (EventKind.CONFIRMED, "secretariat", TaskState.COMPLETED),
    ]


def test_the_standing_agency_cannot_confirm_its_own_work(world, directive, secretariat, chair):
    directive.lead_unit = world.vhtt
    directive.save()
    assert not secretariat.has_perm("meetings.review_directive", directive)
    assert chair.has_perm("meetings.review_directive", directive)


def test_the_lead_unit_cannot_confirm_its_own_report(directive, ward_a):
    assert ward_a.has_perm("meetings.report_directive", directive)
    assert not ward_a.has_perm("meetings.review_directive", directive)


@time_machine.travel(datetime.datetime(2019, 11, 25, 9, 0), tick=False)
def test_ward_reports_completion_with_a_file_through_the_page(directive, ward_a, client_as):
    response = client_as(ward_a).post(
        reverse("directive_report", args=[directive.pk]),
        {
            "completed": "on",
            "reported_on": "2019-11-25",
            "note": "Đã hoàn thành",
            "evidence": _pdf(),
        },
    )
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.state == TaskState.PENDING_REVIEW
    assert directive.events.last().files.get().original_name == "bien-ban.pdf"


@time_machine.travel(datetime.datetime(2019, 11, 25, 9, 0), tick=False)
def test_a_completion_report_without_evidence_is_refused_in_vietnamese(
    directive, ward_a, client_as
):
    response = client_as(ward_a).post(
        reverse("directive_report", args=[directive.pk]),
        {"completed": "on", "reported_on": "2019-11-25", "note": "Xong"},
    )
    assert response.status_code == 400
    assert "Báo cáo hoàn thành cần kèm minh chứng." in response.content.decode()
    directive.refresh_from_db()
    assert directive.state == TaskState.NOT_STARTED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "chỉ nhận các định dạng"),
        ("gia-mao.pdf", b"<html>not a pdf</html>", "không phải là tệp .pdf hợp lệ"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
@time_machine.travel(datetime.datetime(2019, 11, 25, 9, 0), tick=False)
def test_bad_evidence_files_are_refused_with_a_clear_message(
    directive, ward_a, client_as, name, content, message
):
    response = client_as(ward_a).post(
        reverse("directive_report", args=[directive.pk]),
        {
            "completed": "on",
            "reported_on": "2019-11-25",
            "note": "Xong",
            "evidence": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not directive.events.exists()


def test_an_oversized_evidence_file_is_refused():
    from steering import uploads

    with pytest.raises(ValidationError, match="quá lớn"):
        uploads.validate_upload(_pdf(), max_bytes=10)


def test_evidence_is_served_as_an_attachment_with_nosniff(directive, ward_a, client_as):
    event = workflow.task_report(
        task=directive,
        user=ward_a,
        note="Xong",
        percent=None,
        completed=True,
        reported_on=D(2019, 11, 20),
        files=[_pdf()],
    )
    response = client_as(ward_a).get(reverse("evidence_download", args=[event.files.get().pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_directive_search_ignores_diacritics_and_case(world, directive, chair, client_as):
    directive.content = "Xây dựng cơ sở dữ liệu Hộ Tịch điện tử"
    directive.save()
    response = client_as(chair).get(reverse("directive_list"), {"q": "ho tich"})
    assert [d.pk for d in response.context["listing"].rows] == [directive.pk]
    response = client_as(chair).get(reverse("directive_list"), {"q": "camera"})
    assert not response.context["listing"].rows.exists()
