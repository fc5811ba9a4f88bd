"""In Chromium: issue a notice, download it, and verification says authentic; one changed byte
makes it say altered. The report before a meeting: create, edit, issue, download."""

import datetime
import subprocess

import pytest
from docx import Document
from playwright.sync_api import expect

from meetings.models import MeetingState, RenderState
from steering.models import Person
from tests.e2e.test_persona_journeys import sign_in, watch_console
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_downloaded_notice_verifies_as_authentic_and_a_tampered_copy_as_altered(
    live_server, page, personas, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 10, 17, 1, tzinfo=datetime.UTC),
        chair_title="Phó Chủ tịch UBND quận, Trưởng Ban chỉ đạo",
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    DirectiveFactory(conclusion=conclusion, lead_unit=world.vhtt, content="Giao rà soát mạng")
    problems = watch_console(page)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server.url, personas["secretariat"].username)

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Dự thảo thông báo kết luận").click()
    page.get_by_label("Ngày ban hành").fill("2019-10-17")
    page.get_by_role("button", name="Ban hành", exact=True).click()
    status = page.locator("#document-status")
    expect(status).to_have_attribute("data-state", RenderState.READY)
    expect(status.locator("[data-signed]")).to_have_attribute("data-signed", "PAdES-B-B")
    with page.expect_download() as download_info:
        status.get_by_role("link", name="Tải về").click()
    original = tmp_path / "thong-bao.pdf"
    download_info.value.save_as(original)

    page.get_by_role("link", name="Kiểm tra văn bản ký số").click()
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(original))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    verdict = page.locator("[data-outcome]")
    expect(verdict).to_have_attribute("data-outcome", "authentic")
    expect(verdict).to_contain_text("01/TB-BCĐ")
    expect(verdict).to_contain_text("17/10/2019")

    data = bytearray(original.read_bytes())
    data[data.index(b"stream") + 40] ^= 0x01
    tampered = tmp_path / "thong-bao-sua.pdf"
    tampered.write_bytes(bytes(data))
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(tampered))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(verdict).to_have_attribute("data-outcome", "altered")
    expect(verdict).to_contain_text("đã bị thay đổi sau khi ký")
    assert problems == []


def test_the_report_before_a_meeting_is_drafted_edited_issued_and_downloaded(
    live_server, page, personas, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    earlier = MeetingFactory(
        committee=world.committee,
        starts_at=datetime.datetime(2019, 3, 1, 1, tzinfo=datetime.UTC),
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=earlier, number="1", title="Về hạ tầng")
    DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.vhtt,
        content="Giao rà soát hạ tầng mạng",
        deadline_text="trước ngày 30/4/2019",
        due_date=datetime.date(2019, 4, 30),
    )
    upcoming = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 6, 1, 1, tzinfo=datetime.UTC),
        chair_title="Phó Chủ tịch UBND quận, Trưởng Ban chỉ đạo",
        state=MeetingState.PLANNED,
    )
    problems = watch_console(page)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server.url, personas["secretariat"].username)

    page.goto(f"{live_server.url}/meetings/{upcoming.pk}/")
    page.get_by_role("button", name="Dự thảo báo cáo thực hiện kết luận (trước cuộc họp)").click()
    page.get_by_role("link", name="Sửa dự thảo").click()
    page.get_by_label("Phần mở đầu").fill("Cơ quan thường trực báo cáo như sau.")
    page.get_by_label("Đánh giá chung, kiến nghị").fill("Đề nghị đôn đốc Phòng Văn hóa.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("body")).to_contain_text("Đã lưu dự thảo.")
    with page.expect_download() as word_info:
        page.get_by_role("link", name="Tải bản dự thảo (Word)").click()
    word = Document(word_info.value.path())
    assert "Đề nghị đôn đốc Phòng Văn hóa." in [p.text for p in word.paragraphs]

    page.get_by_label("Ngày ban hành").fill("2019-05-28")
    page.get_by_role("button", name="Ban hành", exact=True).click()
    expect(page.locator("h1")).to_contain_text("01/BC-BCĐ")
    status = page.locator("#document-status")
    expect(status).to_have_attribute("data-state", RenderState.READY)
    expect(status.locator("[data-signed]")).to_have_attribute("data-signed", "PAdES-B-B")
    with page.expect_download() as download_info:
        status.get_by_role("link", name="Tải về").click()
    pdf = tmp_path / "bao-cao.pdf"
    download_info.value.save_as(pdf)
    text = " ".join(
        subprocess.run(["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Số: 01/BC-BCĐ" in text and "Cơ quan thường trực báo cáo như sau." in text
    assert "Giao rà soát hạ tầng mạng" in text and "Đề nghị đôn đốc Phòng Văn hóa." in text

    page.goto(f"{live_server.url}/meetings/{upcoming.pk}/")
    documents = page.locator("section[aria-labelledby=h-documents]")
    expect(documents).to_contain_text("Báo cáo thực hiện kết luận số 01/BC-BCĐ")
    expect(documents.get_by_role("link", name="Tải PDF")).to_be_visible()
    page.screenshot(path=str(tmp_path / "meeting.png"), full_page=True)
    assert problems == []
