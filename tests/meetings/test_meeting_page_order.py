"""The meeting page shows a topic's conclusion text and its directives in the pasted order,
the order of the notice (Directive.position), not all the text first."""

import pytest
from django.urls import reverse

from meetings.models import Conclusion
from meetings.selectors import conclusion_blocks
from tests.meetings.factories import DirectiveFactory
from tests.meetings.test_paste_round_trip import html_text, paste_and_confirm

pytestmark = pytest.mark.django_db

TEXT = (
    "1. Về hệ thống camera an ninh: Các đơn vị đã cơ bản hoàn thành lắp đặt camera. "
    "Giao Phòng Nội vụ rà soát danh mục camera. "
    "Nhìn chung chất lượng hình ảnh còn hạn chế. "
    "Giao Phòng Văn hóa và Thông tin bổ sung camera tại các điểm còn thiếu. "
    "Các ý kiến khác sẽ được xem xét tại kỳ họp sau."
)
IN_ORDER = [
    "Các đơn vị đã cơ bản hoàn thành lắp đặt camera.",
    "Giao Phòng Nội vụ rà soát danh mục camera.",
    "Nhìn chung chất lượng hình ảnh còn hạn chế.",
    "Giao Phòng Văn hóa và Thông tin bổ sung camera tại các điểm còn thiếu.",
    "Các ý kiến khác sẽ được xem xét tại kỳ họp sau.",
]


def test_the_meeting_page_shows_sentences_and_directives_in_the_notices_order(
    meeting, client_as, secretariat
):
    client = client_as(secretariat)
    paste_and_confirm(client, meeting, TEXT)
    page = html_text(client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode())
    page = " ".join(page.split())
    positions = [page.find(sentence.removesuffix(".")) for sentence in IN_ORDER]
    assert -1 not in positions, positions
    assert positions == sorted(positions)


def test_a_topics_blocks_interleave_paragraphs_and_runs_of_directives(
    meeting, client_as, secretariat
):
    paste_and_confirm(client_as(secretariat), meeting, TEXT)
    conclusion = Conclusion.objects.get(meeting=meeting)
    blocks = conclusion_blocks(conclusion)
    shape = ["text" if b.text else len(b.directives) for b in blocks]
    assert shape == ["text", 1, "text", 1, "text"]


def test_a_directive_added_later_without_a_position_follows_all_the_text(
    meeting, client_as, secretariat
):
    paste_and_confirm(client_as(secretariat), meeting, TEXT)
    conclusion = Conclusion.objects.get(meeting=meeting)
    DirectiveFactory(conclusion=conclusion, committee=meeting.committee, position=None)
    shape = ["text" if b.text else len(b.directives) for b in conclusion_blocks(conclusion)]
    assert shape == ["text", 1, "text", 1, "text", 1]
