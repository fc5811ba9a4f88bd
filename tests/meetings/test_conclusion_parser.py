import datetime
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.conclusion_parser import (
    ParsedConclusions,
    UnitName,
    UnitRef,
    conclusion_sentences,
    parse_conclusions,
)

FIXTURES = Path(__file__).parent / "fixtures"
D = datetime.date

POLICE = UnitName(id=1, name="Công an quận Long Biên", short_name="Công an quận")
CULTURE = UnitName(id=2, name="Phòng Văn hóa và Thông tin", short_name="Phòng VH&TT")
FINANCE = UnitName(id=3, name="Phòng Tài chính - Kế hoạch", short_name="Phòng TC-KH")
OFFICE = UnitName(
    id=4,
    name="Văn phòng HĐND và UBND quận Long Biên",
    short_name="Văn phòng HĐND và UBND quận",
)
JUSTICE = UnitName(id=5, name="Phòng Tư pháp")
PEOPLES_COMMITTEE = UnitName(id=6, name="Ủy ban nhân dân quận Long Biên", short_name="UBND quận")
UNITS = [POLICE, CULTURE, FINANCE, OFFICE, JUSTICE, PEOPLES_COMMITTEE]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def parse(text, **kwargs):
    kwargs.setdefault("units", UNITS)
    return parse_conclusions(text, **kwargs)


@pytest.fixture(scope="module")
def notice_2019():
    # Seed 000: Long Biên BCĐ CNTT, meeting of 17/10/2019.
    return parse(
        fixture("long_bien_2019_10_conclusions.txt"),
        standing_agency=CULTURE,
        meeting_date=D(2019, 10, 17),
    )


@pytest.fixture(scope="module")
def notice_2018():
    # Seed 002: Long Biên BCĐ CNTT, meeting of 03/01/2018.
    return parse(fixture("long_bien_2018_01_conclusions.txt"), meeting_date=D(2018, 1, 3))


@pytest.fixture(scope="module")
def handwritten():
    return parse(
        fixture("notice_2019_10_handwritten.txt"),
        standing_agency=CULTURE,
        meeting_date=D(2019, 10, 15),
        next_meeting_date=D(2019, 12, 12),
    )


def find(parsed, start):
    return next(d for d in parsed.directives if d.text.startswith(start))


def numbered(parsed):
    """The numbered topics, without the preamble or a section holding content directly."""
    return [topic for topic in parsed.topics if topic.number]


# ---- seed 000 (2019) ----


def test_the_2019_notice_has_five_numbered_topics(notice_2019):
    assert [topic.number for topic in numbered(notice_2019)] == ["1", "2", "3", "4", "5"]


def test_a_topic_title_is_the_text_after_its_number(notice_2019):
    assert numbered(notice_2019)[0].title == "Về hệ thống camera an ninh"
    assert numbered(notice_2019)[3].title == (
        "Về thí điểm sử dụng dịch vụ quản lý máy tính, dữ liệu trực tuyến"
    )


def test_a_title_that_introduces_its_content_loses_the_colon(notice_2019):
    assert numbered(notice_2019)[1].title.startswith("Về Dự án “Trang bị hệ thống thiết bị")
    assert numbered(notice_2019)[1].title.endswith("sổ đăng ký kết hôn”")


def test_each_bullet_of_the_camera_topic_is_a_directive(notice_2019):
    assert len(numbered(notice_2019)[0].directives) == 2


def test_yeu_cau_names_the_lead_unit_by_its_short_name(notice_2019):
    directive = numbered(notice_2019)[0].directives[0]
    assert directive.text.startswith("Với 226 camera đã lắp đặt: yêu cầu công an quận đánh giá lại")
    assert (directive.lead_unit, directive.lead_unit_id, directive.lead_unit_matched) == (
        "công an quận",
        POLICE.id,
        True,
    )


def test_the_camera_review_is_reported_to_the_standing_board(notice_2019):
    assert numbered(notice_2019)[0].directives[0].report_to == "Ban Thường vụ Quận ủy"


