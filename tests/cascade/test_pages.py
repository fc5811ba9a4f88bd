"""The cascade pages answer in a fixed number of queries, and say what went wrong in Vietnamese."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Directive
from tests.cascade.conftest import CITY_MEETING
from tests.factories import OrgUnitFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


def _grow(city_world, n):
    """n more assignments, each to every ward, and n more wards."""
    wards = [city_world.bo_de.unit, city_world.long_bien.unit]
    for i in range(n):
        wards.append(
            OrgUnitFactory(
                code=f"C-N{i}", kind="ward", name=f"Phường Nữa {i}", parent=city_world.city
            )
        )
    for i in range(n):
        conclusion = ConclusionFactory(
            meeting=MeetingFactory(committee=city_world.committee, starts_at=CITY_MEETING)
        )
        for ward in wards:
            DirectiveFactory(conclusion=conclusion, lead_unit=ward, group=f"grow{i}")


def test_the_ward_inbox_takes_the_same_queries_for_more_tasks(
    city_world, ward_secretariat, client_as
):
    client = client_as(ward_secretariat)
    url = reverse("cascade_inbox")
    few = _queries(client, url)
    _grow(city_world, 4)
    assert _queries(client, url) == few
    page = client.get(url)
    assert page.context["inbox"].listing.total == 5


def test_the_city_grid_takes_the_same_queries_for_more_wards_and_tasks(
    city_world, city_secretariat, client_as
):
    client = client_as(city_secretariat)
    url = reverse("cascade_grid") + "?as_of=2025-08-20"
    few = _queries(client, url)
    _grow(city_world, 4)
    assert _queries(client, url) == few


def test_one_assignment_ward_by_ward_takes_the_same_queries_for_more_wards(
    city_world, city_chair, client_as
):
    client = client_as(city_chair)
    task = city_world.task_bo_de
    url = reverse("directive_wards", args=[task.pk])
    few = _queries(client, url)
    for i in range(5):
        ward = OrgUnitFactory(
            code=f"C-M{i}", kind="ward", name=f"Phường Thêm {i}", parent=city_world.city
        )
        DirectiveFactory(conclusion=city_world.conclusion, lead_unit=ward, group="g408")
    assert _queries(client, url) == few


def test_the_breakdown_form_gives_two_tasks_to_the_wards_offices(
    city_world, ward_secretariat, client_as
):
    bo_de = city_world.bo_de
    task = city_world.task_bo_de
    response = client_as(ward_secretariat).post(
        reverse("directive_breakdown", args=[task.pk]),
        {
            "committee": bo_de.committee.pk,
            "meeting": city_world.ward_meeting.pk,
            "task-TOTAL_FORMS": "3",
            "task-INITIAL_FORMS": "0",
            "task-0-content": "Rà soát thủ tục",
            "task-0-lead_unit": bo_de.service_centre.pk,
            "task-0-deadline_text": "trước ngày 12/8/2025",
            "task-1-content": "Hướng dẫn hộ kinh doanh",
            "task-1-lead_unit": bo_de.economy.pk,
        },
    )
    assert response.status_code == 302
    assert Directive.objects.filter(parent=task, committee=bo_de.committee).count() == 2


def test_a_late_subtask_is_refused_with_the_reason(city_world, ward_secretariat, client_as):
    bo_de = city_world.bo_de
    response = client_as(ward_secretariat).post(
        reverse("directive_breakdown", args=[city_world.task_bo_de.pk]),
        {
            "meeting": city_world.ward_meeting.pk,
            "task-TOTAL_FORMS": "1",
            "task-INITIAL_FORMS": "0",
            "task-0-content": "Tổng kết",
            "task-0-lead_unit": bo_de.economy.pk,
            "task-0-deadline_text": "trước ngày 30/8/2025",
        },
    )
    assert response.status_code == 400
    assert "sau hạn cấp trên giao (15/08/2025)" in response.content.decode()
    assert not Directive.objects.filter(parent__isnull=False).exists()


def test_a_row_without_a_unit_is_refused(city_world, ward_secretariat, client_as):
    response = client_as(ward_secretariat).post(
        reverse("directive_breakdown", args=[city_world.task_bo_de.pk]),
        {
            "meeting": city_world.ward_meeting.pk,
            "task-TOTAL_FORMS": "1",
            "task-INITIAL_FORMS": "0",
            "task-0-content": "Rà soát",
        },
    )
    assert response.status_code == 400
    assert "Hãy chọn đơn vị chủ trì nhiệm vụ này." in response.content.decode()


def test_the_ward_cannot_report_the_task_done_while_a_subtask_is_open(
    city_world, ward_secretariat, client_as, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    task = city_world.task_bo_de
    DirectiveFactory(
        conclusion=ConclusionFactory(meeting=city_world.ward_meeting),
        lead_unit=city_world.bo_de.economy,
        parent=task,
    )
    response = client_as(ward_secretariat).post(
        reverse("directive_report", args=[task.pk]),
        {
            "completed": "on",
            "reported_on": "2025-08-12",
            "note": "Xong",
            "evidence": SimpleUploadedFile(
                "bc.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 400
    assert "Còn 1 nhiệm vụ con chưa hoàn thành" in response.content.decode()
    task.refresh_from_db()
    assert task.state == "not_started"
    assert datetime.date(2025, 8, 15) == task.due_date


def test_the_wards_page_of_a_task_from_above_links_to_nothing_it_cannot_open(
    city_world, ward_secretariat, client_as
):
    task = city_world.task_bo_de
    page = client_as(ward_secretariat).get(reverse("directive_detail", args=[task.pk]))
    html = page.content.decode()
    assert reverse("meeting_detail", args=[task.conclusion.meeting_id]) not in html
    assert reverse("directive_breakdown", args=[task.pk]) in html
    assert reverse("directive_wards", args=[task.pk]) not in html


def test_the_citys_page_of_a_task_links_to_the_assignment_ward_by_ward(
    city_world, city_secretariat, client_as
):
    task = city_world.task_bo_de
    page = client_as(city_secretariat).get(reverse("directive_detail", args=[task.pk]))
    html = page.content.decode()
    assert reverse("directive_wards", args=[task.pk]) in html
    assert reverse("directive_breakdown", args=[task.pk]) not in html
