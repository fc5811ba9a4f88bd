"""Word drafts: every document downloads as .docx with the PDF's layout, read back here."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from meetings import notices
from meetings.models import DocumentKind, MeetingState
from steering.models import Person
from tests.downloads import downloaded_name
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(world):
    meeting = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 10, 17, 1, tzinfo=datetime.UTC),
        chair_title="Phó Chủ tịch UBND quận, Trưởng Ban chỉ đạo",
        attendees_summary="Các đồng chí thành viên Ban chỉ đạo",
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    for text in ("Giao Phòng Văn hóa và Thông tin rà soát mạng", "Giao Phòng Nội vụ cập nhật"):
        DirectiveFactory(
            conclusion=conclusion, lead_unit=world.vhtt, content=text, deadline_text="Quý IV/2019"
        )
    return meeting


def _docx(client, document):
    response = client.get(reverse("document_docx", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response, Document(io.BytesIO(response.content))


def test_the_draft_downloads_as_docx_on_a4_with_the_decree_margins(meeting, member, client_as):
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
    response, docx = _docx(client_as(member), draft)
    assert downloaded_name(response) == "Dự thảo thông báo cuộc họp ngày 17-10-2019.docx"
    section = docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [20.0, 20.0, 30.0, 15.0]
    assert docx.styles["Normal"].font.name == "Times New Roman"
    fonts = {run.font.name for p in docx.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}


def test_the_docx_has_the_header_table_numbering_and_signing_block(meeting, member, client_as):
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
    _response, docx = _docx(client_as(member), draft)
    header, footer = docx.tables[0], docx.tables[-1]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert "UBND QUẬN MẪU" in left and "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ" in left and "DỰ THẢO" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    body = [p.text for p in docx.paragraphs]
    assert "THÔNG BÁO" in body and "1. Về hạ tầng" in body
    assert any(t.startswith("1.1. Giao Phòng Văn hóa") and "Quý IV/2019" in t for t in body)
    assert body[-1].endswith("./.")
    recipients, signature = (cell.text for cell in footer.rows[0].cells)
    assert recipients.startswith("Nơi nhận:") and "- Lưu: VT, VHTT." in recipients
    assert signature.split("\n")[:3] == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND QUẬN"]
    assert signature.endswith("Trần Văn Chủ")
    assert docx.sections[0].different_first_page_header_footer  # no page number on page 1


def test_issued_minutes_download_as_docx_with_both_signatures(meeting, secretariat, client_as):
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.MINUTES)
    notices.notice_draft_update(document=draft, secretary_name="Nguyễn Thư Ký")
    issued = notices.notice_issue(
        document=draft, user=secretariat, issued_on=datetime.date(2019, 10, 17)
    )
    _response, docx = _docx(client_as(secretariat), issued)
    assert "Số: 01/BB-BCĐ" in docx.tables[0].rows[0].cells[0].text
    secretary, chair = (cell.text for cell in docx.tables[-1].rows[0].cells)
    assert secretary.startswith("THƯ KÝ") and secretary.endswith("Nguyễn Thư Ký")
    assert chair.startswith("CHỦ TRÌ") and chair.endswith("Trần Văn Chủ")
    body = " ".join(p.text for p in docx.paragraphs)
    assert "Thành phần tham dự:" in body and "Cuộc họp kết thúc vào" in body


def test_body_lines_have_the_stylesheets_exact_height_so_word_paginates_like_the_pdf():
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    from steering.officialdoc_docx import render_docx
    from tests.steering.officialdoc.samples import long_notice

    docx = Document(io.BytesIO(render_docx(long_notice(conclusions=10, directives=30))))
    body = next(p for p in docx.paragraphs if p.text.startswith("1.1. ")).paragraph_format
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.line_spacing == Pt(14 * 1.2)  # `line-height: 1.2` at 14 pt
