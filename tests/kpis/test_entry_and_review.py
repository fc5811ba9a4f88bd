import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis import services
from kpis.models import IndicatorReport, PeriodException, ReportEvidence, ReportState


def _form(plan_world, *, num="85", den="100", count="4", comment="", action="draft", **extra):
    ratio, count_ind = plan_world.ratio.pk, plan_world.count.pk
    return {
        f"i{ratio}-numerator": num,
        f"i{ratio}-denominator": den,
        f"i{ratio}-comment": comment,
        f"i{count_ind}-value": count,
        f"i{count_ind}-comment": "",
        "action": action,
        **extra,
    }


def _post(client, plan_world, **kwargs):
    return client.post(
        reverse("kpi_report", args=[plan_world.open.pk]), _form(plan_world, **kwargs)
    )


def test_ward_officer_saves_a_draft_then_submits(plan_world, ward_a, client_as, world):
    client = client_as(ward_a)
    page = client.get(reverse("kpi_report", args=[plan_world.open.pk]))
    assert "CT09. Tỷ lệ hồ sơ công việc xử lý trên mạng" in page.content.decode()
    response = _post(client, plan_world, num="85")
    assert response.status_code == 302
    report = IndicatorReport.objects.get(unit=world.ward_a, indicator=plan_world.ratio)
    assert report.state == ReportState.DRAFT
    assert report.numerator == 85
    _post(client, plan_world, action="submit")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_by == ward_a and report.submitted_at is not None
    assert report.history.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"den": "0"}, "Mẫu số phải lớn hơn 0."),
        ({"num": "120"}, "Tử số không được lớn hơn mẫu số."),
        ({"num": "mười"}, "“mười” không phải là số."),
        ({"count": "-3"}, "“-3”: không được nhập số âm."),
        ({"num": "1,25"}, "ô này là số lượng (số nguyên)"),
        ({"count": "4,5"}, "ô này là số lượng (số nguyên)"),
        ({"num": "50", "action": "submit"}, "Kết quả chưa đạt mục tiêu"),
        ({"num": "", "action": "submit"}, "Nhập đủ tử số và mẫu số trước khi gửi."),
    ],
)
def test_bad_figures_are_explained_in_vietnamese_and_nothing_is_saved(
    plan_world, ward_a, client_as, data, message
):
    response = _post(client_as(ward_a), plan_world, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IndicatorReport.objects.exists()


def test_a_missed_target_is_accepted_with_a_comment(plan_world, ward_a, client_as):
    _post(client_as(ward_a), plan_world, num="50", comment="Phần mềm lỗi", action="submit")
    assert IndicatorReport.objects.filter(state=ReportState.SUBMITTED).count() == 2


def _pdf():
    return SimpleUploadedFile(
        "minh chứng.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"
    )


def test_evidence_is_checked_by_content(plan_world, ward_a, client_as):
    key = f"i{plan_world.ratio.pk}-evidence"
    fake = SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>")
    response = _post(client_as(ward_a), plan_world, **{key: fake})
    assert "không phải là tệp .pdf hợp lệ" in response.content.decode()
    assert not ReportEvidence.objects.exists()
    _post(client_as(ward_a), plan_world, **{key: _pdf()})
    evidence = ReportEvidence.objects.get()
    assert evidence.original_name == "minh chứng.pdf"
    assert evidence.file.name.startswith("kpis/evidence/") and "minh" not in evidence.file.name


def test_a_zip_bomb_disguised_as_xlsx_is_refused(plan_world, ward_a, client_as):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/huge.xml", b"0" * (101 * 1024 * 1024))
    key = f"i{plan_world.ratio.pk}-evidence"
    bomb = SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue())
    response = _post(client_as(ward_a), plan_world, **{key: bomb})
    assert "giải nén ra quá lớn" in response.content.decode()
    assert not ReportEvidence.objects.exists()


def test_a_real_xlsx_is_accepted_as_evidence(plan_world, ward_a, client_as):
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    key = f"i{plan_world.ratio.pk}-evidence"
    _post(client_as(ward_a), plan_world, **{key: SimpleUploadedFile("a.xlsx", buffer.getvalue())})
    assert ReportEvidence.objects.count() == 1


