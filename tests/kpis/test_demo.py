import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kpis.models import Indicator, IndicatorReport, Plan, PlanTask, ReportState, Target


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_demo_has_the_bac_tu_lien_plan_with_17_indicators(demo):
    plan = Plan.objects.get(number="251/KH-UBND")
    assert plan.date == datetime.date(2023, 5, 29)
    assert plan.issuer.code == "HN-BTL-UBND" and plan.committee.code == "btl-bcd-cqdt"
    assert plan.indicators.count() == 17
    first = plan.indicators.get(code="CT01")
    assert first.name.startswith("Duy trì đảm bảo tỷ lệ hồ sơ đăng ký qua mạng")
    assert not first.is_sample
    assert plan.indicators.filter(is_sample=True).count() == 15
    assert plan.task_groups.count() == 7 and plan.solution_groups.count() == 5
    ct09 = plan.indicators.get(code="CT09")
    assert Target.objects.get(indicator=ct09, year=2023, org_kind="urban_district").value == 95
    assert Target.objects.get(indicator=ct09, year=2023, org_kind="ward").value == 80
    assert PlanTask.objects.filter(plan=plan, due_date__year=2023).exists()


def test_demo_reports_have_realistic_gaps(demo):
    plan = Plan.objects.get(number="251/KH-UBND")
    reports = IndicatorReport.objects.filter(period__plan=plan)
    states = set(reports.values_list("state", flat=True))
    assert states == {s.value for s in ReportState}
    assert reports.values("unit").distinct().count() == 13
    assert reports.count() < 13 * 17 * 12  # some months were never reported


def test_demo_is_idempotent(demo):
    counts = (IndicatorReport.objects.count(), Indicator.objects.count(), Target.objects.count())
    call_command("load_demo", verbosity=0)
    assert counts == (
        IndicatorReport.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
    )


def test_demo_new_ward_can_enter_last_month_but_not_yet_next_month(demo, client):
    officer = get_user_model().objects.get(username="ward_secretariat")
    assert officer.profile.org_unit.code == "HN-P-BODE"
    client.force_login(officer)
    page = client.get(reverse("kpi_home")).content.decode()
    assert "Nhập số liệu" in page
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    next_month = today.replace(day=28) + datetime.timedelta(days=7)
    periods = Plan.objects.get(number="01/KH-BCĐ57 (mẫu)").periods
    period = periods.get(year=last_month.year, number=last_month.month)
    form = client.get(reverse("kpi_report", args=[period.pk])).content.decode()
    assert "Gửi báo cáo" in form and "đã khóa" not in form
    period = periods.get(year=next_month.year, number=next_month.month)
    form = client.get(reverse("kpi_report", args=[period.pk])).content.decode()
    assert "chưa mở để nhập" in form and "Gửi báo cáo" not in form


def test_demo_ward1_keeps_its_2019_figures_under_the_old_ward(demo, client):
    ward1 = get_user_model().objects.get(username="ward1")
    old_ward = ward1.profile.org_unit
    assert old_ward.code == "HN-LB-BODE" and str(old_ward.valid_to) == "2025-06-30"
    reports = IndicatorReport.objects.filter(unit=old_ward)
    assert reports.count() == 9  # 3 indicators × October–December 2019
    assert set(reports.values_list("period__year", flat=True)) == {2019}
    assert set(reports.values_list("saved_by__username", flat=True)) == {"ward1"}
    # The old ward's months are locked: ward1 reads them, nothing is open for entry.
    client.force_login(ward1)
    period = Plan.objects.get(number="01/KH-BCĐ (mẫu)").periods.get(year=2019, number=12)
    form = client.get(reverse("kpi_report", args=[period.pk])).content.decode()
    assert "Gửi báo cáo" not in form


