"""The cascade walked in Chromium (issue 12, "Done when"): the city secretariat pastes a
conclusion addressed to "UBND các phường"; the secretariat of phường Bồ Đề's BCĐ finds the task
among its tasks from above and gives two tasks to its offices; Phòng Kinh tế reports completion
with evidence, the ward confirms it and reports the task up; the city confirms, and its ward ×
task grid shows Bồ Đề done on time while another ward is overdue.

Dates are fixed by the data, not the clock: the city meets on 8/8/2025 (due 15/8/2025), the ward
on 9/8/2025, reports are dated 11 and 12/8/2025; the grid is read as of 20/8/2025."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from meetings.models import Directive
from steering import workflow
from tests.cascade.conftest import CITY_MEETING
from tests.e2e.test_persona_journeys import sign_in, watch_console
from tests.meetings.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = (
    "1. Về dịch vụ công trực tuyến cấp xã\n"
    "UBND các phường rà soát, cung cấp đầy đủ dịch vụ công trực tuyến toàn trình cho người "
    "dân, hoàn thành trước ngày 15/8/2025.\n"
)


def _as(page, base, user):
    page.context.clear_cookies()
    sign_in(page, base, user.username)


def test_a_city_task_cascades_to_a_ward_its_offices_and_rolls_back_up(
    personas, city_world, live_server, page, tmp_path
):
    Directive.objects.filter(group="g408").delete()  # the fixture's own task: start empty
    base = live_server.url
    bo_de = city_world.bo_de
    meeting = MeetingFactory(
        committee=city_world.committee, starts_at=CITY_MEETING + datetime.timedelta(hours=2)
    )
    problems = watch_console(page)

    # The city secretariat pastes the conclusion: one task per ward, one assignment.
    _as(page, base, personas["city_secretariat"])
    page.goto(f"{base}/meetings/{meeting.pk}/conclusions/paste/")
    page.get_by_label("Nội dung kết luận").fill(NOTICE)
    page.get_by_role("button", name="Phân tích").click()
    page.get_by_role("button", name="Xác nhận và lưu").click()
    expect(page.get_by_text(re.compile(r"Đã lưu 1 mục kết luận và \d+ nhiệm vụ"))).to_be_visible()
    tasks = Directive.objects.filter(conclusion__meeting=meeting)
    assert tasks.filter(lead_unit=bo_de.unit).count() == 1
    assert tasks.filter(lead_unit=city_world.long_bien.unit).count() == 1
    assert len(set(tasks.values_list("group", flat=True))) == 1
    task = tasks.get(lead_unit=bo_de.unit)
    assert task.due_date == datetime.date(2025, 8, 15)

    # The ward's secretariat finds it among its tasks from above (and no other ward's).
    _as(page, base, personas["ward_secretariat"])
    page.get_by_role("link", name="Nhiệm vụ cấp trên giao").first.click()
    inbox = page.get_by_test_id("from-above")
    expect(inbox.locator("tbody tr")).to_have_count(1)
    expect(inbox).to_contain_text("Bồ Đề")
    page.screenshot(path=str(tmp_path / "ward-inbox.png"), full_page=True)
    inbox.get_by_role("link", name="Giao cho các đơn vị").click()

    # … and gives two tasks to its offices at its meeting of 9/8/2025.
    rows = page.locator(".subtask-row")
    rows.nth(0).get_by_label("Nội dung nhiệm vụ").fill(
        "Rà soát, công khai danh mục thủ tục trực tuyến toàn trình tại bộ phận một cửa"
    )
    rows.nth(0).get_by_label("Đơn vị chủ trì").select_option(label=bo_de.service_centre.name)
    rows.nth(0).get_by_label("Thời hạn").fill("trước ngày 12/8/2025")
    rows.nth(1).get_by_label("Nội dung nhiệm vụ").fill(
        "Hướng dẫn hộ kinh doanh nộp hồ sơ trực tuyến"
    )
    rows.nth(1).get_by_label("Đơn vị chủ trì").select_option(label=bo_de.economy.name)
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_text("Đã giao 2 nhiệm vụ cho các đơn vị của phường.")).to_be_visible()
    expect(page.get_by_test_id("subtasks").locator("tbody tr")).to_have_count(2)
    centre_task, economy_task = task.children.order_by("pk")
    assert economy_task.committee == bo_de.committee
    assert economy_task.due_date == datetime.date(2025, 8, 15)
    # The service centre's result is recorded and confirmed outside this walk.
    workflow.task_report(
        task=centre_task,
        user=personas["ward_secretariat"],
        note="Đã công khai 100% thủ tục",
        percent=None,
        completed=True,
        reported_on=datetime.date(2025, 8, 11),
    )

    # Phòng Kinh tế reports completion with its evidence.
    evidence = tmp_path / "bao-cao-phong-kinh-te.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    _as(page, base, personas["ward_office"])
    page.goto(f"{base}/directives/{economy_task.pk}/")
    page.get_by_label("Báo cáo đã hoàn thành").check()
    page.get_by_label("Ngày báo cáo").fill("2025-08-11")
    page.get_by_label("Kết quả thực hiện").fill("Đã hướng dẫn 120 hộ kinh doanh nộp hồ sơ.")
    page.get_by_label("Minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo.")).to_be_visible()

    # The ward confirms both offices' results, then reports the task up.
    _as(page, base, personas["ward_secretariat"])
    for sub in (economy_task, centre_task):
        page.goto(f"{base}/directives/{sub.pk}/")
        page.get_by_label("Xác nhận hoàn thành").check()
        page.get_by_role("button", name="Ghi quyết định").click()
        expect(page.get_by_text("Đã xác nhận hoàn thành.")).to_be_visible()
    page.goto(f"{base}/directives/{task.pk}/")
    subtasks = page.get_by_test_id("subtasks")
    expect(subtasks).to_contain_text("bao-cao-phong-kinh-te.pdf")
    page.get_by_label("Báo cáo đã hoàn thành").check()
    page.get_by_label("Ngày báo cáo").fill("2025-08-12")
    page.get_by_label("Kết quả thực hiện").fill(
        "Phường đã hoàn thành: 2/2 nhiệm vụ của các đơn vị."
    )
    ward_report = tmp_path / "bao-cao-phuong-bo-de.pdf"
    ward_report.write_bytes(evidence.read_bytes())
    page.get_by_label("Minh chứng").set_input_files(str(ward_report))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo.")).to_be_visible()

    # The city confirms on the sub-tasks' evidence; the grid shows Bồ Đề done on time and
    # Long Biên (which did nothing) overdue.
    _as(page, base, personas["city_secretariat"])
    page.goto(f"{base}/directives/{task.pk}/")
    expect(
        page.get_by_test_id("subtasks").get_by_role("link", name="bao-cao-phong-kinh-te.pdf")
    ).to_be_visible()
    page.get_by_label("Xác nhận hoàn thành").check()
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_text("Đã xác nhận hoàn thành.")).to_be_visible()
    page.get_by_role("link", name="Tình hình thực hiện theo phường, xã").click()
    expect(page.get_by_test_id("assignment-wards")).to_contain_text("Hoàn thành đúng hạn")
    page.goto(f"{base}/wards-grid/?committee={city_world.committee.pk}&as_of=2025-08-20")
    grid = page.get_by_test_id("cascade-grid")
    expect(grid.locator("tr[data-ward='Phường Bồ Đề']")).to_contain_text("Hoàn thành đúng hạn")
    expect(grid.locator("tr[data-ward='Phường Long Biên']")).to_contain_text("Quá hạn")
    page.screenshot(path=str(tmp_path / "city-grid.png"), full_page=True)
    task.refresh_from_db()
    assert task.completed_on == datetime.date(2025, 8, 12)
    assert problems == []