def test_an_imperative_without_a_named_unit_has_no_lead(notice_2019):
    directive = numbered(notice_2019)[0].directives[1]
    assert (directive.lead_unit, directive.lead_unit_matched) == (None, False)
    assert directive.report_to == "HĐND quận"


def test_asking_the_city_before_continuing_is_pending(notice_2019):
    (directive,) = numbered(notice_2019)[1].directives
    assert (directive.deadline_kind, directive.due_date) == ("pending", None)


def test_the_standing_agency_phrase_resolves_to_the_standing_agency(notice_2019):
    (directive,) = numbered(notice_2019)[2].directives
    assert directive.lead_unit == "cơ quan thường trực Ban chỉ đạo CNTT"
    assert (directive.lead_unit_id, directive.lead_unit_matched) == (CULTURE.id, True)


def test_the_resolution_17_plan_is_reported_to_the_district_peoples_committee(notice_2019):
    assert "UBND quận" in numbered(notice_2019)[2].directives[0].report_to


def test_the_resolution_17_plan_is_due_at_the_end_of_november_2019(notice_2019):
    directive = numbered(notice_2019)[2].directives[0]
    assert (directive.deadline_text, directive.deadline_kind, directive.due_date) == (
        "trong tháng 11/2019",
        "month",
        D(2019, 11, 30),
    )


def test_a_directive_without_a_deadline_phrase_has_kind_none(notice_2019):
    directive = numbered(notice_2019)[3].directives[0]
    assert (directive.deadline_text, directive.deadline_kind, directive.due_date) == (
        None,
        "none",
        None,
    )


def test_without_a_standing_agency_its_phrase_stays_unmatched():
    parsed = parse(fixture("long_bien_2019_10_conclusions.txt"), meeting_date=D(2019, 10, 17))
    directive = numbered(parsed)[2].directives[0]
    assert (directive.lead_unit, directive.lead_unit_matched) == (
        "cơ quan thường trực Ban chỉ đạo CNTT",
        False,
    )


def test_the_introduction_before_the_first_topic_is_kept_as_preamble_text(notice_2019):
    preamble = notice_2019.topics[0]
    assert (preamble.number, preamble.title, preamble.directives) == ("", "", [])
    assert preamble.text.startswith("Đồng chí Trưởng Ban chỉ đạo ghi nhận kết quả")


# ---- seed 002 (2018) ----


def test_the_2018_notice_has_five_numbered_topics(notice_2018):
    assert [topic.number for topic in numbered(notice_2018)] == ["1", "2", "3", "4", "5"]
    assert numbered(notice_2018)[1].title == "Về mô hình Cơ quan điện tử phường"


def test_finishing_within_january_is_due_on_the_thirty_first(notice_2018):
    directive = find(notice_2018, "Tham mưu tiêu chí mô hình năm 2018")
    assert "hoàn thành và ban hành trong tháng 1 năm 2018" in directive.text
    assert (directive.deadline_kind, directive.due_date) == ("month", D(2018, 1, 31))


def test_an_adverbial_quarter_opens_a_directive_due_at_the_quarter_end(notice_2018):
    directive = find(notice_2018, "Trong quý I năm 2018, tổ chức lớp bồi dưỡng")
    assert (directive.deadline_kind, directive.due_date) == ("quarter", D(2018, 3, 31))


def test_a_target_month_two_years_ahead_is_a_month_deadline(notice_2018):
    directive = find(notice_2018, "Xây dựng lộ trình tổ chức thực hiện")
    assert "dự kiến đánh giá đạt chuẩn khung mô hình vào tháng 6/2020" in directive.text
    assert (directive.deadline_kind, directive.due_date) == ("month", D(2020, 6, 30))


def test_monthly_scoring_is_recurring(notice_2018):
    directive = find(notice_2018, "Căn cứ bộ tiêu chí mới, tổ chức chấm điểm")
    assert (directive.deadline_text, directive.deadline_kind) == ("hàng tháng", "recurring")


