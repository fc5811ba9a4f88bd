"""Parser mechanisms fixed after the blind hold-out of the corpus (issue 10): aims and
assessments, guessed leads, mixed collectives, urgency words, deadlines of grouped sentences,
later subjects after a "phối hợp với" list, addressees, anaphora and heads named by title."""

import datetime

from meetings.conclusion_parser import UnitName, parse_conclusions

D = datetime.date
JUSTICE = UnitName(id=1, name="Phòng Tư pháp")
HOME = UnitName(id=2, name="Phòng Nội vụ")
SAI_DONG = UnitName(id=3, name="Phường Sài Đồng", kind="ward")
THACH_BAN = UnitName(id=4, name="Phường Thạch Bàn", kind="ward")
MINISTRY = UnitName(id=5, name="Bộ Thông tin và Truyền thông", short_name="Bộ TT&TT")
GOV_OFFICE = UnitName(id=6, name="Văn phòng Chính phủ", short_name="VPCP")
PLANNING = UnitName(id=7, name="Bộ Kế hoạch và Đầu tư")
RADIO = UnitName(id=8, name="Đài Tiếng nói Việt Nam")
UNITS = [JUSTICE, HOME, SAI_DONG, THACH_BAN, MINISTRY, GOV_OFFICE, PLANNING, RADIO]


def directives(text, **kwargs):
    kwargs.setdefault("meeting_date", D(2018, 10, 1))
    return parse_conclusions(text, units=UNITS, **kwargs).directives


def leads(text, **kwargs):
    return [(d.lead_unit, d.lead_unit_id) for d in directives(text, **kwargs)]


def test_aims_under_a_purpose_section_are_conclusion_text_not_directives():
    text = (
        "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao chất lượng hoạt động của Ban Chỉ "
        "đạo.\nII. NHIỆM VỤ\nPhòng Tư pháp rà soát hồ sơ."
    )
    parsed = parse_conclusions(text, units=UNITS)
    assert [d.lead_unit_id for d in parsed.directives] == [JUSTICE.id]
    assert "Nâng cao chất lượng" in parsed.topics[0].text


def test_sentences_after_a_purpose_statement_are_its_aims():
    text = (
        "Ngày chuyển đổi số được tổ chức hằng năm nhằm đẩy nhanh tiến độ. Nâng "
        "cao nhận thức của người dân."
    )
    assert directives(text) == []


def test_an_assessment_turn_with_cần_is_not_a_task():
    text = (
        "Tuy nhiên, so với yêu cầu thực tiễn, các bộ, ngành, địa phương cần "
        "tăng tốc, bứt phá hơn nữa."
    )
    assert directives(text) == []


def test_a_reported_assessment_ending_in_nêu_rõ_is_not_the_imperative_đánh_giá():
    text = (
        "Đánh giá kết quả 6 tháng đầu năm của Ban Chỉ đạo nêu rõ: nhận thức chuyển biến tích cực."
    )
    assert directives(text) == []


def test_an_earlier_assignment_reported_with_its_outcome_is_context():
    text = (
        "Văn phòng Chính phủ đã giao Phòng Tư pháp tổ chức khảo sát, đến nay, đã nhận được số liệu."
    )
    assert directives(text) == []


def test_a_sentence_naming_no_unit_takes_the_previous_lead_marked_as_a_guess():
    found = directives(
        "Giao Phòng Tư pháp chủ trì rà soát hồ sơ. Tổng hợp kết quả vào tháng 11/2018."
    )
    assert [(d.lead_unit_id, d.lead_guessed) for d in found] == [
        (JUSTICE.id, False),
        (JUSTICE.id, True),
    ]


def test_points_after_an_introduction_addressing_a_unit_are_that_units_not_guesses():
    text = (
        "Phó Thủ tướng có ý kiến chỉ đạo Bộ Thông tin và Truyền thông như sau:\n"
        "1. Rà soát các mục tiêu của từng giai đoạn.\n"
        "2. Tiếp tục lấy ý kiến các Bộ, hoàn thiện Đề án."
    )
    found = directives(text)
    assert [(d.lead_unit_id, d.lead_guessed) for d in found] == [(MINISTRY.id, False)] * 2


def test_notes_listed_after_lưu_ý_belong_to_the_task_before():
    text = (
        "Bộ Thông tin và Truyền thông hoàn thiện Dự thảo Chiến lược, lưu "
        "ý:\n1. Cập nhật số liệu mới."
    )
    assert [d.lead_unit_id for d in directives(text)] == [MINISTRY.id]


def test_a_mixed_collective_gives_its_wards_and_keeps_the_rest_as_one_unmatched_lead():
    found = directives("Yêu cầu các phòng, ban, ngành, UBND các phường rà soát hồ sơ.")
    assert [(d.lead_unit, d.lead_unit_matched, d.expanded_from) for d in found] == [
        ("các phòng, ban, ngành", False, None),
        ("UBND phường Sài Đồng", True, "UBND các phường"),
        ("UBND phường Thạch Bàn", True, "UBND các phường"),
    ]
    assert len({d.group for d in found}) == 1


def test_khẩn_trương_and_sớm_are_an_immediate_kind_without_a_date():
    for text in (
        "Phòng Tư pháp khẩn trương rà soát hồ sơ.",
        "Phòng Tư pháp sớm hoàn thành rà soát.",
    ):
        (found,) = directives(text)
        assert (found.deadline_kind, found.due_date) == ("immediate", None), text


