"""The official-document renderer, checked on the PDF itself with poppler-utils.

Geometry comes from `pdftotext -bbox` (word boxes in pt, origin top-left), fonts from `pdffonts`.
Each sample is rendered once per module.
"""

import dataclasses
import datetime
import itertools
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET

import pytest

from steering.officialdoc import (
    DOCUMENT_PROFILES,
    PARTY,
    STATE,
    BulletList,
    OfficialDocument,
    Paragraph,
    Point,
    Recipient,
    RecipientPurpose,
    SectionHeading,
    Signature,
    authority_line,
    recipient_lines,
    render_css,
    render_html,
    render_pdf,
)
from tests.steering.officialdoc import samples

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFFONTS = shutil.which("pdffonts") or "/usr/bin/pdffonts"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

MM = 72 / 25.4  # pt per mm
TOLERANCE = 1 * MM
A4 = (210 * MM, 297 * MM)
LEFT, RIGHT, TOP = 30 * MM, (210 - 15) * MM, 20 * MM
# Liberation Serif's ascent + descent: a word box is 1.107 × the font size high.
BOX_PER_PT = 1.107


@dataclasses.dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def size(self) -> float:
        return (self.y1 - self.y0) / BOX_PER_PT


@dataclasses.dataclass
class Rendered:
    pdf: bytes
    path: str

    def text(self, *, layout: bool = True, page: int | None = None) -> str:
        args = [PDFTOTEXT, "-enc", "UTF-8"]
        if layout:
            args.append("-layout")
        if page:
            args += ["-f", str(page), "-l", str(page)]
        return subprocess.run(
            [*args, self.path, "-"], check=True, capture_output=True
        ).stdout.decode()

    def flat_text(self) -> str:
        """All text with runs of white space collapsed (justification stretches the spaces)."""
        return " ".join(self.text(layout=False).split())

    def pages(self) -> list[tuple[tuple[float, float], list[Word]]]:
        out = subprocess.run(
            [PDFTOTEXT, "-bbox", "-enc", "UTF-8", self.path, "-"], check=True, capture_output=True
        ).stdout
        root = ET.fromstring(out)  # noqa: S314 - our own PDF's text, not untrusted input
        pages = []
        for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
            words = [
                Word(
                    w.text or "",
                    float(w.get("xMin")),
                    float(w.get("yMin")),
                    float(w.get("xMax")),
                    float(w.get("yMax")),
                )
                for w in page.iter("{http://www.w3.org/1999/xhtml}word")
            ]
            pages.append(((float(page.get("width")), float(page.get("height"))), words))
        return pages

    def gray(self, page: int = 1, dpi: int = 144) -> tuple[int, int, bytes]:
        """Page pixels (8-bit grey, row-major) to find the drawn rules, which have no text."""
        done = subprocess.run(
            [PDFTOPPM, "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), self.path],
            check=True,
            capture_output=True,
        )
        magic, width, height, _maxval, pixels = done.stdout.split(maxsplit=4)
        assert magic == b"P5"
        return int(width), int(height), pixels

    def fonts(self) -> list[list[str]]:
        out = subprocess.run([PDFFONTS, self.path], check=True, capture_output=True).stdout
        return [line.split() for line in out.decode().splitlines()[2:] if line.strip()]


def _render(tmp_path_factory, document) -> Rendered:
    pdf = render_pdf(document)
    path = tmp_path_factory.mktemp("pdf") / "doc.pdf"
    path.write_bytes(pdf)
    return Rendered(pdf, str(path))


@pytest.fixture(scope="module")
def state_notice(tmp_path_factory):
    return _render(tmp_path_factory, samples.STATE_NOTICE)


@pytest.fixture(scope="module")
def party_notice(tmp_path_factory):
    return _render(tmp_path_factory, samples.PARTY_NOTICE)


@pytest.fixture(scope="module")
def long_notice(tmp_path_factory):
    return _render(tmp_path_factory, samples.long_notice())


@pytest.fixture(scope="module")
def draft_notice(tmp_path_factory):
    return _render(tmp_path_factory, samples.DRAFT_NOTICE)


@pytest.fixture(scope="module")
def january_notice(tmp_path_factory):
    return _render(tmp_path_factory, samples.JANUARY_NOTICE)


@pytest.fixture(scope="module")
def minutes(tmp_path_factory):
    return _render(tmp_path_factory, samples.MINUTES)


@pytest.fixture(scope="module")
def diacritics(tmp_path_factory):
    nfd = unicodedata.normalize("NFD", samples.DIACRITICS)
    body = (Paragraph(unicodedata.normalize("NFD", samples.SENTENCE)), Paragraph(nfd))
    document = dataclasses.replace(samples.JANUARY_NOTICE, body=body)
    return _render(tmp_path_factory, document)


def _in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing or out of order after offset {position}"
        position = found + len(part)


def _find(words: list[Word], text: str) -> Word:
    return next(w for w in words if w.text == text)


# --- Content and order -----------------------------------------------------------------------


def test_a_state_notice_shows_every_required_element_in_order(state_notice):
    text = state_notice.flat_text()  # reading order: the left header cell, then the right one
    _in_order(
        text,
        [
            "UBND QUẬN LONG BIÊN",
            "BAN CHỈ ĐẠO ỨNG DỤNG",
            "Số: 05/TB-BCĐ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Long Biên, ngày 17 tháng 10 năm 2019",
            "THÔNG BÁO",
            "Kết luận của đồng chí Trưởng Ban Chỉ đạo ứng dụng CNTT quận",
            "Ngày 17/10/2019, Ban chỉ đạo ứng dụng công nghệ thông tin quận",
            "1. Về hệ thống camera an ninh",
            "1.2. Với Đề án mở rộng camera",
            "Thời gian: kỳ họp tới.",
            "5.1. Giao cơ quan thường trực",
            "Thời gian: trước ngày 30/11/2019.",
            "thông báo để các cơ quan, đơn vị biết, thực hiện./.",
            "Nơi nhận:",
            "TM. BAN CHỈ ĐẠO",
            "TRƯỞNG BAN",
            "CHỦ TỊCH HĐND QUẬN",
            "Đỗ Mạnh Hải",
        ],
    )
    _in_order(
        text,
        [
            "Nơi nhận:",
            "- Thường trực Quận ủy (để b/c);",
            "- Đ/c Chủ tịch UBND quận (để b/c);",
            "- UBND 14 phường;",
            "- Lưu: VT, VHTT.",
        ],
    )


def test_the_number_and_the_place_date_share_a_line_under_their_blocks(state_notice):
    text = state_notice.text(page=1)
    assert re.search(r"Số: 05/TB-BCĐ +Long Biên, ngày 17 tháng 10 năm 2019", text)


def test_place_date_pads_days_below_ten_and_january(january_notice):
    assert "Long Biên, ngày 04 tháng 01 năm 2018" in january_notice.flat_text()
    assert "Số: 01/TB-BCĐ" in january_notice.flat_text()


def test_vietnamese_diacritics_round_trip_from_nfd_input_to_nfc_text(diacritics):
    text = diacritics.flat_text()  # the PDF's own text: NFC, since the input was normalised
    assert samples.SENTENCE in text
    # pdftotext drops the spaces between one-letter words, so compare the letters alone.
    assert "".join(samples.DIACRITICS.split()) in "".join(text.split())


# --- Page geometry ---------------------------------------------------------------------------


def test_every_page_is_a4_portrait(long_notice):
    pages = long_notice.pages()
    assert len(pages) == 3
    for (width, height), _words in pages:
        assert width == pytest.approx(A4[0], abs=0.5)
        assert height == pytest.approx(A4[1], abs=0.5)


def test_margins_measured_from_the_glyphs_are_30_15_and_20_mm(state_notice):
    (_size, words), *_ = state_notice.pages()
    assert min(w.x0 for w in words) == pytest.approx(LEFT, abs=TOLERANCE)
    assert max(w.x1 for w in words) == pytest.approx(RIGHT, abs=TOLERANCE)
    assert min(w.y0 for w in words) == pytest.approx(TOP, abs=TOLERANCE)


def test_justified_lines_reach_the_right_margin(long_notice):
    for _size, words in long_notice.pages():
        body = [w for w in words if w.y0 > TOP + 2]  # the page number sits above TOP
        flush = [w for w in body if w.x1 == pytest.approx(RIGHT, abs=TOLERANCE)]
        assert len(flush) >= 5


def test_page_numbers_start_on_page_2_centred_in_the_top_margin(long_notice):
    pages = long_notice.pages()
    first_words = pages[0][1]
    assert all(w.y0 >= TOP - TOLERANCE for w in first_words)
    for number, (_size, words) in enumerate(pages[1:], start=2):
        in_margin = [w for w in words if w.y1 <= TOP]
        assert [w.text for w in in_margin] == [str(number)]
        centre = (in_margin[0].x0 + in_margin[0].x1) / 2
        assert centre == pytest.approx((LEFT + RIGHT) / 2, abs=TOLERANCE)


def test_sizes_follow_the_state_profile(state_notice):
    (_size, words), *_ = state_notice.pages()
    profile = DOCUMENT_PROFILES[STATE]
    assert _find(words, "CỘNG").size == pytest.approx(profile["national_title_size"], abs=0.3)
    assert _find(words, "Độc").size == pytest.approx(profile["motto_size"], abs=0.3)
    assert _find(words, "UBND").size == pytest.approx(profile["parent_size"], abs=0.3)
    assert _find(words, "Số:").size == pytest.approx(profile["number_size"], abs=0.3)
    assert _find(words, "Hội").size == pytest.approx(profile["body_size"], abs=0.3)


def test_recipients_are_12_pt_title_and_11_pt_items(state_notice):
    words = [w for _size, page in state_notice.pages() for w in page]
    assert _find(words, "Nơi").size == pytest.approx(12, abs=0.3)
    assert _find(words, "Lưu:").size == pytest.approx(11, abs=0.3)
    # "Nơi nhận:" sits flush left, level with the authority line of the signature.
    nhan = _find(words, "Nơi")
    assert nhan.x0 == pytest.approx(LEFT, abs=TOLERANCE)
    tm = _find(words, "TM.")
    assert tm.x0 > 210 * MM * 0.4
    assert abs(tm.y1 - nhan.y1) < 4


def test_the_header_puts_the_issuer_left_and_the_national_title_right(state_notice):
    (_size, words), *_ = state_notice.pages()
    assert _find(words, "UBND").x1 < _find(words, "CỘNG").x0
    assert _find(words, "CỘNG").x1 <= RIGHT + TOLERANCE


def _longest_dark_run(rendered: Rendered, *, top: float, bottom: float, left: float, right: float):
    """The longest horizontal run of dark pixels inside a box given in pt: (x0, x1) in pt."""
    dpi = 144
    scale = dpi / 72
    width, _height, pixels = rendered.gray(dpi=dpi)
    best = (0.0, 0.0)
    for row in range(int(top * scale), int(bottom * scale) + 1):
        start = None
        for col in range(int(left * scale), int(right * scale) + 1):
            dark = pixels[row * width + col] < 128
            if dark and start is None:
                start = col
            if (not dark or col == int(right * scale)) and start is not None:
                if (col - start) / scale > best[1] - best[0]:
                    best = (start / scale, col / scale)
                start = None
    return best


def test_the_motto_rule_is_as_long_as_the_motto(state_notice):
    (_size, words), *_ = state_notice.pages()
    split = LEFT + 0.4 * (RIGHT - LEFT)
    motto = [w for w in words if w.y0 == pytest.approx(_find(words, "Độc").y0, abs=1)]
    motto = [w for w in motto if w.x0 > split]
    place = _find(words, "Long")
    x0, x1 = _longest_dark_run(
        state_notice, top=motto[0].y1 - 2, bottom=place.y0 - 1, left=split, right=RIGHT
    )
    assert x0 == pytest.approx(min(w.x0 for w in motto), abs=TOLERANCE)
    assert x1 == pytest.approx(max(w.x1 for w in motto), abs=TOLERANCE)


@pytest.fixture(scope="module")
def short_issuer(tmp_path_factory):
    document = dataclasses.replace(
        samples.JANUARY_NOTICE, parent="UBND QUẬN LONG BIÊN", issuer="UBND PHƯỜNG BỒ ĐỀ"
    )
    return _render(tmp_path_factory, document)


@pytest.mark.parametrize(
    ("sample", "first", "last"),
    [("state_notice", "BAN", "CNTT"), ("short_issuer", "PHƯỜNG", "PHƯỜNG")],
)
def test_the_issuer_rule_is_a_third_to_a_half_of_the_issuer_name(request, sample, first, last):
    rendered = request.getfixturevalue(sample)
    (_size, words), *_ = rendered.pages()
    split = LEFT + 0.4 * (RIGHT - LEFT)
    issuer = [w for w in words if w.y0 == pytest.approx(_find(words, first).y0, abs=1)]
    issuer = [w for w in issuer if w.x1 < split]
    number = _find(words, "Số:")
    issuer_width = max(w.x1 for w in issuer) - min(w.x0 for w in issuer)
    below = _find(words, last)  # a long name wraps; the rule comes under its last line
    x0, x1 = _longest_dark_run(
        rendered, top=below.y1 - 2, bottom=number.y0 - 1, left=LEFT, right=split
    )
    assert issuer_width / 3 <= x1 - x0 <= issuer_width / 2
    assert (x0 + x1) / 2 == pytest.approx((below.x0 + below.x1) / 2, abs=TOLERANCE)


def test_the_subject_rule_is_a_third_to_a_half_of_the_subject(state_notice):
    (_size, words), *_ = state_notice.pages()
    subject = [w for w in words if w.y0 == pytest.approx(_find(words, "Kết").y0, abs=1)]
    body = _find(words, "Ngày")
    last_line = [w for w in words if w.y0 == pytest.approx(_find(words, "tại").y0, abs=1)]
    width = max(w.x1 for w in subject) - min(w.x0 for w in subject)
    x0, x1 = _longest_dark_run(
        state_notice, top=last_line[0].y1 - 2, bottom=body.y0 - 1, left=LEFT, right=RIGHT
    )
    assert width / 3 <= x1 - x0 <= width / 2
    assert (x0 + x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=TOLERANCE)


def test_the_header_is_split_about_40_60(state_notice):
    (_size, words), *_ = state_notice.pages()
    text_width = RIGHT - LEFT
    number = [_find(words, "Số:"), _find(words, "05/TB-BCĐ")]
    place_date = [w for w in words if w.y0 == pytest.approx(_find(words, "Long").y0, abs=1)]
    place_date = [w for w in place_date if w.x0 > LEFT + 0.4 * text_width]
    number_centre = (number[0].x0 + number[-1].x1) / 2
    date_centre = (place_date[0].x0 + place_date[-1].x1) / 2
    assert number_centre == pytest.approx(LEFT + 0.2 * text_width, abs=2 * MM)
    assert date_centre == pytest.approx(LEFT + 0.7 * text_width, abs=2 * MM)


def test_paragraphs_have_a_1_cm_indent_single_to_1_5_lines_and_6_pt_between(state_notice):
    (_size, words), *_ = state_notice.pages()
    first = _find(words, "Ngày")
    assert first.x0 == pytest.approx(LEFT + 10 * MM, abs=TOLERANCE)
    lines = sorted({round(w.y0, 1) for w in words if w.y0 >= first.y0 and abs(w.size - 14) < 0.3})
    gaps = [b - a for a, b in itertools.pairwise(lines)]
    pitch = min(gaps)
    assert 14 * 1.0 <= pitch <= 14 * 1.5
    second = _find(words, "Hội")  # the second paragraph
    gap = second.y0 - max(y for y in lines if y < second.y0 - 1)
    assert gap >= pitch + 6 - 0.2


# --- Fonts -----------------------------------------------------------------------------------


def test_every_font_is_an_embedded_liberation_serif(state_notice, long_notice, party_notice):
    for rendered in (state_notice, long_notice, party_notice):
        fonts = rendered.fonts()
        assert fonts
        for row in fonts:
            name, emb = row[0], row[-5]
            assert "Liberation-Serif" in name, name
            assert emb == "yes", row


# --- Profiles, drafts, minutes ---------------------------------------------------------------


def test_the_party_profile_has_the_party_heading_and_no_national_title(party_notice):
    text = party_notice.flat_text()
    _in_order(
        text,
        [
            "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
            "QUẬN ỦY LONG BIÊN",
            "*",
            "Số 467-TB/QU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Long Biên, ngày 17 tháng 10 năm 2019",
            "THÔNG BÁO",
            "thực hiện./.",
            "Nơi nhận:",
            "- Thường trực Thành ủy (để b/c);",
            "- Lưu: Văn phòng Quận ủy.",
            "T/L BAN THƯỜNG VỤ",
            "CHÁNH VĂN PHÒNG",
        ],
    )
    assert "CỘNG HÒA" not in text
    assert "Độc lập" not in text


def test_party_sizes_come_from_the_party_profile(party_notice):
    (_size, words), *_ = party_notice.pages()
    profile = DOCUMENT_PROFILES[PARTY]
    assert _find(words, "ĐẢNG").size == pytest.approx(profile["parent_size"], abs=0.3)
    heading = [w for w in words if w.text == "ĐẢNG"][1]
    assert heading.size == pytest.approx(profile["party_heading_size"], abs=0.3)
    assert _find(words, "THÔNG").size == pytest.approx(profile["doc_type_size"], abs=0.3)
    assert _find(words, "Số").size == pytest.approx(profile["number_size"], abs=0.3)


def test_a_draft_shows_the_mark_and_blank_number_and_date(draft_notice):
    text = draft_notice.text(page=1)
    assert "DỰ THẢO" in text
    assert re.search(r"Số:\s+/TB-BCĐ", text)
    assert re.search(r"Long Biên, ngày\s+tháng\s+năm 20…", text)


def test_an_issued_notice_has_no_draft_mark(state_notice):
    assert "DỰ THẢO" not in state_notice.flat_text()


def test_the_minutes_follow_mau_1_9(minutes):
    text = minutes.flat_text()
    _in_order(
        text,
        [
            "Số: 03/BB-BCĐ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "BIÊN BẢN",
            "Cuộc họp giao ban định kỳ Ban Chỉ đạo tháng 10/2019",
            "Thời gian bắt đầu: 08 giờ 00, ngày 17 tháng 10 năm 2019",
            "Địa điểm: Hội trường tầng 3",
            "Thành phần tham dự:",
            "- Đồng chí Đỗ Mạnh Hải - Trưởng Ban",
            "Vắng mặt:",
            "- Đồng chí Trần Văn C (lý do: đi công tác)",
            "Chủ trì: Đồng chí Đỗ Mạnh Hải",
            "Thư ký: Đồng chí Lê Thị D",
            "Nội dung:",
            "1. Báo cáo",
            "3. Kết luận của chủ trì",
            "Cuộc họp kết thúc vào 11 giờ 30, ngày 17 tháng 10 năm 2019./.",
        ],
    )
    words = [w for _size, page in minutes.pages() for w in page]
    secretary, chair = _find(words, "THƯ"), _find(words, "TRÌ")
    assert secretary.x1 < 210 * MM / 2 < chair.x0
    assert abs(secretary.y0 - chair.y0) < 1
    signers = [w for w in words if w.text in {"Lê", "Đỗ"}][-2:]
    assert [w.text for w in signers] == ["Lê", "Đỗ"]
    assert signers[0].x1 < 210 * MM / 2 < signers[1].x0


# --- Data and helpers (no PDF) ---------------------------------------------------------------


def test_text_is_nfc_on_construction():
    nfd = unicodedata.normalize("NFD", "Phường Bồ Đề")
    document = dataclasses.replace(
        samples.JANUARY_NOTICE,
        issuer=nfd,
        body=(Paragraph(nfd), BulletList((nfd,)), Point("1.1", nfd, deadline=nfd)),
        signature=Signature(name=nfd),
    )
    expected = "Phường Bồ Đề"
    assert document.issuer == expected
    assert document.body[0].text == expected
    assert document.body[1].items == (expected,)
    assert document.body[2].deadline == expected
    assert document.signature.name == expected


def test_a_point_keeps_its_deadline_verbatim_and_does_not_repeat_it():
    assert Point("1.1", "Giao phòng A rà soát", deadline="Quý IV/2019").full_text == (
        "1.1. Giao phòng A rà soát. Thời gian: Quý IV/2019."
    )
    within = Point("2.1", "Giao phòng A hoàn thành trước ngày 30/11/2019.", "trước ngày 30/11/2019")
    assert within.full_text == "2.1. Giao phòng A hoàn thành trước ngày 30/11/2019."


def test_section_headings_are_upper_case():
    assert SectionHeading("I", "Đánh giá kết quả").text == "I. ĐÁNH GIÁ KẾT QUẢ"


def test_number_formats_per_profile():
    state = samples.JANUARY_NOTICE
    assert dataclasses.replace(state, number=5).number_text == "Số: 05/TB-BCĐ"
    assert dataclasses.replace(state, number=123).number_text == "Số: 123/TB-BCĐ"
    assert (
        dataclasses.replace(state, number=None).number_text
        == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0/TB-BCĐ"
    )
    party = dataclasses.replace(state, profile=PARTY, number=467, symbol="TB/QU")
    assert party.number_text == "Số 467-TB/QU"


def test_the_closing_formula_ends_with_the_mark_once():
    document = dataclasses.replace(samples.JANUARY_NOTICE, closing="… biết, thực hiện.")
    assert document.closing_text == "… biết, thực hiện./."
    again = dataclasses.replace(samples.JANUARY_NOTICE, closing="… biết, thực hiện./.")
    assert again.closing_text == "… biết, thực hiện./."


def test_an_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="profile"):
        dataclasses.replace(samples.JANUARY_NOTICE, profile="nd110")