def test_agreements_are_conclusion_text_not_directives(notice_2018):
    assert not any(d.text.startswith("Đồng ý đổi tên mô hình") for d in notice_2018.directives)
    assert numbered(notice_2018)[0].text.startswith("Căn cứ báo cáo kết quả kiểm tra")
    assert "Đồng ý đổi tên mô hình" in numbered(notice_2018)[0].text


def test_submitting_to_the_committee_is_reported_to_it(notice_2018):
    directive = find(notice_2018, "Xây dựng kế hoạch chi tiết tổ chức cuộc thi")
    assert directive.report_to == "Ban chỉ đạo"


# ---- a notice in the §1.9 layout ----


def test_roman_headings_become_sections(handwritten):
    assert [(s.number, s.title) for s in handwritten.sections] == [
        ("I", "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN"),
        ("II", "NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI"),
    ]


def test_topics_remember_their_section(handwritten):
    assert [(t.section, t.number) for t in handwritten.topics] == [
        ("", ""),
        ("I", ""),
        ("II", "1"),
        ("II", "2"),
        ("II", "3"),
    ]


def test_a_numbered_point_names_lead_and_supporting_units(handwritten):
    directive = numbered(handwritten)[0].directives[0]
    assert (directive.lead_unit, directive.lead_unit_id, directive.lead_unit_matched) == (
        "Phòng Văn hóa và Thông tin",
        CULTURE.id,
        True,
    )
    assert directive.supporting_units == [
        UnitRef(name="Phòng Tài chính - Kế hoạch", id=FINANCE.id, matched=True)
    ]


def test_a_separate_time_sentence_gives_the_point_its_deadline(handwritten):
    directive = numbered(handwritten)[0].directives[0]
    assert directive.text.endswith("báo cáo Trưởng Ban Chỉ đạo. Thời gian: trước ngày 30/11/2019.")
    assert (directive.deadline_text, directive.deadline_kind, directive.due_date) == (
        "trước ngày 30/11/2019",
        "date",
        D(2019, 11, 30),
    )


def test_the_report_body_of_a_point_is_extracted(handwritten):
    assert numbered(handwritten)[0].directives[0].report_to == "Trưởng Ban Chỉ đạo"


def test_wrapped_lines_are_joined_into_one_point(handwritten):
    assert "phối hợp với Phòng Tài chính - Kế hoạch rà soát hiện trạng máy tính" in (
        numbered(handwritten)[0].directives[0].text
    )


def test_a_directive_carries_its_item_number(handwritten):
    assert [d.item for d in handwritten.directives] == [
        "II.1.1",
        "II.1.2",
        "II.2.1",
        "II.2.2",
        "II.3.a",
        "II.3.b",
    ]


def test_a_unit_written_with_a_level_word_matches_its_short_name(handwritten):
    directive = numbered(handwritten)[0].directives[1]
    assert (directive.lead_unit_id, directive.supporting_units[0].id) == (POLICE.id, OFFICE.id)


def test_fourteen_wards_stay_unmatched_but_shown_as_written(handwritten):
    directive = numbered(handwritten)[1].directives[0]
    assert (directive.lead_unit, directive.lead_unit_id, directive.lead_unit_matched) == (
        "UBND 14 phường",
        None,
        False,
    )
    assert directive.deadline_kind == "recurring"


def test_a_sign_within_ten_days_point_is_due_ten_days_after_the_meeting(handwritten):
    directive = numbered(handwritten)[1].directives[1]
    assert directive.lead_unit_id == CULTURE.id
    assert (directive.deadline_kind, directive.due_date) == ("relative", D(2019, 10, 25))


def test_a_report_at_a_named_meeting_is_due_on_that_meeting(handwritten):
    directive = numbered(handwritten)[2].directives[0]
    assert (directive.lead_unit, directive.lead_unit_matched) == ("các phường", False)
    assert (directive.deadline_kind, directive.due_date) == ("meeting", D(2019, 12, 12))


