import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steering.deadlines import (
    RELATIVE_KINDS,
    SPECIFICITY,
    DeadlineKind,
    DeadlineSpec,
    compute_due_date,
    parse_deadline,
)

D = datetime.date
MEETING_2019 = D(2019, 10, 17)  # Long Biên BCĐ CNTT, seed 000
MEETING_2018 = D(2018, 1, 3)  # Long Biên BCĐ CNTT, seed 002


def test_deadline_kind_has_exactly_the_eleven_kinds():
    assert set(DeadlineKind.values) == {
        "date",
        "month",
        "quarter",
        "half_year",
        "year",
        "meeting",
        "relative",
        "immediate",
        "recurring",
        "pending",
        "none",
    }


def test_deadline_kinds_have_vietnamese_labels():
    assert str(DeadlineKind.RECURRING.label) == "Thường xuyên"


def test_specificity_ranks_date_before_month_before_quarter_before_half_year_before_year():
    ranks = [SPECIFICITY.index(kind) for kind in ("date", "month", "quarter", "half_year", "year")]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        ("trước ngày 30/11/2019", "date", D(2019, 11, 30)),
        ("hoàn thành trước 15/5/2023", "date", D(2023, 5, 15)),
        ("trước ngày 30 tháng 11 năm 2019", "date", D(2019, 11, 30)),
        ("trong tháng 11/2019", "month", D(2019, 11, 30)),
        ("trong tháng 01 năm 2018", "month", D(2018, 1, 31)),
        ("Hoàn thành trong tháng 8 năm 2021", "month", D(2021, 8, 31)),
        ("tháng 6/2020", "month", D(2020, 6, 30)),
        ("Quý IV/2019", "quarter", D(2019, 12, 31)),
        ("trong Quý III năm 2023", "quarter", D(2023, 9, 30)),
        ("quý I năm 2018", "quarter", D(2018, 3, 31)),
        ("quý II/2021", "quarter", D(2021, 6, 30)),
        ("6 tháng đầu năm 2020", "half_year", D(2020, 6, 30)),
        ("6 tháng cuối năm 2020", "half_year", D(2020, 12, 31)),
        ("năm 2020", "year", D(2020, 12, 31)),
        ("trong năm 2023", "year", D(2023, 12, 31)),
    ],
)
def test_a_bare_calendar_phrase_is_kept_verbatim_with_its_due_date(text, kind, due):
    spec = parse_deadline(text)
    assert (spec.text, spec.kind, spec.due_date) == (text, kind, due)


def test_a_date_without_a_year_takes_the_reference_year():
    spec = parse_deadline("trước 15/5", reference_date=D(2023, 3, 1))
    assert (spec.kind, spec.due_date) == ("date", D(2023, 5, 15))


def test_a_date_without_a_year_already_past_rolls_to_next_year():
    assert parse_deadline("trước 15/5", reference_date=D(2023, 6, 1)).due_date == D(2024, 5, 15)


def test_a_date_without_a_year_and_without_reference_has_no_due_date():
    spec = parse_deadline("trước 15/5")
    assert (spec.kind, spec.due_date) == ("date", None)


def test_second_half_without_a_year_ends_on_the_reference_years_last_day():
    spec = parse_deadline("6 tháng cuối năm", reference_date=MEETING_2019)
    assert (spec.kind, spec.due_date) == ("half_year", D(2019, 12, 31))


def test_month_deadline_is_due_on_the_last_day_of_the_month():
    assert parse_deadline("trong tháng 2/2020").due_date == D(2020, 2, 29)


def test_an_impossible_date_is_not_a_deadline():
    assert parse_deadline("trước ngày 29/2/2019").kind == "none"


def test_a_meeting_cycle_is_due_at_the_end_of_its_month_until_scheduled():
    spec = parse_deadline("kỳ họp tháng 7/2020")
    assert (spec.kind, spec.due_date, spec.meeting_month) == ("meeting", D(2020, 7, 31), (2020, 7))


def test_a_meeting_cycle_is_due_on_the_scheduled_meeting_in_that_month():
    spec = parse_deadline("báo cáo tại kỳ họp tháng 7/2020", next_meeting_date=D(2020, 7, 9))
    assert (spec.text, spec.due_date) == ("báo cáo tại kỳ họp tháng 7/2020", D(2020, 7, 9))


