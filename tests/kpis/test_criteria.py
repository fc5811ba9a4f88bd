"""Scored criteria sets (seed 002): self-scoring, review, ranking, publication."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpis.maths import rank_competition, vn_decimal
from kpis.models import CriterionScore, ScoreSheet, SheetState
from tests.factories import OrgUnitFactory


def _url(name, cw, month, **extra):
    return reverse(name, kwargs={"pk": cw.set.pk, "year": 2099, "month": month, **extra})


def test_equal_totals_share_a_rank_in_vietnamese_order():
    ranked = rank_competition(
        [
            ("dong", "Phường Đông Ngạc", Decimal(90)),
            ("duc", "Phường Đức Giang", Decimal(95)),
            ("dich", "Phường Dịch Vọng", Decimal(90)),
            ("an", "Phường An Bình", None),
            ("bo", "Phường Bồ Đề", Decimal("80.5")),
        ]
    )
    # Đ sorts after D (not after Z); the unscored unit has no rank and comes last.
    assert ranked == [(1, "duc"), (2, "dich"), (2, "dong"), (4, "bo"), (None, "an")]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)
@given(st.lists(st.one_of(st.none(), st.integers(0, 100)), max_size=30))
def test_ranks_never_skip_a_better_total(totals):
    items = [(i, f"Phường {i}", None if t is None else Decimal(t)) for i, t in enumerate(totals)]
    ranked = rank_competition(items)
    by_key = {k: t for k, _n, t in items}
    assert len(ranked) == len(items)
    for rank, key in ranked:
        if by_key[key] is None:
            assert rank is None
        else:
            better = sum(1 for t in by_key.values() if t is not None and t > by_key[key])
            assert rank == better + 1


def test_points_above_the_maximum_are_refused_in_vietnamese_and_nothing_is_written(
    world, criteria_world, ward_a, client_as
):
    client = client_as(ward_a)
    url = _url("kpi_criteria_score", criteria_world, 3, unit_id=world.ward_a.pk)
    response = client.post(
        url,
        {f"c{criteria_world.first.pk}": "10,5", f"c{criteria_world.second.pk}": "-1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tiêu chí 1: điểm phải từ 0 đến 10." in html
    assert "Tiêu chí 2: điểm phải từ 0 đến 20." in html
    assert not ScoreSheet.objects.filter(month=3).exists()


def test_text_in_a_points_box_is_explained(world, criteria_world, ward_a, client_as):
    url = _url("kpi_criteria_score", criteria_world, 3, unit_id=world.ward_a.pk)
    response = client_as(ward_a).post(url, {f"c{criteria_world.first.pk}": "chín"})
    assert "“chín” không phải là số." in response.content.decode()
    assert not ScoreSheet.objects.filter(month=3).exists()


def test_finishing_needs_every_criterion_scored(world, criteria_world, ward_a, client_as):
    url = _url("kpi_criteria_score", criteria_world, 3, unit_id=world.ward_a.pk)
    response = client_as(ward_a).post(
        url, {f"c{criteria_world.first.pk}": "9", "action": "finish"}, follow=True
    )
    assert "còn thiếu 2" in response.content.decode()
    assert not CriterionScore.objects.filter(sheet__month=3).exists()


def test_ward_self_scores_with_a_comma_then_the_secretariat_reviews_and_publishes(
    world, criteria_world, ward_a, ward_b, secretariat, chair, client_as
):
    cw = criteria_world
    first, second = f"c{cw.first.pk}", f"c{cw.second.pk}"
    # Ward A scores itself: 9,5 is accepted and shown back with a comma.
    client = client_as(ward_a)
    url_a = _url("kpi_criteria_score", cw, 3, unit_id=world.ward_a.pk)
    client.post(url_a, {first: "9,5", second: "17", "action": "finish"})
    sheet = ScoreSheet.objects.get(month=3, unit=world.ward_a)
    assert sheet.state == SheetState.SELF_SCORED
    assert sheet.scores.get(criterion=cw.first).self_points == Decimal("9.5")
    assert 'value="9,5"' in client.get(url_a).content.decode()
    # The chair does not see an unpublished month.
    assert client_as(chair).get(_url("kpi_criteria_results", cw, 3)).status_code == 403
    # The secretariat starts from the unit's own scores and corrects one.
    client = client_as(secretariat)
    form = client.get(url_a).content.decode()
    assert 'value="9,5"' in form
    client.post(url_a, {first: "9", second: "17", "comment": "Trừ 0,5 điểm", "action": "finish"})
    # Publishing waits until every ward is reviewed.
    response = client.post(_url("kpi_criteria_publish", cw, 3), follow=True)
    assert "chưa được thẩm định" in response.content.decode()
    assert "Phường Bình Minh" in response.content.decode()
    url_b = _url("kpi_criteria_score", cw, 3, unit_id=world.ward_b.pk)
    client.post(url_b, {first: "9", second: "17", "action": "finish"})
    response = client.post(_url("kpi_criteria_publish", cw, 3), follow=True)
    assert "Đã công khai kết quả" in response.content.decode()
    assert set(ScoreSheet.objects.filter(month=3).values_list("state", flat=True)) == {
        SheetState.PUBLISHED
    }
    # Everyone in the committee now sees the ranking: a tie at 26, shared rank 1.
    html = client_as(chair).get(_url("kpi_criteria_results", cw, 3)).content.decode()
    assert html.count('<td class="text-center" data-label="Hạng">1</td>') == 2
    assert "26" in html
    # Published scores cannot be changed any more.
    client_as(secretariat).post(url_a, {first: "10", second: "20", "action": "finish"})
    assert ScoreSheet.objects.get(month=3, unit=world.ward_a).scores.get(
        criterion=cw.first
    ).points == Decimal(9)


def test_the_sheet_page_shows_every_state_change_with_who_and_when(
    world, criteria_world, ward_a, secretariat, client_as
):
    cw = criteria_world
    url = _url("kpi_criteria_score", cw, 4, unit_id=world.ward_a.pk)
    data = {f"c{cw.first.pk}": "8", f"c{cw.second.pk}": "16", "action": "finish"}
    client_as(ward_a).post(url, data)
    client_as(secretariat).post(url, data)
    html = client_as(secretariat).get(url).content.decode()
    assert "Đang chấm → Đơn vị đã tự chấm" in html
    assert "Đơn vị đã tự chấm → Đã thẩm định" in html
    assert "ward1" in html and "secretariat" in html


def test_a_ward_cannot_change_a_reviewed_sheet(world, criteria_world, ward_a, client_as):
    url = _url("kpi_criteria_score", criteria_world, 2, unit_id=world.ward_a.pk)
    response = client_as(ward_a).post(url, {f"c{criteria_world.first.pk}": "10"})
    assert response.status_code == 403


def test_results_page_queries_do_not_grow_with_the_number_of_wards(
    world, criteria_world, secretariat, client_as
):
    client = client_as(secretariat)
    url = _url("kpi_criteria_results", criteria_world, 1)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for i in range(28):
        unit = OrgUnitFactory(parent=world.district, name=f"Phường Thử {i}")
        sheet = ScoreSheet.objects.create(
            criteria_set=criteria_world.set, unit=unit, year=2099, month=1
        )
        CriterionScore.objects.create(sheet=sheet, criterion=criteria_world.first, points=i % 10)
    large = count()
    assert small == large


def test_scores_are_shown_the_vietnamese_way():
    assert vn_decimal(Decimal("95.50")) == "95,5"
    assert vn_decimal(Decimal("1234.25")) == "1.234,25"
    assert vn_decimal(Decimal("1234.25"), grouping=False) == "1234,25"
    assert vn_decimal(Decimal("100.00")) == "100"
    assert vn_decimal(None) == ""


def test_sheet_page_queries_do_not_grow_with_its_history(
    world, criteria_world, secretariat, client_as
):
    client = client_as(secretariat)
    sheet = criteria_world.sheets[("T-Q-A", 2)]
    url = _url("kpi_criteria_score", criteria_world, 2, unit_id=world.ward_a.pk)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for state in [SheetState.DRAFT, SheetState.SELF_SCORED, SheetState.REVIEWED] * 5:
        sheet.state = state
        sheet.save()
    assert count() == small