def test_demo_reports_only_for_units_that_existed_in_the_period(demo):
    """No figures of a ward for a month it did not exist in (the old wards end on 30/6/2025,
    the new ones start on 1/7/2025)."""
    from django.db.models import F, Q

    outside = IndicatorReport.objects.filter(
        Q(unit__valid_to__lt=F("period__start")) | Q(unit__valid_from__gt=F("period__end"))
    )
    assert not outside.exists()
    new_wards = IndicatorReport.objects.filter(unit__code__startswith="HN-P-")
    assert set(new_wards.values_list("unit__code", flat=True)) == {
        "HN-P-BODE",
        "HN-P-LONGBIEN",
        "HN-P-PHUCLOI",
        "HN-P-VIETHUNG",
    }


def test_demo_periods_of_a_plan_fall_within_its_committees_life(demo):
    from kpis.models import ReportingPeriod

    for period in ReportingPeriod.objects.select_related("plan__committee"):
        committee = period.plan.committee
        assert committee.valid_to is None or period.start <= committee.valid_to, period


def test_demo_has_the_long_bien_e_office_criteria_with_published_months(demo, client):
    from kpis.models import CriteriaSet, ScoreSheet, SheetState

    criteria_set = CriteriaSet.objects.get(committee__code="lb-bcd-cntt", year=2018)
    assert criteria_set.criteria.count() == 7
    assert sum(c.max_points for c in criteria_set.criteria.all()) == 100
    assert criteria_set.criteria.get(code="1").name.endswith("ISO 9001:2015")
    january = ScoreSheet.objects.filter(criteria_set=criteria_set, year=2018, month=1)
    assert january.count() == 14  # the 14 wards of Long Biên in 2018
    assert set(january.values_list("state", flat=True)) == {SheetState.PUBLISHED}
    april = set(
        ScoreSheet.objects.filter(criteria_set=criteria_set, month=4).values_list(
            "state", flat=True
        )
    )
    assert april == {SheetState.REVIEWED, SheetState.SELF_SCORED}
    # The chair sees the published ranking of January.
    client.force_login(get_user_model().objects.get(username="chair"))
    url = reverse("kpi_criteria_results", args=[criteria_set.pk, 2018, 1])
    page = client.get(url).content.decode()
    assert "Phường Bồ Đề" in page and "Đã công khai" in page
    # April is not published: only the secretariat sees it.
    assert (
        client.get(reverse("kpi_criteria_results", args=[criteria_set.pk, 2018, 4])).status_code
        == 403
    )


def test_demo_ward1_finds_its_plan_tasks_in_the_inbox(demo, client):
    client.force_login(get_user_model().objects.get(username="ward1"))
    page = client.get(reverse("my_work")).content.decode()
    assert "Cập nhật danh mục thủ tục hành chính trên Trang thông tin điện tử phường" in page
    assert "Quá hạn" in page


def test_demo_new_wards_mark_the_sample_criteria_set_with_colours_from_the_rule(demo):
    from kpis.models import CriteriaSet, CriterionScore, ScoreSheet, SheetState

    criteria_set = CriteriaSet.objects.get(committee__code="hn-bcd-57", year=2026)
    assert criteria_set.is_sample
    november = {
        s.unit.code: s.state
        for s in ScoreSheet.objects.filter(criteria_set=criteria_set, month=11).select_related(
            "unit"
        )
    }
    assert november == {
        "HN-P-BODE": SheetState.REVIEWED,
        "HN-P-LONGBIEN": SheetState.REVIEWED,
        "HN-P-PHUCLOI": SheetState.SELF_SCORED,
        "HN-P-VIETHUNG": SheetState.DRAFT,
    }
    scores = CriterionScore.objects.filter(sheet__criteria_set=criteria_set).select_related(
        "criterion", "sheet__unit"
    )
    assert all(s.light == s.criterion.light_for(s.value) for s in scores)
    greens = dict.fromkeys(november, 0)
    for score in scores:
        greens[score.sheet.unit.code] += score.light == "green"
    assert greens["HN-P-BODE"] > greens["HN-P-VIETHUNG"]
