"""Each persona signs in through the login form in headless Chromium and reaches their home page
in Vietnamese, with no console errors and no Content-Security-Policy violations."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_SECTIONS = {
    "secretariat": ["Việc chờ tôi", "Cuộc họp sắp tới", "Ban chỉ đạo của tôi"],
    "chair": ["Tình hình thực hiện nhiệm vụ", "Ban chỉ đạo của tôi"],
    "member": ["Ban chỉ đạo của tôi"],
    "ward_a": ["Việc của đơn vị tôi"],
    "ward_b": ["Việc của đơn vị tôi"],
    "division": ["Việc của đơn vị tôi"],
    "admin": ["Quản trị"],
    "outsider": [],
}


def watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" or "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.parametrize("persona", sorted(HOME_SECTIONS))
def test_persona_signs_in_and_sees_home_in_vietnamese(persona, personas, live_server, page):
    problems = watch_console(page)
    user = personas[persona]
    sign_in(page, live_server.url, user.username)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    assert page.locator("html").get_attribute("lang") == "vi"
    for section in HOME_SECTIONS[persona]:
        expect(page.get_by_role("heading", name=section, exact=True).first).to_be_visible()
    if persona == "outsider":
        expect(page.get_by_role("alert")).to_contain_text("chưa được gán đơn vị")
    # Every navigation link opens a page without errors.
    links = page.locator("#main-nav a.nav-link").evaluate_all("els => els.map(e => e.href)")
    for href in links:
        response = page.goto(href)
        assert response.status == 200, href
    assert problems == []


def test_styleguide_and_unit_pages_have_no_csp_violations(personas, live_server, page):
    problems = watch_console(page)
    sign_in(page, live_server.url, personas["secretariat"].username)
    for path in ["/styleguide/", "/units/", "/committees/"]:
        assert page.goto(f"{live_server.url}{path}").status == 200
    assert problems == []


def test_ward_officer_uses_the_menu_on_a_phone(personas, live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    problems = watch_console(page)
    sign_in(page, live_server.url, personas["ward_a"].username)
    toggler = page.get_by_role("button", name="Mở menu")
    expect(toggler).to_be_visible()
    toggler.click()
    # Wait for the collapse animation to finish before using the opened menu.
    expect(page.locator("#main-nav.show")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Đơn vị", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn vị")
    assert problems == []
    context.close()


def test_language_switcher_turns_the_interface_to_english(personas, live_server, page):
    sign_in(page, live_server.url, personas["chair"].username)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_on_a_phone_the_units_tasks_are_cards_that_fit_the_screen(
    personas, world, live_server, browser
):
    from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

    meeting = MeetingFactory(committee=world.committee)
    DirectiveFactory(
        conclusion=ConclusionFactory(meeting=meeting),
        lead_unit=world.ward_a,
        content="Rà soát, cập nhật danh mục thủ tục hành chính trên Trang thông tin điện tử",
    )
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server.url, personas["ward_a"].username)
    page.goto(f"{live_server.url}/my-work/")
    row = page.locator("table.table-stack tbody tr:has(td[data-label='Hạn'])").first
    # A card: the cells stack, each labelled, and nothing is wider than the screen.
    expect(row.locator("td[data-label='So với hạn']")).to_be_visible()
    assert row.evaluate("tr => getComputedStyle(tr).display") in ("block", "flex")  # a card
    assert (
        row.locator("td[data-label='Hạn']").evaluate(
            "td => getComputedStyle(td, '::before').content"
        )
        == '"Hạn"'
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
