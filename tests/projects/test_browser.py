"""In Chromium: the secretariat moves a project to a new status citing the decision, and the
chair then finds the change on the project's timeline. No console errors, no CSP violations."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_persona_journeys import sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECISION = "Thông báo kết luận ngày 17/10/2019, mục 2"


def test_secretariat_changes_status_and_chair_sees_it_on_the_timeline(
    personas, project, live_server, browser
):
    def session(persona):
        context = browser.new_context()
        page = context.new_page()
        problems = watch_console(page)
        sign_in(page, live_server.url, personas[persona].username)
        return context, page, problems

    context, page, problems = session("secretariat")
    page.get_by_role("link", name="Dự án CNTT").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dự án CNTT")
    page.get_by_label("Tìm theo mã, tên").fill("ho tich")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name=project.name).click()
    page.get_by_role("link", name="Chuyển trạng thái").click()
    page.get_by_label("Trạng thái mới").select_option(label="Tạm dừng")
    page.get_by_label("Ngày quyết định").fill("2019-10-17")
    page.get_by_label("Lý do").fill("Chờ ý kiến chỉ đạo của Thành ủy, Thành phố")
    page.get_by_label("Căn cứ quyết định").fill(DECISION)
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_text("Đã ghi nhận thay đổi trạng thái.")).to_be_visible()
    assert problems == []
    context.close()

    context, page, problems = session("chair")
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    timeline = page.locator("ol.project-timeline")
    expect(timeline).to_contain_text(DECISION)
    expect(timeline).to_contain_text("17/10/2019")
    expect(timeline).to_contain_text("Tạm dừng")
    expect(page.get_by_role("link", name="Chuyển trạng thái")).to_have_count(0)
    # The portfolio filters in place (htmx) and keeps the filter in the address bar.
    page.goto(f"{live_server.url}/projects/")
    page.get_by_label("Trạng thái", exact=True).select_option(label="Hoàn thành")
    expect(page.get_by_text("Không có dự án nào khớp với bộ lọc.")).to_be_visible()
    page.get_by_label("Trạng thái", exact=True).select_option(label="Tạm dừng")
    expect(page.get_by_role("link", name=project.name)).to_be_visible()
    assert "status=" in page.url
    assert problems == []
    context.close()