def test_a_locked_period_refuses_edits_with_a_clear_message(plan_world, ward_a, client_as):
    client = client_as(ward_a)
    url = reverse("kpi_report", args=[plan_world.locked.pk])
    page = client.get(url)
    assert "đã khóa số liệu" in page.content.decode()
    response = client.post(url, _form(plan_world), follow=True)
    assert "đã khóa số liệu" in response.content.decode()
    assert not IndicatorReport.objects.exists()


def test_an_exception_reopens_a_locked_period_for_one_unit(
    plan_world, ward_a, ward_b, secretariat, world
):
    PeriodException.objects.create(
        period=plan_world.locked,
        unit=world.ward_a,
        open_until=datetime.date(2099, 12, 31),
        reason="Cán bộ nghỉ ốm",
        granted_by=secretariat,
    )
    row = services.ReportInput(indicator=plan_world.count, value=3)
    services.reports_save(
        user=ward_a, unit=world.ward_a, period=plan_world.locked, rows=[row], submit=False
    )
    with pytest.raises(services.PeriodLockedError):
        services.reports_save(
            user=ward_b, unit=world.ward_b, period=plan_world.locked, rows=[row], submit=False
        )


def test_secretariat_returns_one_value_and_accepts_another(
    plan_world, ward_a, secretariat, client_as, world
):
    _post(client_as(ward_a), plan_world, action="submit")
    ratio = IndicatorReport.objects.get(indicator=plan_world.ratio)
    count = IndicatorReport.objects.get(indicator=plan_world.count)
    client = client_as(secretariat)
    page = client.get(reverse("kpi_review", args=[plan_world.open.pk]))
    assert "85,0 %" in page.content.decode()
    decide = reverse("kpi_review_decide", args=[ratio.pk])
    response = client.post(decide, {"action": "return", "reason": ""}, follow=True)
    assert "Trả lại phải ghi rõ lý do." in response.content.decode()
    client.post(decide, {"action": "return", "reason": "Thiếu minh chứng"})
    client.post(reverse("kpi_review_decide", args=[count.pk]), {"action": "accept"})
    ratio.refresh_from_db()
    count.refresh_from_db()
    assert (ratio.state, ratio.return_reason, ratio.reviewed_by) == (
        ReportState.RETURNED,
        "Thiếu minh chứng",
        secretariat,
    )
    assert count.state == ReportState.ACCEPTED and count.reviewed_at is not None
    # The ward corrects the returned value; the accepted one stays locked.
    _post(client_as(ward_a), plan_world, num="90", count="99", action="submit")
    ratio.refresh_from_db()
    count.refresh_from_db()
    assert ratio.state == ReportState.SUBMITTED and ratio.numerator == 90
    assert count.state == ReportState.ACCEPTED and count.value == 4


def test_the_standing_agency_does_not_accept_its_own_figures(plan_world, secretariat, world):
    from kpis.models import Indicator

    report = IndicatorReport.objects.create(
        unit=world.vhtt,
        indicator=plan_world.count,
        period=plan_world.open,
        value=1,
        state=ReportState.SUBMITTED,
    )
    assert not secretariat.has_perm("kpis.review_report", report)
    assert Indicator.objects.count() == 2


def test_chair_sees_the_district_figure_as_sum_over_sum(
    plan_world, world, chair, client_as, ward_a, ward_b
):
    for unit, num, den in [(world.ward_a, 10, 10), (world.ward_b, 100, 1000)]:
        IndicatorReport.objects.create(
            unit=unit,
            indicator=plan_world.ratio,
            period=plan_world.open,
            numerator=num,
            denominator=den,
            state=ReportState.ACCEPTED,
        )
    page = client_as(chair).get(reverse("kpi_heatmap", args=[plan_world.open.pk])).content.decode()
    assert "Σ tử số / Σ mẫu số = 110 / 1.010 × 100 = 10,9 %" in page
    assert "100,0 %" in page and "Vượt" in page and "Không đạt" in page