def test_waiting_for_the_department_is_pending(handwritten):
    directive = numbered(handwritten)[2].directives[1]
    assert (directive.lead_unit_id, directive.deadline_kind) == (JUSTICE.id, "pending")


def test_the_recipient_list_is_not_parsed(handwritten):
    assert not any("lưu hồ sơ" in d.text for d in handwritten.directives)


# ---- seed 004 (Bắc Từ Liêm 2023): conclusions without numbering ----


def test_unnumbered_conclusions_go_into_one_unnumbered_topic():
    parsed = parse(fixture("bac_tu_liem_2023_06_conclusions.txt"), meeting_date=D(2023, 6, 1))
    assert [(t.number, t.title, len(t.directives)) for t in parsed.topics] == [("", "", 3)]


def test_unit_names_match_across_case_and_tone_mark_placement():
    parsed = parse(fixture("bac_tu_liem_2023_06_conclusions.txt"), meeting_date=D(2023, 6, 1))
    directive = parsed.directives[1]
    assert (directive.lead_unit, directive.lead_unit_id) == (
        "phòng Văn hoá và thông tin",
        CULTURE.id,
    )


def test_a_plan_horizon_is_not_read_as_a_deadline():
    parsed = parse(fixture("bac_tu_liem_2023_06_conclusions.txt"), meeting_date=D(2023, 6, 1))
    assert parsed.directives[2].deadline_kind == "none"


# ---- units ----


def test_the_longest_unit_name_wins():
    finance_only = UnitName(id=10, name="Phòng Tài chính")
    parsed = parse(
        "1. Về kinh phí\nGiao Phòng Tài chính - Kế hoạch rà soát.", units=[finance_only, FINANCE]
    )
    assert parsed.directives[0].lead_unit_id == FINANCE.id


def test_a_full_name_abbreviation_matches_the_written_out_name():
    parsed = parse("Giao UBND quận Long Biên chỉ đạo các phường.", units=[PEOPLES_COMMITTEE])
    assert (parsed.directives[0].lead_unit, parsed.directives[0].lead_unit_id) == (
        "UBND quận Long Biên",
        PEOPLES_COMMITTEE.id,
    )


def test_an_alias_matches():
    unit = UnitName(id=7, name="Trung tâm Văn hóa - Thông tin và Thể thao", aliases=("TTVH",))
    parsed = parse("Giao TTVH tổ chức tuyên truyền.", units=[unit])
    assert parsed.directives[0].lead_unit_id == 7


def test_a_name_two_units_share_matches_neither():
    twins = [
        UnitName(id=8, name="Tổ công tác A", short_name="Tổ công tác"),
        UnitName(id=9, name="Tổ công tác B", short_name="Tổ công tác"),
    ]
    parsed = parse("Giao Tổ công tác rà soát hồ sơ.", units=twins)
    assert (parsed.directives[0].lead_unit, parsed.directives[0].lead_unit_matched) == (
        "Tổ công tác",
        False,
    )


def test_a_ward_police_is_not_the_district_police():
    parsed = parse("Yêu cầu Công an phường Bồ Đề kiểm tra camera.", units=[POLICE])
    assert parsed.directives[0].lead_unit_matched is False


def test_supporting_units_keep_unknown_names_as_written():
    parsed = parse(
        "Giao Phòng Tư pháp chủ trì, phối hợp với Phòng Tài chính - Kế hoạch và các đơn vị "
        "có liên quan xây dựng cơ sở dữ liệu hộ tịch."
    )
    names = [(u.name, u.matched) for u in parsed.directives[0].supporting_units]
    assert names == [("Phòng Tài chính - Kế hoạch", True), ("các đơn vị có liên quan", False)]


def test_several_supporting_units_are_split_at_commas():
    parsed = parse(
        "Giao Phòng Văn hóa và Thông tin chủ trì, phối hợp với Công an quận, Phòng Tư pháp, "
        "Văn phòng HĐND và UBND quận triển khai."
    )
    ids = [u.id for u in parsed.directives[0].supporting_units]
    assert ids == [POLICE.id, JUSTICE.id, OFFICE.id]