def test_a_deadline_sentence_after_a_grouped_sentence_applies_to_every_unit_of_the_group():
    found = directives(
        "UBND các phường Sài Đồng, Thạch Bàn bổ sung hồ sơ. Thời gian: trước ngày 15/10/2018."
    )
    assert [(d.lead_unit_id, d.due_date) for d in found] == [
        (SAI_DONG.id, D(2018, 10, 15)),
        (THACH_BAN.id, D(2018, 10, 15)),
    ]


def test_a_later_clause_with_its_own_subject_after_a_phối_hợp_list_leads_too():
    text = (
        "Phòng Tư pháp phối hợp với Phòng Nội vụ; UBND phường Sài Đồng rà soát hồ sơ; "
        "Phòng Nội vụ tổng hợp báo cáo."
    )
    found = directives(text)
    assert [d.lead_unit_id for d in found] == [JUSTICE.id, HOME.id]
    assert [u.id for u in found[1].supporting_units] == [SAI_DONG.id]  # not itself


def test_a_clause_after_trên_cơ_sở_đó_names_a_second_lead():
    text = (
        "Giao Bộ Thông tin và Truyền thông chủ trì, phối hợp với Đài Tiếng nói Việt Nam rà soát "
        "Đề án; trên cơ sở đó, Đài Tiếng nói Việt Nam tiếp thu, hoàn thiện Đề án."
    )
    assert [d.lead_unit_id for d in directives(text)] == [MINISTRY.id, RADIO.id]


def test_a_bare_bộ_is_the_ministry_named_just_before():
    text = (
        "Bộ TT&TT cũng được giao nhiệm vụ kiểm tra các khu CNTT tập trung. "
        "Bộ cũng có nhiệm vụ phối hợp với Bộ Kế hoạch và Đầu tư xây dựng Quy hoạch."
    )
    found = directives(text)
    assert [(d.lead_unit_id, d.lead_guessed) for d in found] == [(MINISTRY.id, False)] * 2
    assert [u.id for u in found[1].supporting_units] == [PLANNING.id]


def test_heads_named_by_title_lead_for_their_units():
    text = (
        "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ và Bộ trưởng Bộ TT&TT khẩn "
        "trương bàn giao nhiệm vụ."
    )
    assert [d.lead_unit_id for d in directives(text)] == [GOV_OFFICE.id, MINISTRY.id]


def test_giao_after_yêu_cầu_is_not_part_of_the_units_name():
    text = (
        "Thủ tướng yêu cầu giao Văn phòng Chính phủ chủ trì, phối hợp với Bộ TT&TT trình dự thảo."
    )
    assert leads(text) == [("Văn phòng Chính phủ", GOV_OFFICE.id)]


def test_an_adverb_after_a_known_unit_is_not_a_second_unit():
    text = "Phó Thủ tướng giao Bộ Thông tin và Truyền thông khẩn trưởng tổ chức nghiên cứu."
    assert [d.lead_unit_id for d in directives(text)] == [MINISTRY.id]


def test_a_heading_naming_only_units_addresses_its_lettered_points_to_them():
    text = (
        "Phó Thủ tướng có ý kiến chỉ đạo như sau:\n1. Các bộ, ngành, địa phương.\n"
        "a) Thực hiện ký số cá nhân trên Tờ trình;\nb) Hoàn thiện phần mềm quản lý văn bản.\n"
        "2. Văn phòng Chính phủ.\na) Tăng cường hướng dẫn, kiểm tra, đôn đốc."
    )
    assert leads(text) == [
        ("Các bộ, ngành, địa phương", None),
        ("Các bộ, ngành, địa phương", None),
        ("Văn phòng Chính phủ", GOV_OFFICE.id),
    ]


def test_a_heading_addressee_holds_only_until_the_next_heading():
    text = (
        "1. Văn phòng Chính phủ.\na) Tăng cường hướng dẫn, kiểm tra.\n"
        "2. Về hạ tầng số:\nRà soát hạ tầng mạng của các cơ quan."
    )
    found = directives(text)
    assert [(d.lead_unit_id, d.needs_lead_unit) for d in found] == [
        (GOV_OFFICE.id, False),
        (None, True),
    ]


def test_heads_named_by_title_under_a_heading_are_the_units_it_addresses():
    text = (
        "1. Các bộ, ngành, địa phương.\na) Các đồng chí Bộ trưởng, Thủ trưởng các cơ quan ngang "
        "bộ, cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố, trực thuộc "
        "Trung ương gương mẫu trong sử dụng chữ ký số cá nhân phê duyệt hồ sơ."
    )
    assert leads(text) == [("Các bộ, ngành, địa phương", None)]


def test_heads_named_by_title_without_an_addressee_stay_a_written_lead():
    text = (
        "Các đồng chí Giám đốc các sở, Chủ tịch UBND các huyện gương mẫu trong sử dụng chữ ký "
        "số cá nhân."
    )
    found = directives(text)
    assert [d.lead_unit for d in found] == ["Các đồng chí Giám đốc các sở, Chủ tịch UBND các huyện"]


def test_a_completion_time_sentence_without_a_colon_joins_the_task_before():
    text = (
        "Bộ Thông tin và Truyền thông hoàn thiện phần mềm quản lý văn bản. Thời gian hoàn thành "
        "trước ngày 15 tháng 6 năm 2024."
    )
    (found,) = directives(text)
    assert (found.deadline_kind, found.due_date) == ("date", D(2024, 6, 15))
    assert found.text.endswith("trước ngày 15 tháng 6 năm 2024.")