def test_secretariat_reopens_a_locked_period_for_one_ward(
    plan_world, secretariat, ward_a, ward_b, client_as, world
):
    client = client_as(secretariat)
    page = client.get(reverse("kpi_review", args=[plan_world.locked.pk])).content.decode()
    assert "Mở lại kỳ báo cáo cho một đơn vị" in page
    url = reverse("kpi_period_reopen", args=[plan_world.locked.pk])
    bad = client.post(url, {"unit": world.ward_a.pk, "open_until": "2020-01-01", "reason": "x"})
    assert bad.status_code == 302 and not PeriodException.objects.exists()
    client.post(url, {"unit": world.ward_a.pk, "open_until": "2099-12-31", "reason": "Ốm"})
    assert PeriodException.objects.get().granted_by == secretariat
    form_a = client_as(ward_a).get(reverse("kpi_report", args=[plan_world.locked.pk]))
    assert "đã khóa số liệu" not in form_a.content.decode()
    form_b = client_as(ward_b).get(reverse("kpi_report", args=[plan_world.locked.pk]))
    assert "đã khóa số liệu" in form_b.content.decode()


def test_the_unit_sees_its_open_plan_tasks_with_derived_timeliness(
    plan_world, ward_a, ward_b, client_as, world
):
    from kpis.models import PlanTask
    from steering.deadlines import parse_deadline

    spec = parse_deadline("Quý IV/2023", reference_date=datetime.date(2023, 5, 29))
    PlanTask.objects.create(
        plan=plan_world.plan,
        content="Số hóa hồ sơ hộ tịch",
        lead_unit=world.ward_a,
        deadline_text="Quý IV/2023",
        deadline_kind=spec.kind,
        due_date=spec.due_date,
    )
    page = client_as(ward_a).get(reverse("kpi_home")).content.decode()
    assert "Số hóa hồ sơ hộ tịch" in page and "Quá hạn" in page
    assert "Số hóa hồ sơ hộ tịch" not in client_as(ward_b).get(reverse("kpi_home")).content.decode()


def test_counts_typed_with_thousands_dots_are_saved_as_thousands(
    plan_world, ward_a, client_as, world
):
    _post(client_as(ward_a), plan_world, num="1.250", den="1.309", count="1.234")
    ratio = IndicatorReport.objects.get(unit=world.ward_a, indicator=plan_world.ratio)
    count = IndicatorReport.objects.get(unit=world.ward_a, indicator=plan_world.count)
    assert (ratio.numerator, ratio.denominator, count.value) == (1250, 1309, 1234)


def test_saved_figures_are_shown_back_as_read_with_the_ratio(plan_world, ward_a, client_as):
    client = client_as(ward_a)
    _post(client, plan_world, num="1.250", den="1.309")
    html = client.get(reverse("kpi_report", args=[plan_world.open.pk])).content.decode()
    ratio = plan_world.ratio.pk
    assert f'name="i{ratio}-numerator" value="1250"' in html
    assert 'inputmode="numeric"' in html and 'type="number"' not in html
    assert "1.250 / 1.309 × 100 = 95,5 %" in html


def test_a_score_keeps_its_decimals_shown_and_taken_back_with_a_comma(
    plan_world, ward_a, client_as, world
):
    from tests.kpis.factories import IndicatorFactory

    score = IndicatorFactory(
        plan=plan_world.plan, code="CT30", kind="score", unit_of_measure="điểm"
    )
    client = client_as(ward_a)
    _post(client, plan_world, **{f"i{score.pk}-value": "1.234,5", f"i{score.pk}-comment": ""})
    report = IndicatorReport.objects.get(unit=world.ward_a, indicator=score)
    assert report.value == Decimal("1234.5")
    html = client.get(reverse("kpi_report", args=[plan_world.open.pk])).content.decode()
    assert f'name="i{score.pk}-value" value="1234,5"' in html


def test_an_ambiguous_score_is_refused_with_both_readings(plan_world, ward_a, client_as, world):
    from tests.kpis.factories import IndicatorFactory

    score = IndicatorFactory(
        plan=plan_world.plan, code="CT30", kind="score", unit_of_measure="điểm"
    )
    response = _post(
        client_as(ward_a), plan_world, **{f"i{score.pk}-value": "8.500", f"i{score.pk}-comment": ""}
    )
    assert (
        "đọc được hai cách: 8500 (dấu chấm ngăn nhóm nghìn) hoặc 8,5" in response.content.decode()
    )
    assert not IndicatorReport.objects.filter(indicator=score).exists()


