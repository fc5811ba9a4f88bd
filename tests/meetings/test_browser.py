"""The directive journey in Chromium: the secretariat pastes conclusions and confirms them,
ward1 reports completion with a file, the secretariat confirms, the chair sees it on time."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from tests.e2e.test_persona_journeys import sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONCLUSIONS = (
    "1. Về cơ sở dữ liệu hộ tịch\n"
    "Giao UBND phường An Bình rà soát, số hóa sổ hộ tịch, báo cáo Ban chỉ đạo trong tháng "
    "11/2019.\n"
)


@time_machine.travel(datetime.datetime(2019, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=True)
def test_directive_from_paste_to_confirmed_on_time(
    personas, meeting, live_server, browser, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    evidence = tmp_path / "bien-ban-nghiem-thu.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")

    def session(persona):
        context = browser.new_context()
        page = context.new_page()
        problems = watch_console(page)
        sign_in(page, live_server.url, personas[persona].username)
        return context, page, problems

    # The secretariat pastes the conclusions, checks the suggestion and confirms.
    context, page, problems = session("secretariat")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/conclusions/paste/")
    page.get_by_label("Nội dung kết luận").fill(CONCLUSIONS)
    page.get_by_role("button", name="Phân tích").click()
    expect(page.get_by_role("heading", name="Kiểm tra trước khi lưu")).to_be_visible()
    lead = page.locator("select[name='item-0-lead_unit']")
    expect(lead.locator("option:checked")).to_have_text("Phường An Bình")
    expect(page.locator("input[name='item-0-deadline_text']")).to_have_value("trong tháng 11/2019")
    page.get_by_role("button", name="Xác nhận và lưu").click()
    expect(page.get_by_text("Đã lưu 1 mục kết luận và 1 nhiệm vụ.")).to_be_visible()
    assert problems == []
    context.close()

    # ward1 reports completion with a file from "Việc của đơn vị tôi".
    context, page, problems = session("ward_a")
    page.get_by_role("link", name="Việc của đơn vị tôi").first.click()
    page.get_by_role("link", name="Giao UBND phường An Bình").click()
    page.get_by_label("Báo cáo đã hoàn thành").check()
    page.get_by_label("Kết quả thực hiện").fill("Đã số hóa 1.250 sổ hộ tịch.")
    page.get_by_label("Minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo.")).to_be_visible()
    expect(page.get_by_text("bien-ban-nghiem-thu.pdf")).to_be_visible()
    assert problems == []
    context.close()

    # The secretariat confirms.
    context, page, problems = session("secretariat")
    page.goto(f"{live_server.url}/directives/")
    page.get_by_role("link", name="Giao UBND phường An Bình").click()
    page.get_by_label("Xác nhận hoàn thành").check()
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_text("Đã xác nhận hoàn thành.")).to_be_visible()
    assert problems == []
    context.close()

    # The chair sees it counted as completed on time.
    context, page, problems = session("chair")
    page.goto(f"{live_server.url}/directives/")
    row = page.get_by_role("row").filter(has_text="Giao UBND phường An Bình")
    expect(row.get_by_text("Hoàn thành đúng hạn")).to_be_visible()
    assert problems == []
    context.close()