def test_a_meeting_scheduled_in_another_month_does_not_move_a_named_cycle():
    spec = parse_deadline("kỳ họp tháng 7/2020", next_meeting_date=D(2020, 8, 5))
    assert spec.due_date == D(2020, 7, 31)


def test_the_next_meeting_is_due_on_the_scheduled_date():
    spec = parse_deadline(
        "kỳ họp tới", reference_date=MEETING_2019, next_meeting_date=D(2019, 11, 14)
    )
    assert (spec.kind, spec.due_date, spec.meeting_month) == ("meeting", D(2019, 11, 14), None)


def test_the_next_meeting_is_due_at_the_end_of_the_following_month_until_scheduled():
    spec = parse_deadline("cuộc họp giao ban tiếp theo", reference_date=D(2019, 12, 17))
    assert (spec.kind, spec.due_date) == ("meeting", D(2020, 1, 31))


def test_a_next_meeting_before_the_reference_date_is_ignored():
    spec = parse_deadline(
        "kỳ họp tới", reference_date=MEETING_2019, next_meeting_date=D(2019, 9, 1)
    )
    assert spec.due_date == D(2019, 11, 30)


def test_a_report_at_the_next_briefing_is_a_meeting_deadline():
    spec = parse_deadline("báo cáo tại cuộc họp giao ban tiếp theo", reference_date=MEETING_2019)
    assert (spec.kind, spec.text) == ("meeting", "báo cáo tại cuộc họp giao ban tiếp theo")


def test_days_from_signing_are_calendar_days():
    spec = parse_deadline("trong 10 ngày kể từ ngày ký", reference_date=MEETING_2019)
    assert (spec.kind, spec.days, spec.working_days, spec.due_date) == (
        "relative",
        10,
        False,
        D(2019, 10, 27),
    )


def test_sign_and_issue_within_ten_days_is_relative():
    spec = parse_deadline("Ký ban hành (trong 10 ngày)", reference_date=MEETING_2019)
    assert (spec.text, spec.kind, spec.due_date) == (
        "Ký ban hành (trong 10 ngày)",
        "relative",
        D(2019, 10, 27),
    )


@pytest.mark.django_db  # the default calendar reads the days the standing agency entered
def test_working_days_skip_weekends():
    spec = parse_deadline("trong 10 ngày làm việc", reference_date=MEETING_2019)
    assert (spec.working_days, spec.due_date) == (True, D(2019, 10, 31))


def test_working_days_skip_the_holidays_given():
    spec = parse_deadline(
        "trong 1 ngày làm việc", reference_date=D(2019, 8, 30), holidays=frozenset({D(2019, 9, 2)})
    )
    assert spec.due_date == D(2019, 9, 3)


def test_weeks_count_as_seven_days():
    assert parse_deadline("trong vòng 2 tuần", reference_date=MEETING_2019).days == 14


def test_a_relative_deadline_without_reference_has_no_due_date():
    spec = parse_deadline("trong 10 ngày kể từ ngày ký")
    assert (spec.kind, spec.days, spec.due_date) == ("relative", 10, None)


@pytest.mark.parametrize("text", ["ngay", "Triển khai ngay", "khẩn trương", "Khẩn trương"])
def test_urgent_words_give_the_reference_date_plus_immediate_days(text):
    spec = parse_deadline(text, reference_date=MEETING_2019, immediate_days=5)
    assert (spec.kind, spec.due_date) == ("immediate", D(2019, 10, 22))


def test_the_day_word_ngay_is_not_urgent():
    assert parse_deadline("Ngày 17/10/2019, Ban chỉ đạo họp").kind == "none"


def test_ngay_tu_dau_means_from_the_start_not_urgently():
    assert parse_deadline("quán triệt ngay từ đầu năm").kind == "none"


def test_negative_immediate_days_are_rejected():
    with pytest.raises(ValueError):
        parse_deadline("ngay", immediate_days=-1)


@pytest.mark.parametrize(
    "text", ["thường xuyên", "hằng tháng", "hàng tháng", "định kỳ", "hằng quý"]
)
def test_recurring_words_have_no_due_date(text):
    spec = parse_deadline(text, reference_date=MEETING_2019)
    assert (spec.text, spec.kind, spec.due_date) == (text, "recurring", None)