def test_signature_space_must_be_three_to_five_lines():
    with pytest.raises(ValueError):
        Signature(name="A", blank_lines=8)


def test_authority_lines_follow_the_profile():
    assert authority_line(kind="TM", body="Ban Chỉ đạo") == "TM. BAN CHỈ ĐẠO"
    assert authority_line(kind="kt", body="Trưởng Ban") == "KT. TRƯỞNG BAN"
    assert authority_line(kind="TM", body="Ban Thường vụ", profile=PARTY) == "T/M BAN THƯỜNG VỤ"
    assert authority_line(kind="TL", body="Ban Thường vụ", profile=PARTY) == "T/L BAN THƯỜNG VỤ"


def test_recipient_lines_put_superiors_first_and_the_archive_last():
    lines = recipient_lines(
        [
            Recipient("UBND 14 phường"),
            Recipient("Thường trực Quận ủy", RecipientPurpose.BAO_CAO),
            Recipient("Các đ/c thành viên BCĐ;", RecipientPurpose.BIET),
            Recipient("UBND 14 phường"),  # duplicates collapse
            Recipient("VHTT", RecipientPurpose.LUU),
            Recipient("  "),
        ],
    )
    assert lines == (
        "- Thường trực Quận ủy (để b/c);",
        "- UBND 14 phường;",
        "- Các đ/c thành viên BCĐ;",
        "- Lưu: VT, VHTT.",
    )