def test_each_state_change_of_a_report_shows_who_and_when_on_the_entry_page(
    plan_world, ward_a, secretariat, client_as, world
):
    client = client_as(ward_a)
    _post(client, plan_world)
    _post(client, plan_world, action="submit")
    report = IndicatorReport.objects.get(unit=world.ward_a, indicator=plan_world.ratio)
    client_as(secretariat).post(
        reverse("kpi_review_decide", args=[report.pk]), {"action": "return", "reason": "Sai số"}
    )
    html = client_as(ward_a).get(reverse("kpi_report", args=[plan_world.open.pk])).content.decode()
    assert "ward1: Nháp" in html
    assert "ward1: Nháp → Đã gửi" in html
    assert "secretariat: Đã gửi → Trả lại" in html


def test_the_kpi_home_offers_the_reporting_matrix_only_to_those_who_may_open_it(
    plan_world, client_as, personas
):
    plan_url = reverse("kpi_matrix", args=[plan_world.plan.pk])
    ward_page = client_as(personas["ward_a"]).get(reverse("kpi_home")).content.decode()
    assert reverse("kpi_plan", args=[plan_world.plan.pk]) in ward_page  # the plan is listed
    assert plan_url not in ward_page
    assert plan_url in client_as(personas["secretariat"]).get(reverse("kpi_home")).content.decode()


def _sent(plan_world, world, *states):
    """One value per unit and state: ward A's ratio and ward B's count."""
    for unit, indicator, state in zip(
        (world.ward_a, world.ward_b), (plan_world.ratio, plan_world.count), states, strict=False
    ):
        IndicatorReport.objects.create(
            unit=unit,
            indicator=indicator,
            period=plan_world.open,
            numerator=1,
            denominator=2,
            value=7,
            state=state,
            return_reason="Thiếu minh chứng" if state == ReportState.RETURNED else "",
        )


def _review_rows(client, plan_world, query=""):
    page = client.get(reverse("kpi_review", args=[plan_world.open.pk]) + query)
    assert page.status_code == 200
    html = page.content.decode()
    return html, html.count('<tr id="report-')


def test_the_review_page_opens_on_the_values_waiting_for_a_decision(
    plan_world, world, secretariat, client_as
):
    _sent(plan_world, world, ReportState.SUBMITTED, ReportState.ACCEPTED)
    html, rows = _review_rows(client_as(secretariat), plan_world)
    assert rows == 1 and f'data-unit="{world.ward_a.code}"' in html
    assert "Chờ xem xét <span" in html and "Tất cả <span" in html


def test_the_review_tabs_count_each_state_and_show_all_values(
    plan_world, world, secretariat, client_as
):
    _sent(plan_world, world, ReportState.RETURNED, ReportState.ACCEPTED)
    client = client_as(secretariat)
    html, rows = _review_rows(client, plan_world)
    assert rows == 0 and "Không có số liệu nào chờ xem xét." in html
    assert _review_rows(client, plan_world, "?state=accepted")[1] == 1
    assert _review_rows(client, plan_world, "?state=all")[1] == 2


def test_the_review_page_narrows_to_one_unit(plan_world, world, secretariat, client_as):
    _sent(plan_world, world, ReportState.SUBMITTED, ReportState.SUBMITTED)
    html, rows = _review_rows(client_as(secretariat), plan_world, f"?unit={world.ward_b.pk}")
    assert rows == 1 and f'data-unit="{world.ward_b.code}"' in html


def test_an_unknown_review_filter_falls_back_to_the_waiting_values(
    plan_world, world, secretariat, client_as
):
    _sent(plan_world, world, ReportState.SUBMITTED)
    _, rows = _review_rows(client_as(secretariat), plan_world, "?state=evil&unit=abc&page=x")
    assert rows == 1


def test_a_decision_returns_to_the_same_review_tab_and_unit(
    plan_world, world, secretariat, client_as
):
    _sent(plan_world, world, ReportState.SUBMITTED)
    report = IndicatorReport.objects.get()
    back = reverse("kpi_review", args=[plan_world.open.pk]) + f"?state=all&unit={world.ward_a.pk}"
    decide = reverse("kpi_review_decide", args=[report.pk])
    response = client_as(secretariat).post(decide, {"action": "accept", "next": back})
    assert response.url == back