def test_a_unit_name_can_come_from_an_org_unit_row():
    row = SimpleNamespace(id=11, name="Phòng Nội vụ", short_name="", abbreviation="NV")
    assert UnitName.from_org_unit(row) == UnitName(id=11, name="Phòng Nội vụ", aliases=("NV",))


# ---- structure ----


@pytest.mark.parametrize("marker", ["1.1.", "1.1", "a)", "-", "+", "•"])
def test_points_may_be_numbered_lettered_or_bulleted(marker):
    parsed = parse(
        f"1. Về hạ tầng\n{marker} Giao Phòng Tư pháp rà soát.\n{marker} Tổ chức tập huấn."
    )
    assert len(parsed.topics[0].directives) == 2


def test_content_after_a_topic_title_colon_is_a_point():
    parsed = parse("2. Về dịch vụ công: Giao Phòng Tư pháp rà soát thủ tục trong Quý IV/2019.")
    topic = parsed.topics[0]
    assert topic.title == "Về dịch vụ công"
    assert (topic.directives[0].lead_unit_id, topic.directives[0].deadline_kind) == (
        JUSTICE.id,
        "quarter",
    )


def test_a_sentence_that_assigns_nothing_is_not_a_directive():
    parsed = parse("1. Về hạ tầng\nHệ thống camera đã hoạt động ổn định trong năm qua.")
    assert parsed.topics[0].directives == []


def test_a_passive_giao_assigns_nothing():
    parsed = parse("Các nhiệm vụ do Thành phố giao đã hoàn thành.")
    assert parsed.directives == []
    assert parsed.topics[0].text == "Các nhiệm vụ do Thành phố giao đã hoàn thành."


def test_a_briefing_meeting_is_not_an_assignment():
    parsed = parse("Ban chỉ đạo tổ chức họp giao ban định kỳ.")
    assert parsed.directives == []


def test_empty_text_has_no_topics():
    assert parse("") == ParsedConclusions()


def test_json_has_exactly_the_documented_shape(handwritten):
    data = handwritten.to_json_dict()
    assert list(data) == ["topics"]
    assert list(data["topics"][2]) == ["number", "title", "directives", "text"]
    directive = data["topics"][2]["directives"][0]
    assert directive == {
        "text": numbered(handwritten)[0].directives[0].text,
        "lead_unit": "Phòng Văn hóa và Thông tin",
        "lead_unit_matched": True,
        "supporting_units": ["Phòng Tài chính - Kế hoạch"],
        "report_to": "Trưởng Ban Chỉ đạo",
        "deadline_text": "trước ngày 30/11/2019",
        "deadline_kind": "date",
        "due_date": "2019-11-30",
        "group": None,
    }


def test_json_writes_a_missing_due_date_as_null(notice_2019):
    data = json.loads(json.dumps(notice_2019.to_json_dict()))
    assert data["topics"][2]["directives"][0]["due_date"] is None


FRAGMENTS = [
    "Giao ",
    "giao ban ",
    "yêu cầu ",
    "Đề nghị ",
    "công an quận ",
    "Phòng Văn hóa và Thông tin ",
    "chủ trì, ",
    "phối hợp với ",
    "Phòng Tài chính - Kế hoạch",
    ", ",
    " và ",
    "rà soát ",
    "báo cáo ",
    "Ban Thường vụ Quận ủy ",
    "trong tháng 11/2019",
    ". ",
    "\n",
    "1. ",
    "1.1. ",
    "a) ",
    "- ",
    "II. ",
    "Về ",
    "cơ quan thường trực ",
    "Thời gian: ",
    "Nơi nhận:",
    "ngay ",
    "chờ ",
    "trình ",
    "Ký ban hành (trong 10 ngày)",
    "…",
]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.none() | st.dates())
def test_arbitrary_text_never_raises(text, meeting_date):
    parsed = parse(text, standing_agency=CULTURE, meeting_date=meeting_date)
    assert isinstance(parsed, ParsedConclusions)
    json.dumps(parsed.to_json_dict())


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=40), st.none() | st.dates()
)
def test_notice_like_text_never_raises(parts, meeting_date):
    parsed = parse("".join(parts), standing_agency=CULTURE, meeting_date=meeting_date)
    for directive in parsed.directives:
        assert directive.text
        assert directive.deadline_text is None or directive.deadline_text in directive.text


