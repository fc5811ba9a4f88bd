"""In Chromium: issue a notice, download it, and verification says authentic; one changed byte
makes it say altered."""

import datetime

import pytest
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