def test_a_decision_never_redirects_to_another_address(plan_world, world, secretariat, client_as):
    _sent(plan_world, world, ReportState.SUBMITTED)
    report = IndicatorReport.objects.get()
    decide = reverse("kpi_review_decide", args=[report.pk])
    response = client_as(secretariat).post(
        decide, {"action": "accept", "next": "https://evil.example/kpis/review/"}
    )
    assert response.url == reverse("kpi_review", args=[plan_world.open.pk])


def test_a_full_disk_on_kpi_evidence_explains_and_saves_no_figure(
    plan_world, ward_a, client_as, full_disk
):
    key = f"i{plan_world.ratio.pk}-evidence"
    pdf = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n" + b"0" * 4096 + b"\n%%EOF\n")
    response = _post(client_as(ward_a), plan_world, action="submit", **{key: pdf})
    assert response.status_code == 200
    assert "hết dung lượng lưu trữ" in response.content.decode()
    assert not IndicatorReport.objects.exists() and not ReportEvidence.objects.exists()
    assert [p for p in full_disk.rglob("*") if p.is_file()] == []


def test_the_secretariat_accepts_every_waiting_value_of_one_unit_at_once(
    plan_world, world, secretariat, client_as
):
    _sent(plan_world, world, ReportState.SUBMITTED, ReportState.SUBMITTED)
    IndicatorReport.objects.create(
        unit=world.ward_a,
        indicator=plan_world.count,
        period=plan_world.open,
        value=3,
        state=ReportState.SUBMITTED,
    )
    client = client_as(secretariat)
    page = client.get(
        reverse("kpi_review", args=[plan_world.open.pk]) + f"?unit={world.ward_a.pk}"
    ).content.decode()
    assert "Chấp nhận cả 2 số liệu" in page
    response = client.post(
        reverse("kpi_review_accept_unit", args=[plan_world.open.pk]),
        {"unit": world.ward_a.pk},
        follow=True,
    )
    assert "Đã chấp nhận 2 số liệu" in response.content.decode()
    states = {(r.unit_id, r.state, r.reviewed_by_id) for r in IndicatorReport.objects.all()}
    assert states == {
        (world.ward_a.pk, ReportState.ACCEPTED, secretariat.pk),
        (world.ward_b.pk, ReportState.SUBMITTED, None),  # another unit: untouched
    }


def test_accepting_a_unit_without_choosing_one_accepts_nothing(
    plan_world, world, secretariat, client_as
):
    _sent(plan_world, world, ReportState.SUBMITTED)
    response = client_as(secretariat).post(
        reverse("kpi_review_accept_unit", args=[plan_world.open.pk]), {"unit": ""}, follow=True
    )
    assert "Chọn một đơn vị để chấp nhận số liệu." in response.content.decode()
    assert IndicatorReport.objects.get().state == ReportState.SUBMITTED


def test_the_standing_agency_cannot_accept_its_own_figures_in_bulk(
    plan_world, world, secretariat, client_as
):
    IndicatorReport.objects.create(
        unit=world.vhtt,
        indicator=plan_world.count,
        period=plan_world.open,
        value=1,
        state=ReportState.SUBMITTED,
    )
    response = client_as(secretariat).post(
        reverse("kpi_review_accept_unit", args=[plan_world.open.pk]),
        {"unit": world.vhtt.pk},
        follow=True,
    )
    # Refused either way: not a reporting unit of the plan here, and never one's own unit.
    assert "Đã chấp nhận 1 số liệu" not in response.content.decode()
    assert IndicatorReport.objects.get().state == ReportState.SUBMITTED


def test_a_second_reviewer_working_from_a_stale_page_cannot_overturn_a_decision(
    plan_world, world, secretariat, chair
):
    from django.core.exceptions import ValidationError

    _sent(plan_world, world, ReportState.SUBMITTED)
    seen_by_both = IndicatorReport.objects.get()  # both reviewers loaded the waiting value
    services.report_accept(user=secretariat, report=IndicatorReport.objects.get())
    with pytest.raises(ValidationError, match="Chỉ trả lại được số liệu đã gửi"):
        services.report_return(user=chair, report=seen_by_both, reason="Sai số liệu")
    decided = IndicatorReport.objects.get()
    assert (decided.state, decided.reviewed_by) == (ReportState.ACCEPTED, secretariat)