# ---- issue 10: nothing lost, subject-first assignments, groups ----

WARDS = [
    UnitName(id=21, name="Phường Sài Đồng", kind="ward"),
    UnitName(id=22, name="Phường Thạch Bàn", kind="ward"),
    UnitName(id=23, name="Phường Bồ Đề", kind="ward", valid_to=D(2025, 6, 30)),
]


def test_a_subject_first_sentence_is_an_assignment_of_its_subject():
    parsed = parse("Phòng Tư pháp rà soát hồ sơ hộ tịch, xong trước ngày 15/10/2018.")
    (directive,) = parsed.directives
    assert (directive.lead_unit_id, directive.deadline_kind) == (JUSTICE.id, "date")


def test_an_assessment_that_starts_with_a_unit_is_conclusion_text():
    parsed = parse("1. Về hạ tầng\nPhòng Tư pháp đã hoàn thành rà soát hồ sơ hộ tịch.")
    assert parsed.directives == []
    assert parsed.topics[0].text == "Phòng Tư pháp đã hoàn thành rà soát hồ sơ hộ tịch."


def test_text_and_directives_keep_their_order_in_the_topic():
    parsed = parse(
        "1. Về hạ tầng\nCác đơn vị đã cơ bản hoàn thành nhiệm vụ. Giao Phòng Tư pháp rà soát.\n"
        "Thống nhất chủ trương thuê dịch vụ."
    )
    kinds = [type(item).__name__ for item in parsed.topics[0].items]
    assert kinds == ["TextItem", "DirectiveSuggestion", "TextItem"]
    assert parsed.topics[0].text == (
        "Các đơn vị đã cơ bản hoàn thành nhiệm vụ.\nThống nhất chủ trương thuê dịch vụ."
    )


def test_named_wards_become_one_grouped_directive_each():
    parsed = parse(
        "UBND các phường Sài Đồng, Thạch Bàn bổ sung dữ liệu; hoàn thành trong tháng 3/2019.",
        units=[*UNITS, *WARDS],
    )
    leads = [(d.lead_unit_id, d.group) for d in parsed.directives]
    assert leads == [(21, "g1"), (22, "g1")]
    assert {d.sentence for d in parsed.directives} == {parsed.directives[0].text}
    assert all(d.due_date == D(2019, 3, 31) for d in parsed.directives)


def test_all_the_wards_are_the_wards_valid_on_the_meeting_date():
    parsed = parse(
        "Yêu cầu UBND các phường tuyên truyền dịch vụ công.",
        units=[*UNITS, *WARDS],
        meeting_date=D(2025, 8, 1),
    )
    assert [d.lead_unit_id for d in parsed.directives] == [21, 22]
    assert {d.expanded_from for d in parsed.directives} == {"UBND các phường"}


def test_several_named_lead_units_give_one_directive_each():
    parsed = parse("Giao Phòng Tư pháp, Công an quận rà soát camera.")
    assert [d.lead_unit_id for d in parsed.directives] == [JUSTICE.id, POLICE.id]
    assert parsed.directives[0].group == parsed.directives[1].group is not None


def test_an_assignment_without_a_unit_needs_one():
    (directive,) = parse("Tổ chức tập huấn cho cán bộ phường.").directives
    assert (directive.lead_unit, directive.needs_lead_unit) == (None, True)


def test_the_standing_agency_as_subject_leads():
    parsed = parse(
        "Cơ quan thường trực tổng hợp, báo cáo tại kỳ họp tháng 9.", standing_agency=CULTURE
    )
    assert parsed.directives[0].lead_unit_id == CULTURE.id