def test_recipient_lines_without_recipients_still_keep_the_archive_copy():
    assert recipient_lines([]) == ("- Lưu: VT.",)
    assert recipient_lines([], archive=("VT", "VHTT"), copies=2) == ("- Lưu: VT, VHTT, 02b.",)


def test_the_html_preview_links_the_stylesheet_when_given_a_url():
    html = render_html(samples.STATE_NOTICE, stylesheet_url="/officialdoc/state.css")
    assert '<link rel="stylesheet" href="/officialdoc/state.css">' in html
    assert "<style" not in html
    assert "Số: 05/TB-BCĐ" in html


def test_the_html_preview_embeds_the_stylesheet_otherwise_and_escapes_text():
    document = dataclasses.replace(samples.JANUARY_NOTICE, body=(Paragraph("<script>x</script>"),))
    html = render_html(document)
    assert "<style>" in html and "@font-face" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_stylesheet_carries_the_profile_sizes_and_page_setup():
    css = render_css(STATE)
    assert "margin: 20mm 15mm 20mm 30mm" in css
    assert "size: A4 portrait" in css
    assert "@page :first" in css
    assert "LiberationSerif-Regular.ttf" in css
    assert "line-height: 1.2;" in css  # not localised to "1,2"
    assert "font-size: 15pt" in render_css(PARTY)


def test_documents_reject_nothing_for_a_date_of_another_year():
    # A 2019 notice keeps its 2019 date and names after 2025: the data is a snapshot.
    document = dataclasses.replace(samples.STATE_NOTICE, issued_on=datetime.date(2019, 2, 9))
    assert document.place_date_text == "Long Biên, ngày 09 tháng 02 năm 2019"


def test_the_document_type_is_any_named_type():
    plan = OfficialDocument(
        issuer="UBND QUẬN BẮC TỪ LIÊM",
        symbol="KH-UBND",
        number=251,
        place="Bắc Từ Liêm",
        issued_on=datetime.date(2022, 12, 30),
        doc_type="Kế hoạch",
    )
    assert "KẾ HOẠCH" in render_html(plan)
    assert plan.number_text == "Số: 251/KH-UBND"


def test_the_stylesheet_for_browsers_loads_fonts_from_the_static_url():
    css = render_css(STATE, font_base_url="/static/fonts/")
    assert 'url("/static/fonts/LiberationSerif-Bold.ttf")' in css
    assert "file:" not in css


def test_rendering_is_deterministic_so_the_stored_sha256_can_be_checked(january_notice):
    assert render_pdf(samples.JANUARY_NOTICE) == january_notice.pdf
