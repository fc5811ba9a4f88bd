"""The secretariat's paste journey in Chromium: subject-first assignments, a group of wards, an
unmatched unit fixed by hand (and remembered), a row added on the page, confirm; the same notice
pasted again is met by a warning and saved without duplicates."""

import pytest
from playwright.sync_api import expect

from meetings.models import Conclusion, Directive
from steering.models import UnitAlias
from tests.a11y.crawl import AXE, RUN_AXE
from tests.e2e.test_persona_journeys import sign_in, watch_console
from tests.factories import OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = (
    "1. Về hạ tầng, trang thiết bị\n"
    "Các đơn vị đã cơ bản hoàn thành rà soát máy tính.\n"
    "Phòng Nội vụ rà soát danh sách cán bộ đầu mối, xong trước ngày 15/11/2019.\n"
    "Giao Đội Trật tự đô thị kiểm tra biển hiệu trên các tuyến phố, hoàn thành trong tháng "
    "12/2019.\n"
    "2. Về dữ liệu hộ tịch\n"
    "UBND các phường An Bình, Bình Minh bổ sung dữ liệu hộ tịch; hoàn thành trong tháng "
    "12/2019.\n"
)


def rows(page):
    return page.locator(".paste-item")


def test_paste_steer_confirm_and_paste_again(personas, meeting, world, live_server, page, tmp_path):
    team = OrgUnitFactory(
        code="T-Q-QLTT",
        kind="public_service_unit",
        name="Đội Quản lý trật tự xây dựng đô thị quận Mẫu",
        short_name="",
        parent=world.district,
    )
    problems = watch_console(page)
    sign_in(page, live_server.url, personas["secretariat"].username)
    url = f"{live_server.url}/meetings/{meeting.pk}/conclusions/paste/"
    page.goto(url)
    page.get_by_label("Nội dung kết luận").fill(NOTICE)
    page.get_by_role("button", name="Phân tích").click()
    expect(page.get_by_role("heading", name="Kiểm tra trước khi lưu")).to_be_visible()

    # Every sentence is on the page; the subject-first one is a directive of Phòng Nội vụ.
    expect(rows(page).nth(0).locator("select[name$='-kind']")).to_have_value("text")
    second = rows(page).nth(1)
    expect(second.locator("select[name$='-lead_unit'] option:checked")).to_have_text(
        world.division.name
    )
    # The two wards are one assignment.
    expect(page.get_by_text("Một ý giao cho 2 phường")).to_be_visible()
    # The unmatched unit says so, and is picked by hand (with the keyboard).
    unmatched = rows(page).nth(2)
    expect(unmatched.get_by_text("“Đội Trật tự đô thị” chưa khớp với đơn vị nào")).to_be_visible()
    page.screenshot(path=str(tmp_path / "paste-preview.png"), full_page=True)
    lead = unmatched.locator("select[name$='-lead_unit']")
    lead.focus()
    lead.select_option(label=team.name)
    expect(unmatched.locator(".paste-unset")).to_be_hidden()
    expect(
        unmatched.get_by_label("Ghi nhớ: lần sau hiểu tên này là đơn vị đã chọn")
    ).to_be_checked()

    # A row added to topic 1, without reloading the page.
    page.locator("[data-paste-add='0']").click()
    added = page.locator(".paste-topic").nth(0).locator(".paste-item").last
    expect(added.locator("textarea")).to_be_focused()
    page.keyboard.type("Giao Phòng Văn hóa và Thông tin tổng hợp kết quả, báo cáo tại kỳ họp tới.")
    added.locator("select[name$='-lead_unit']").select_option(label=world.vhtt.name)
    page.screenshot(path=str(tmp_path / "paste-steered.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận và lưu").click()
    expect(page.get_by_text("Đã lưu 2 mục kết luận và 5 nhiệm vụ.")).to_be_visible()
    assert UnitAlias.objects.filter(unit=team, name="Đội Trật tự đô thị").exists()
    assert Directive.objects.count() == 5

    # The same notice again: warned first; the remembered name now matches by itself.
    page.goto(url)
    page.get_by_label("Nội dung kết luận").fill(NOTICE)
    page.get_by_role("button", name="Phân tích").click()
    warning = page.locator("#paste-existing")
    expect(warning).to_contain_text("Cuộc họp này đã có 2 mục kết luận và 5 nhiệm vụ")
    expect(warning).to_contain_text("4 nhiệm vụ trong nội dung vừa dán trùng với nhiệm vụ đã lưu")
    expect(rows(page).nth(2).locator("select[name$='-lead_unit'] option:checked")).to_have_text(
        team.name
    )
    page.get_by_role("button", name="Xác nhận và lưu").click()
    expect(page.get_by_text("chọn “Bổ sung” hoặc “Thay thế”").first).to_be_visible()
    assert Directive.objects.count() == 5
    page.get_by_label("Thay thế toàn bộ kết luận đã có").check()
    page.get_by_role("button", name="Xác nhận và lưu").click()
    expect(page.get_by_text("Đã lưu 2 mục kết luận và 4 nhiệm vụ.")).to_be_visible()
    assert Conclusion.objects.count() == 2
    assert Directive.objects.count() == 4
    assert problems == []


SPLIT_ME = (
    "1. Về hồ sơ cán bộ\n"
    "Giao Phòng Nội vụ rà soát danh sách cán bộ đầu mối; cập nhật phần mềm quản lý hồ sơ.\n"
)


def test_a_row_is_split_and_moved_to_the_text_with_the_keyboard(
    personas, meeting, world, live_server, page
):
    problems = watch_console(page)
    sign_in(page, live_server.url, personas["secretariat"].username)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/conclusions/paste/")
    page.get_by_label("Nội dung kết luận").fill(SPLIT_ME)
    page.get_by_role("button", name="Phân tích").click()
    content = rows(page).nth(0).locator("textarea")
    content.focus()
    cut = SPLIT_ME.splitlines()[1].index("cập nhật")
    content.evaluate("(area, cut) => area.setSelectionRange(cut, cut)", cut)
    page.keyboard.press("Shift+Tab")  # "Xóa dòng này"
    page.keyboard.press("Shift+Tab")  # "Tách tại con trỏ"
    expect(page.get_by_role("button", name="Tách tại con trỏ").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(rows(page)).to_have_count(2)
    second = rows(page).nth(1)
    expect(second.locator("textarea")).to_be_focused()
    expect(second.locator("textarea")).to_have_value("cập nhật phần mềm quản lý hồ sơ.")
    second.locator("select[name$='-kind']").select_option("text")
    expect(second.locator(".paste-directive-fields")).to_be_hidden()
    page.get_by_role("button", name="Xác nhận và lưu").click()
    expect(page.get_by_text("Đã lưu 1 mục kết luận và 1 nhiệm vụ.")).to_be_visible()
    directive = Directive.objects.get()
    assert directive.content == "Giao Phòng Nội vụ rà soát danh sách cán bộ đầu mối;"
    assert directive.lead_unit == world.division
    assert directive.conclusion.text == "cập nhật phần mềm quản lý hồ sơ."
    assert problems == []


def test_the_preview_has_no_serious_accessibility_finding(personas, meeting, live_server, page):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (bin/ensure-node-tools)")
    sign_in(page, live_server.url, personas["secretariat"].username)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/conclusions/paste/")
    page.get_by_label("Nội dung kết luận").fill(NOTICE)
    page.get_by_role("button", name="Phân tích").click()
    page.locator("[data-paste-add='0']").click()
    page.evaluate(AXE.read_text() + "\n;0")  # through DevTools: the page's CSP does not apply
    findings = [f for f in page.evaluate(RUN_AXE) if f["impact"] in {"serious", "critical"}]
    assert findings == []