def test_a_section_whose_numbered_lines_are_assignments_is_one_topic():
    parsed = parse(
        "I. ĐÁNH GIÁ CHUNG\nCác đơn vị đã hoàn thành 14 nhiệm vụ.\n"
        "II. NHIỆM VỤ TRỌNG TÂM\n1. Giao Phòng Tư pháp rà soát.\n2. Công an quận kiểm tra camera."
    )
    assert [(t.section, t.number, t.section_title) for t in parsed.topics] == [
        ("I", "", "ĐÁNH GIÁ CHUNG"),
        ("II", "", "NHIỆM VỤ TRỌNG TÂM"),
    ]
    assert parsed.topics[0].text == "Các đơn vị đã hoàn thành 14 nhiệm vụ."
    assert [d.item for d in parsed.topics[1].directives] == ["II.1", "II.2"]


def test_a_short_title_line_opens_a_topic():
    parsed = parse("1. Công tác chỉ đạo, điều hành\nGiao Phòng Tư pháp rà soát.")
    assert (parsed.topics[0].number, parsed.topics[0].title) == ("1", "Công tác chỉ đạo, điều hành")


@pytest.mark.parametrize(
    "name",
    [
        "long_bien_2019_10_conclusions.txt",
        "long_bien_2018_01_conclusions.txt",
        "notice_2019_10_handwritten.txt",
        "bac_tu_liem_2023_06_conclusions.txt",
    ],
)
def test_every_sentence_of_a_fixture_is_kept_in_order(name):
    text = fixture(name)
    parsed = parse(text, standing_agency=CULTURE)
    pieces = []
    for topic in parsed.topics:
        pieces += [topic.section_title, topic.title]
        pieces += [item.text for item in topic.items]
    kept = " ".join(pieces)
    position = 0
    for sentence in conclusion_sentences(text):
        found = kept.find(sentence.rstrip(":"), position)
        assert found >= 0, sentence
        position = found


def test_a_unit_given_the_task_in_the_passive_leads():
    parsed = parse(
        "Phòng Tư pháp được Ủy ban nhân dân quận giao chủ trì, phối hợp Công an quận rà soát."
    )
    (directive,) = parsed.directives
    assert (directive.lead_unit_id, [u.id for u in directive.supporting_units]) == (
        JUSTICE.id,
        [POLICE.id],
    )


def test_units_named_before_de_nghi_lead():
    (directive,) = parse("Đối với Phòng Tư pháp đề nghị cung cấp số liệu theo mẫu.").directives
    assert directive.lead_unit_id == JUSTICE.id


def test_a_second_clause_with_its_own_subject_adds_a_lead():
    parsed = parse("Công an quận bảo đảm an ninh mạng, trong khi Phòng Tư pháp chủ trì rà soát.")
    assert [d.lead_unit_id for d in parsed.directives] == [POLICE.id, JUSTICE.id]


def test_an_unnamed_sentence_continues_the_lead_of_its_paragraph():
    parsed = parse("Yêu cầu Phòng Tư pháp rà soát hồ sơ. Tổng hợp, báo cáo UBND quận.")
    assert [d.lead_unit_id for d in parsed.directives] == [JUSTICE.id, JUSTICE.id]


def test_a_modal_after_the_subject_is_not_part_of_its_name():
    (directive,) = parse("Các đơn vị cần phối hợp chặt chẽ trong chia sẻ dữ liệu.").directives
    assert directive.lead_unit == "Các đơn vị"


def test_the_deadline_of_the_tasks_a_sentence_describes_is_not_its_own():
    (directive,) = parse(
        "Giao Phòng Tư pháp rà soát các nhiệm vụ có thời hạn hoàn thành trong năm 2025."
    ).directives
    assert directive.deadline_kind == "none"


