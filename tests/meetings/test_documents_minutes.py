"""Minutes done right (Mẫu 1.9), the register series, the signer of the meeting, page layout."""

import datetime
import shutil
import subprocess

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import notices
from meetings.models import (
    AttendanceStatus,
    DocumentKind,
    DocumentRegister,
    RegisterSeries,
)
from steering import officialdoc as od
from steering.models import Person
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2019, 10, 17)
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _meeting(world, **fields):
    fields.setdefault("starts_at", datetime.datetime(2019, 10, 17, 1, tzinfo=datetime.UTC))
    fields.setdefault("venue", "Trụ sở UBND quận")
    return MeetingFactory(
        committee=world.committee, chair=Person.objects.get(full_name="Trần Văn Chủ"), **fields
    )


@pytest.fixture
def held_meeting(world):
    meeting = _meeting(world, attendees_summary="Các đồng chí thành viên Ban chỉ đạo")
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    DirectiveFactory(conclusion=conclusion, lead_unit=world.vhtt, content="Giao rà soát")
    return meeting


def _minutes(meeting, secretary="Nguyễn Thư Ký"):
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.MINUTES)
    return notices.notice_draft_update(document=draft, secretary_name=secretary)


def test_minutes_with_empty_attendance_and_content_are_refused_with_each_reason(world, secretariat):
    draft = _minutes(_meeting(world))
    with pytest.raises(ValidationError) as refused:
        notices.notice_issue(document=draft, user=secretariat, issued_on=MEETING_DAY)
    messages = " ".join(refused.value.messages)
    assert "“Thành phần tham dự” đang trống" in messages
    assert "“Nội dung” đang trống" in messages
    draft.refresh_from_db()
    assert draft.is_draft and not DocumentRegister.objects.exists()


def test_minutes_without_a_secretary_are_refused(held_meeting, secretariat):
    draft = _minutes(held_meeting, secretary="")
    with pytest.raises(ValidationError, match="thư ký"):
        notices.notice_issue(document=draft, user=secretariat, issued_on=MEETING_DAY)


def test_minutes_count_the_roll_call_as_attendance(world, secretariat):
    meeting = _meeting(world)
    meeting.attendances.create(unit=world.vhtt, status=AttendanceStatus.PRESENT)
    meeting.reports.create(title="Báo cáo kết quả quý III")
    issued = notices.notice_issue(
        document=_minutes(meeting), user=secretariat, issued_on=MEETING_DAY
    )
    assert issued.number_label == "01/BB-BCĐ"


def test_minutes_default_to_the_meeting_day(held_meeting):
    assert notices.document_default_issue_day(document=_minutes(held_meeting)) == MEETING_DAY


def test_minutes_are_dated_on_the_meeting_day_after_the_notice_took_the_next_number(
    held_meeting, secretariat
):
    notice = notices.notice_draft_build(meeting=held_meeting, kind=DocumentKind.NOTICE)
    notices.notice_issue(
        document=notice, user=secretariat, issued_on=MEETING_DAY + datetime.timedelta(days=1)
    )
    minutes = notices.notice_issue(
        document=_minutes(held_meeting), user=secretariat, issued_on=MEETING_DAY
    )
    assert (minutes.number_label, minutes.issued_on) == ("01/BB-BCĐ", MEETING_DAY)
    series = dict(DocumentRegister.objects.values_list("series", "last_number"))
    assert series == {RegisterSeries.MAIN: 1, RegisterSeries.MINUTES: 1}


def test_the_notice_signs_with_the_title_entered_on_the_meeting(world):
    meeting = _meeting(world, chair_title="Phó Chủ tịch UBND quận, Trưởng Ban chỉ đạo")
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
    assert (draft.signer_authority, draft.signer_title, draft.signer_position) == (
        "TM. BAN CHỈ ĐẠO",
        "TRƯỞNG BAN",
        "PHÓ CHỦ TỊCH UBND QUẬN",
    )


def test_a_deputy_chairing_the_meeting_signs_for_the_head(world):
    meeting = _meeting(world, chair_title="Phó Trưởng Ban thường trực, Trưởng phòng Văn hóa")
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
    assert (draft.signer_authority, draft.signer_title, draft.signer_position) == (
        "KT. TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
        "TRƯỞNG PHÒNG VĂN HÓA",
    )


# --- Page layout -------------------------------------------------------------------------------


def _long_notice(points: int) -> od.OfficialDocument:
    point = (
        "Giao Phòng Văn hóa và Thông tin chủ trì, phối hợp với Phòng Tài chính - Kế hoạch rà "
        "soát hạ tầng mạng và trang thiết bị của các phòng, ban"
    )
    return od.OfficialDocument(
        parent="UBND QUẬN LONG BIÊN",
        issuer="BAN CHỈ ĐẠO ỨNG DỤNG CNTT",
        number=5,
        symbol="TB-BCĐ",
        place="Long Biên",
        issued_on=MEETING_DAY,
        subject="Kết luận của đồng chí Trưởng Ban",
        body=(
            od.Paragraph("Ngày 17/10/2019, đồng chí Trưởng Ban chủ trì cuộc họp Ban Chỉ đạo."),
            od.Topic("1", "Về hạ tầng"),
            *(od.Point(f"1.{i}", point, deadline="trước ngày 30/11/2019") for i in range(points)),
        ),
        closing="Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện",
        signature=od.Signature(
            authority="TM. BAN CHỈ ĐẠO", title="TRƯỞNG BAN", name="Nguyễn Văn A"
        ),
        recipients=od.recipient_lines([od.Recipient(f"Đơn vị {i}") for i in range(6)]),
    )


def _page_texts(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True)
    return [" ".join(page.split()) for page in out.stdout.decode().split("\f") if page.strip()]


def test_the_signing_block_never_sits_alone_on_the_last_page(tmp_path):
    """Every length at which the text spills onto page 2: the last page keeps the last lines of
    the text with the signature (the footer once fell alone on page 2 at some lengths)."""
    spilled = 0
    for points in range(5, 11):
        pages = _page_texts(od.render_pdf(_long_notice(points)), tmp_path)
        if len(pages) == 1:
            continue
        spilled += 1
        assert "Nguyễn Văn A" in pages[-1], points
        assert "Giao Phòng Văn hóa" in pages[-1], points  # at least the end of the last point
    assert spilled >= 3


# --- The issue form ----------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2019, 10, 20, 3, tzinfo=datetime.UTC))
def test_the_issue_form_lists_what_the_minutes_lack_and_offers_the_meeting_day(
    world, secretariat, client_as
):
    draft = _minutes(_meeting(world))
    client = client_as(secretariat)
    url = reverse("document_issue", args=[draft.pk])
    page = client.get(reverse("document_detail", args=[draft.pk])).content.decode()
    assert 'value="2019-10-17"' in page
    response = client.post(url, {"issued_on": "2019-10-17"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chưa thể ban hành:" in page
    assert "<li>Phần “Thành phần tham dự” đang trống" in page
    draft.refresh_from_db()
    assert draft.is_draft