def test_recurrent_budget_is_not_a_recurring_deadline():
    assert parse_deadline("bố trí từ nguồn chi thường xuyên").kind == "none"


@pytest.mark.parametrize(
    "text", ["chờ ý kiến của UBND Thành phố", "chờ quyết định", "Chờ ý kiến chỉ đạo"]
)
def test_waiting_for_a_decision_is_pending(text):
    spec = parse_deadline(text, reference_date=MEETING_2019)
    assert (spec.text, spec.kind, spec.due_date) == (text, "pending", None)


def test_the_preposition_cho_is_not_waiting():
    assert parse_deadline("cho ý kiến chỉ đạo").kind == "none"


def test_asking_for_direction_before_continuing_is_pending():
    text = (
        "Xin ý kiến chỉ đạo của Thành ủy, Thành phố, khi được sự nhất trí mới tiếp tục "
        "triển khai thực hiện."
    )
    spec = parse_deadline(text)
    assert spec.kind == "pending"
    assert spec.text == text.removesuffix(".")


def test_unrecognised_text_has_kind_none():
    assert parse_deadline("theo tiến độ dự án") == DeadlineSpec(text="", kind="none")


def test_empty_text_has_kind_none():
    assert parse_deadline("").kind == "none"


def test_matching_ignores_case():
    spec = parse_deadline("TRONG THÁNG 11/2019")
    assert (spec.text, spec.due_date) == ("TRONG THÁNG 11/2019", D(2019, 11, 30))


def test_matching_tolerates_missing_diacritics():
    assert parse_deadline("trong thang 11/2019").due_date == D(2019, 11, 30)


def test_decomposed_input_is_normalised_first():
    spec = parse_deadline(unicodedata.normalize("NFD", "trong Quý III năm 2023"))
    assert (spec.text, spec.kind) == ("trong Quý III năm 2023", "quarter")


def test_runs_of_spaces_and_line_breaks_still_match():
    spec = parse_deadline("hoàn  thành trong\ntháng 11/2019")
    assert (spec.text, spec.kind) == ("hoàn  thành trong\ntháng 11/2019", "month")


def test_arabic_quarter_numbers_are_accepted():
    assert parse_deadline("quý 4/2019").due_date == D(2019, 12, 31)


def test_a_label_is_not_part_of_the_phrase():
    spec = parse_deadline("Thời gian: Quý IV/2019.")
    assert (spec.text, spec.kind) == ("Quý IV/2019", "quarter")


def test_a_label_frames_a_bare_date():
    spec = parse_deadline("Thời hạn: 30/11/2019")
    assert (spec.text, spec.due_date) == ("30/11/2019", D(2019, 11, 30))


def test_inside_a_sentence_a_calendar_phrase_needs_a_lead_word():
    assert parse_deadline("báo cáo kết quả Quý IV/2019 của các phường").kind == "none"


def test_the_phrase_is_found_inside_a_sentence():
    spec = parse_deadline(
        "Giao cơ quan thường trực Ban chỉ đạo CNTT xây dựng Kế hoạch tổ chức thực hiện báo cáo "
        "UBND quận xem xét, thông qua UBND quận báo cáo Ban Thường vụ Quận ủy trong tháng 11/2019."
    )
    assert (spec.text, spec.kind, spec.due_date) == (
        "trong tháng 11/2019",
        "month",
        D(2019, 11, 30),
    )


def test_the_most_specific_phrase_wins():
    spec = parse_deadline("Triển khai trong quý IV/2019, báo cáo trước ngày 15/12/2019")
    assert (spec.text, spec.kind) == ("trước ngày 15/12/2019", "date")


def test_a_calendar_deadline_beats_recurring():
    assert parse_deadline("Thực hiện thường xuyên, báo cáo trong tháng 12/2019").kind == "month"


def test_a_document_date_is_not_a_deadline():
    text = "triển khai Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ"
    assert parse_deadline(text).kind == "none"


def test_a_document_number_is_not_a_month():
    assert parse_deadline("theo Quyết định số 07/2016/QĐ-UBND").kind == "none"


def test_a_year_in_a_plan_name_is_not_a_deadline():
    assert parse_deadline("Xây dựng kế hoạch ứng dụng CNTT năm 2018").kind == "none"


