"""In Chromium: the secretariat issues the demo's 17/10/2019 Long Biên notice and downloads the
numbered PDF."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from meetings.models import Meeting, MeetingDocument, RenderState
from tests.e2e.test_persona_journeys import sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_issues_the_long_bien_notice_and_downloads_the_numbered_pdf(
    live_server, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    meeting = Meeting.objects.get(committee__code="lb-bcd-cntt", starts_at__date="2019-10-17")
    problems = watch_console(page)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server.url, "secretariat")

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Dự thảo thông báo kết luận").click()
    expect(page.get_by_role("heading", name="Thông báo kết luận Dự thảo")).to_be_visible()
    with page.expect_popup() as popup_info:
        page.get_by_role("link", name="Xem trước").click()
    preview = popup_info.value
    preview_problems = watch_console(preview)
    preview.wait_for_load_state()
    expect(preview.get_by_text("DỰ THẢO")).to_be_visible()
    assert preview.evaluate("getComputedStyle(document.body).fontFamily").startswith(
        '"Liberation Serif"'
    )
    preview.close()
    page.get_by_label("Ngày ban hành").fill("2019-10-17")
    page.get_by_role("button", name="Ban hành", exact=True).click()

    expect(page.get_by_text("Đã ban hành thông báo kết luận số 01-TB/QU.")).to_be_visible()
    status = page.locator("#document-status")
    expect(status).to_have_attribute("data-state", RenderState.READY)
    with page.expect_download() as download_info:
        status.get_by_role("link", name="Tải về").click()
    download = download_info.value
    assert download.suggested_filename == "Thông báo 01-TB-QU ngày 17-10-2019.pdf"
    path = tmp_path / "notice.pdf"
    download.save_as(path)
    document = MeetingDocument.objects.get(meeting=meeting)
    assert document.number_label == "01-TB/QU"
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    ).stdout.decode()
    flat = " ".join(text.split())
    for part in (
        "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        "QUẬN ỦY LONG BIÊN",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 01-TB/QU",
        "Long Biên, ngày 17 tháng 10 năm 2019",
        "THÔNG BÁO",
        "Kết luận của đồng chí Đỗ Mạnh Hải",
        "thông báo để các cơ quan, đơn vị biết, thực hiện./.",
        "Nơi nhận:",
        "T/M BAN CHỈ ĐẠO",
    ):
        assert part in flat, part
    assert "DỰ THẢO" not in flat
    assert problems == [] and preview_problems == []


def test_the_status_panel_turns_ready_without_a_reload(
    live_server, page, personas, meeting, settings, tmp_path, monkeypatch
):
    from meetings import notices

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(notices, "_enqueue_render", lambda document: None)  # a slow worker
    draft = notices.notice_draft_build(meeting=meeting, kind="notice")
    day = meeting.starts_at.date()
    issued = notices.notice_issue(document=draft, user=personas["secretariat"], issued_on=day)
    problems = watch_console(page)
    sign_in(page, live_server.url, personas["member"].username)
    page.goto(f"{live_server.url}/documents/{issued.pk}/")
    status = page.locator("#document-status")
    expect(status).to_have_attribute("data-state", RenderState.QUEUED)
    page.evaluate("window.stillTheSamePage = true")

    notices.notice_render(document_pk=issued.pk)  # the worker finishes

    expect(status).to_have_attribute("data-state", RenderState.READY, timeout=10_000)
    expect(status.get_by_role("link", name="Tải về")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True
    assert problems == []