def test_an_hour_before_the_date_keeps_it_a_date_deadline():
    (directive,) = parse(
        "Đề nghị các đơn vị gửi kết quả trước 16h ngày 23/9/2016.", meeting_date=D(2016, 9, 22)
    ).directives
    assert (directive.deadline_text, directive.due_date) == (
        "trước 16h ngày 23/9/2016",
        D(2016, 9, 23),
    )


def test_a_deadline_sentence_after_a_grouped_assignment_dates_every_unit():
    parsed = parse(
        "Giao UBND các phường cập nhật văn bản. Thời gian: trước ngày 30/11/2019.",
        units=[*UNITS, *WARDS],
        meeting_date=D(2019, 10, 15),
    )
    assert [d.due_date for d in parsed.directives] == [D(2019, 11, 30)] * 3
    assert len({d.text for d in parsed.directives}) == 1


def test_a_supporter_marked_as_chair_leads_instead():
    (directive,) = parse(
        "Phòng Tài chính - Kế hoạch phối hợp với Phòng Tư pháp (chủ trì) bố trí kinh phí."
    ).directives
    assert (directive.lead_unit_id, [u.id for u in directive.supporting_units]) == (
        JUSTICE.id,
        [FINANCE.id],
    )


def test_tasks_already_given_are_an_assessment():
    parsed = parse("Các đơn vị đã cơ bản hoàn thành các nhiệm vụ được giao.")
    assert parsed.directives == []


def test_a_one_word_short_name_matches_only_with_its_tone_marks():
    city = UnitName(id=30, name="Thành phố Thử", short_name="Thử", kind="city")
    parsed = parse("Thủ tướng Chính phủ đồng ý tổ chức hội nghị.", units=[city])
    assert parsed.directives == []
    (directive,) = parse("Giao Thử rà soát hồ sơ.", units=[city]).directives
    assert directive.lead_unit_id == 30


def test_a_titled_point_among_numbered_points_stays_a_point_of_its_section():
    parsed = parse(
        "II. NHIỆM VỤ\n1. Giao Phòng Tư pháp rà soát.\n"
        "2. Về chuyển đổi số: Công an quận kiểm tra camera.\n3. Phòng Tư pháp tổng hợp."
    )
    assert [(t.section, t.number) for t in parsed.topics] == [("II", "")]
    assert [d.item for d in parsed.directives] == ["II.1", "II.2", "II.3"]
    assert parsed.directives[1].text == "Về chuyển đổi số: Công an quận kiểm tra camera."


def test_a_short_ubnd_alias_does_not_swallow_the_wards_it_introduces():
    district = UnitName(id=7, name="Ủy ban nhân dân quận Long Biên", aliases=("UBND",))
    bo_de = UnitName(id=8, name="Phường Bồ Đề", short_name="Bồ Đề", kind="ward")
    ngoc_lam = UnitName(id=9, name="Phường Ngọc Lâm", short_name="Ngọc Lâm", kind="ward")
    parsed = parse(
        "1. Về dữ liệu\nUBND các phường Bồ Đề, Ngọc Lâm bổ sung dữ liệu dân cư; "
        "hoàn thành trong tháng 12/2019.",
        units=[district, bo_de, ngoc_lam],
        meeting_date=D(2019, 10, 17),
    )
    assert [d.lead_unit_id for d in parsed.directives] == [8, 9]


def test_an_unknown_division_is_not_cut_into_a_known_one_and_a_remainder():
    # Folded, "Quản" (manage) equals "quận" (district): "Phòng Quản lý đô thị quận Long Biên"
    # once yielded the key "phòng quận", matching any "Phòng Quản …".
    urban = UnitName(id=17, name="Phòng Quản lý đô thị quận Long Biên")
    parsed = parse(
        "1. Về hồ sơ\nPhòng Quản lý hồ sơ số tổng hợp kết quả, báo cáo Ban Chỉ đạo.",
        units=[urban],
        meeting_date=D(2019, 10, 17),
    )
    (directive,) = parsed.directives
    assert (directive.lead_unit, directive.lead_unit_matched) == ("Phòng Quản lý hồ sơ số", False)
