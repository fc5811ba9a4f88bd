"""The plan page and plan tasks: the directives' workflow, in the unit's inbox."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.models import PlanTask, PlanTaskEvent
from steering.templatetags.portal import person_name
from steering.timeliness import TaskState


def test_plan_page_lists_task_groups_with_lead_unit_deadline_and_timeliness(
    plan_world, plan_task, chair, client_as
):
    html = client_as(chair).get(reverse("kpi_plan", args=[plan_world.plan.pk])).content.decode()
    assert "Nhóm nhiệm vụ 1. Phát triển hạ tầng số" in html
    assert "Rà soát, nâng cấp mạng nội bộ của phường" in html
    assert "An Bình" in html
    assert "Quý IV/2099" in html
    assert "31/12/2099" in html
    assert "Tổng số 1 nhiệm vụ chi tiết" in html


@time_machine.travel(datetime.datetime(2099, 11, 20, 9, 0), tick=False)
def test_lead_unit_reports_completion_and_the_secretariat_confirms(
    plan_task, ward_a, secretariat, client_as
):
    task = plan_task.task
    client = client_as(ward_a)
    client.post(
        reverse("kpi_plan_task_report", args=[task.pk]),
        {"note": "Đã hoàn thành nâng cấp", "completed": "on", "reported_on": "2099-11-18"},
    )
    task.refresh_from_db()
    assert task.state == TaskState.PENDING_REVIEW
    # The unit cannot confirm its own work.
    assert client.post(reverse("kpi_plan_task_review", args=[task.pk]), {"action": "confirm"})
    task.refresh_from_db()
    assert task.state == TaskState.PENDING_REVIEW
    client = client_as(secretariat)
    client.post(reverse("kpi_plan_task_review", args=[task.pk]), {"action": "confirm"})
    task.refresh_from_db()
    assert task.state == TaskState.COMPLETED
    assert task.completed_on == datetime.date(2099, 11, 18)  # the report's date
    html = client.get(reverse("kpi_plan_task", args=[task.pk])).content.decode()
    assert "Đang thực hiện → Chờ xác nhận" in html or "Chưa thực hiện → Chờ xác nhận" in html
    assert "Chờ xác nhận → Đã hoàn thành" in html
    assert person_name(ward_a) in html and person_name(secretariat) in html  # who acted
    assert "Hoàn thành đúng hạn" in html


def test_a_returned_completion_needs_a_reason(plan_task, secretariat, client_as):
    task = plan_task.task
    PlanTask.objects.filter(pk=task.pk).update(state=TaskState.PENDING_REVIEW)
    client = client_as(secretariat)
    response = client.post(
        reverse("kpi_plan_task_review", args=[task.pk]), {"action": "return"}, follow=True
    )
    assert "Cần ghi lý do trả lại." in response.content.decode()
    client.post(
        reverse("kpi_plan_task_review", args=[task.pk]),
        {"action": "return", "reason": "Thiếu biên bản nghiệm thu"},
    )
    task.refresh_from_db()
    assert task.state == TaskState.RETURNED
    assert PlanTaskEvent.objects.filter(task=task, kind="returned").get().note == (
        "Thiếu biên bản nghiệm thu"
    )


def test_a_progress_above_100_is_refused_with_a_message(plan_task, ward_a, client_as):
    response = client_as(ward_a).post(
        reverse("kpi_plan_task_report", args=[plan_task.task.pk]),
        {"note": "x", "percent": "120", "reported_on": "2099-11-18"},
    )
    assert "Tiến độ phải từ 0 đến 100 %." in response.content.decode()
    assert PlanTaskEvent.objects.filter(task=plan_task.task).count() == 1


def test_plan_tasks_appear_in_the_units_inbox_and_count_in_its_grid(
    plan_task, ward_a, ward_b, client_as
):
    html = client_as(ward_a).get(reverse("my_work")).content.decode()
    assert "Rà soát, nâng cấp mạng nội bộ của phường" in html
    assert reverse("kpi_plan_task", args=[plan_task.task.pk]) in html
    assert "Tổng số 1 nhiệm vụ" in html
    other = client_as(ward_b).get(reverse("my_work")).content.decode()
    assert "Rà soát, nâng cấp mạng nội bộ" not in other


def test_plan_page_queries_do_not_grow_with_the_number_of_tasks(
    world, plan_world, plan_task, chair, client_as
):
    client = client_as(chair)
    url = reverse("kpi_plan", args=[plan_world.plan.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for i in range(40):
        extra = PlanTask.objects.create(
            plan=plan_world.plan,
            group=plan_task.group,
            ordinal=i + 2,
            content=f"Nhiệm vụ {i}",
            lead_unit=world.ward_b if i % 2 else world.ward_a,
        )
        extra.supporting_units.add(world.division)
    assert count() == small


def test_plan_task_page_queries_do_not_grow_with_its_history(plan_task, ward_a, client_as):
    client = client_as(ward_a)
    url = reverse("kpi_plan_task", args=[plan_task.task.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    PlanTaskEvent.objects.bulk_create(
        PlanTaskEvent(task=plan_task.task, kind="progress", note=f"Bước {i}", percent=i)
        for i in range(30)
    )
    assert count() == small


def test_a_full_disk_on_plan_task_evidence_keeps_the_task_as_it_was(
    plan_task, ward_a, client_as, full_disk
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = plan_task.task
    events = PlanTaskEvent.objects.count()
    files_before = sorted(p for p in full_disk.rglob("*") if p.is_file())  # the fixture's report
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n" + b"0" * 4096 + b"\n%%EOF\n")
    response = client_as(ward_a).post(
        reverse("kpi_plan_task_report", args=[task.pk]),
        {"note": "Xong", "completed": "on", "reported_on": "2099-11-18", "evidence": pdf},
        follow=True,
    )
    assert "hết dung lượng lưu trữ" in response.content.decode()
    task.refresh_from_db()
    assert task.state != TaskState.PENDING_REVIEW
    assert PlanTaskEvent.objects.count() == events
    assert sorted(p for p in full_disk.rglob("*") if p.is_file()) == files_before