def test_a_plan_horizon_is_not_a_deadline():
    text = "Kế hoạch chuyển đổi số, thành phố thông minh đến năm 2025, định hướng đến năm 2030"
    assert parse_deadline(text).kind == "none"


def test_nine_months_is_not_a_half_year():
    assert parse_deadline("kết quả đạt được trong 9 tháng đầu năm").kind == "none"


def test_a_decimal_is_not_a_day_and_month():
    assert parse_deadline("trước 15.5").kind == "none"


# Deadline phrases exactly as they occur in the seed meeting reports.
@pytest.mark.parametrize(
    ("sentence", "reference", "text", "kind", "due"),
    [
        (
            "Giao cơ quan thường trực Ban chỉ đạo CNTT xây dựng Kế hoạch tổ chức thực hiện báo cáo "
            "UBND quận xem xét, thông qua UBND quận báo cáo Ban Thường vụ Quận ủy trong tháng "
            "11/2019.",
            MEETING_2019,
            "trong tháng 11/2019",
            "month",
            D(2019, 11, 30),
        ),
        (
            "Đồng chí Trưởng Ban chỉ đạo ghi nhận kết quả đạt được trong 9 tháng đầu năm và cho ý "
            "kiến chỉ đạo đối với một số nhiệm vụ trọng tâm trong quý IV năm 2019:",
            MEETING_2019,
            "trong quý IV năm 2019",
            "quarter",
            D(2019, 12, 31),
        ),
        (
            "Xin ý kiến chỉ đạo của Thành ủy, Thành phố, khi được sự nhất trí mới tiếp tục triển "
            "khai thực hiện.",
            MEETING_2019,
            "Xin ý kiến chỉ đạo của Thành ủy, Thành phố, khi được sự nhất trí mới tiếp tục triển "
            "khai thực hiện",
            "pending",
            None,
        ),
        (
            "Tham mưu tiêu chí mô hình năm 2018 hướng tới mục tiêu rút ngắn thời gian giải quyết "
            "TTHC, hoàn thành và ban hành trong tháng 1 năm 2018.",
            MEETING_2018,
            "trong tháng 1 năm 2018",
            "month",
            D(2018, 1, 31),
        ),
        (
            "hoàn thành bộ tiêu chí, trình Ban chỉ đạo phê duyệt và ban hành áp dụng trong "
            "tháng 01 năm 2018.",
            MEETING_2018,
            "trong tháng 01 năm 2018",
            "month",
            D(2018, 1, 31),
        ),
        (
            "Căn cứ bộ tiêu chí mới, tổ chức chấm điểm thực hiện mô hình cơ quan điện tử phường "
            "hàng tháng trên hệ thống và công khai kết quả chấm điểm.",
            MEETING_2018,
            "hàng tháng",
            "recurring",
            None,
        ),
        (
            "Trong quý I năm 2018, tổ chức lớp bồi dưỡng kỹ năng ứng dụng CNTT cho lãnh đạo chủ "
            "chốt phường.",
            MEETING_2018,
            "Trong quý I năm 2018",
            "quarter",
            D(2018, 3, 31),
        ),
        (
            "Xây dựng lộ trình tổ chức thực hiện và dự kiến đánh giá đạt chuẩn khung mô hình vào "
            "tháng 6/2020.",
            MEETING_2018,
            "vào tháng 6/2020",
            "month",
            D(2020, 6, 30),
        ),
        (
            "Xây dựng kế hoạch ứng dụng CNTT năm 2018 trên nguyên tắc đảm bảo thực hiện các nhiệm "
            "vụ trọng tâm, thường xuyên và các nhiệm vụ do Thành phố giao.",
            MEETING_2018,
            "",
            "none",
            None,
        ),
        (
            "Ngày 17/10/2019, Ban chỉ đạo ứng dụng công nghệ thông tin quận (CNTT) tổ chức họp "
            "giao ban định kỳ.",
            MEETING_2019,
            "",
            "none",
            None,
        ),
        (
            "yêu cầu các phòng, ban, ngành, UBND các phường bám sát các chỉ tiêu, nhiệm vụ theo Kế "
            "hoạch số 251/KH-UBND ngày 29/5/2023 của UBND Quận",
            D(2023, 6, 1),
            "",
            "none",
            None,
        ),
    ],
)
def test_deadline_phrases_from_the_seed_reports(sentence, reference, text, kind, due):
    spec = parse_deadline(sentence, reference_date=reference)
    assert (spec.text, spec.kind, spec.due_date) == (text, kind, due)


def test_recomputing_a_meeting_deadline_picks_up_the_scheduled_meeting():
    due = compute_due_date(
        kind="meeting",
        text="báo cáo tại kỳ họp tới",
        reference_date=MEETING_2019,
        next_meeting_date=D(2019, 11, 12),
    )
    assert due == D(2019, 11, 12)


def test_recomputing_a_named_meeting_cycle_uses_the_meeting_in_that_month():
    due = compute_due_date(
        kind="meeting",
        text="kỳ họp tháng 12/2019",
        reference_date=MEETING_2019,
        next_meeting_date=D(2019, 12, 19),
    )
    assert due == D(2019, 12, 19)


def test_recomputing_a_relative_deadline_follows_a_new_reference_date():
    due = compute_due_date(
        kind="relative", text="Ký ban hành (trong 10 ngày)", reference_date=D(2019, 10, 20)
    )
    assert due == D(2019, 10, 30)


def test_recomputing_trusts_the_stored_kind_without_a_lead_word():
    due = compute_due_date(kind="month", text="Tháng 11/2019 (gửi báo cáo)", reference_date=None)
    assert due == D(2019, 11, 30)


def test_recomputing_an_immediate_deadline_adds_immediate_days():
    due = compute_due_date(
        kind="immediate", text="gấp", reference_date=MEETING_2019, immediate_days=2
    )
    assert due == D(2019, 10, 19)


@pytest.mark.parametrize("kind", ["recurring", "pending", "none"])
def test_recomputing_an_undated_kind_gives_no_due_date(kind):
    assert (
        compute_due_date(kind=kind, text="trong tháng 11/2019", reference_date=MEETING_2019) is None
    )


def test_recomputing_text_that_no_longer_matches_gives_no_due_date():
    assert compute_due_date(kind="quarter", text="sớm", reference_date=MEETING_2019) is None


@pytest.mark.django_db
@given(
    reference=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
    next_meeting=st.none() | st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
    days=st.integers(0, 365),
    phrase=st.sampled_from(
        [
            "trong {n} ngày kể từ ngày ký",
            "Ký ban hành (trong {n} ngày)",
            "trong {n} ngày làm việc",
            "ngay",
            "khẩn trương",
            "kỳ họp tới",
            "báo cáo tại cuộc họp giao ban tiếp theo",
        ]
    ),
)
def test_due_date_is_never_before_the_reference_date_for_relative_kinds(
    reference, next_meeting, days, phrase
):
    spec = parse_deadline(
        phrase.format(n=days), reference_date=reference, next_meeting_date=next_meeting
    )
    assert spec.kind in RELATIVE_KINDS | {"meeting"}
    assert spec.due_date is not None
    assert spec.due_date >= reference


@given(st.text(max_size=300), st.none() | st.dates())
def test_parsing_never_raises_and_the_phrase_is_a_substring_of_the_input(text, reference):
    spec = parse_deadline(text, reference_date=reference)
    assert spec.kind in DeadlineKind.values
    assert spec.text in unicodedata.normalize("NFC", text)
    assert (spec.text == "") == (spec.kind == "none")


@given(
    st.lists(
        st.sampled_from(
            [
                "Giao phòng Văn hóa và Thông tin",
                "trong tháng 11/2019",
                "trong Quý IV/2019",
                "thường xuyên",
                "trước ngày 30/11/2019",
                "kỳ họp tới",
                "trong 6 tháng đầu năm 2020",
                "trong năm 2023",
                "ngay",
                "chờ quyết định",
            ]
        ),
        min_size=1,
        max_size=5,
    )
)
def test_the_chosen_kind_is_the_most_specific_present(parts):
    sentence = ", ".join(parts)
    kinds = {parse_deadline(part).kind for part in parts} - {"none"}
    spec = parse_deadline(sentence, reference_date=MEETING_2019)
    expected = min(kinds, key=SPECIFICITY.index) if kinds else "none"
    assert spec.kind == expected
