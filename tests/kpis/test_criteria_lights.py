"""Traffic-light criteria sets: the colour rule, marking with evidence, review, the city grid and
the marks behind its counts."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis import lights_services
from kpis.models import (
    Criterion,
    CriterionEvidence,
    CriterionGroup,
    CriterionScore,
    Light,
    RuleKind,
    ScoreSheet,
    SheetState,
)
from tests.factories import OrgUnitFactory


def _url(name, lw, month, **extra):
    return reverse(name, kwargs={"pk": lw.set.pk, "year": 2099, "month": month, **extra})


def _criterion(rule, green=None, yellow=None):
    return Criterion(rule=rule, green_threshold=green, yellow_threshold=yellow, code="x")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100, Light.GREEN), (Decimal("99.99"), Light.YELLOW), (90, Light.YELLOW), (89, Light.RED)],
)
def test_a_percentage_is_green_only_from_the_green_threshold(value, expected):
    assert _criterion(RuleKind.PERCENT, 100, 90).light_for(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(0, Light.GREEN), (1, Light.YELLOW), (5, Light.YELLOW), (6, Light.RED)]
)
def test_a_lower_is_better_count_is_green_only_up_to_the_green_threshold(value, expected):
    assert _criterion(RuleKind.AT_MOST, 0, 5).light_for(Decimal(value)) == expected


def test_a_yes_is_green_and_a_no_is_red():
    criterion = _criterion(RuleKind.YES_NO)
    assert criterion.light_for(Decimal(1)) == Light.GREEN
    assert criterion.light_for(Decimal(0)) == Light.RED
    assert criterion.light_for(None) == ""


def test_the_database_refuses_a_green_threshold_below_the_yellow_one(lights_world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(
            criteria_set=lights_world.set,
            code="9",
            name="Sai ngưỡng",
            rule=RuleKind.AT_LEAST,
            green_threshold=10,
            yellow_threshold=20,
        )


def test_the_database_refuses_a_colour_without_a_value(lights_world):
    mark = CriterionScore.objects.filter(value__isnull=False).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionScore.objects.filter(pk=mark.pk).update(value=None)


def test_saved_marks_carry_the_colour_of_their_rule(lights_world):
    marks = {
        m.criterion.code: m.light
        for m in CriterionScore.objects.filter(sheet=lights_world.sheets[("B", 1)])
    }
    assert marks == {"1": Light.YELLOW, "2": Light.RED, "3": Light.RED}


def test_a_ward_marks_its_criteria_and_the_colour_is_computed_not_typed(
    world, lights_world, ward_b, client_as
):
    lw = lights_world
    response = client_as(ward_b).post(
        _url("kpi_criteria_score", lw, 3, unit_id=world.ward_b.pk),
        {
            f"v{lw.computers.pk}": "89,5",
            f"v{lw.network.pk}": "1",
            f"v{lw.late.pk}": "0",
            f"light{lw.computers.pk}": "green",  # a typed colour is ignored
            "action": "save",
        },
    )
    assert response.status_code == 302
    lights = {
        m.criterion_id: m.light
        for m in CriterionScore.objects.filter(sheet__month=3, sheet__unit=world.ward_b)
    }
    assert lights == {lw.computers.pk: Light.RED, lw.network.pk: Light.GREEN, lw.late.pk: "green"}


def test_a_percentage_above_100_is_refused_in_vietnamese_and_nothing_is_written(
    world, lights_world, ward_b, client_as
):
    lw = lights_world
    response = client_as(ward_b).post(
        _url("kpi_criteria_score", lw, 3, unit_id=world.ward_b.pk),
        {f"v{lw.computers.pk}": "120", f"v{lw.late.pk}": "2", "action": "save"},
    )
    assert response.status_code == 200
    assert "Tiêu chí 1: tỷ lệ phải từ 0 đến 100." in response.content.decode()
    assert not ScoreSheet.objects.filter(month=3).exists()


def test_evidence_that_is_not_what_its_name_says_refuses_the_whole_save(
    world, lights_world, ward_b, client_as
):
    lw = lights_world
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client_as(ward_b).post(
        _url("kpi_criteria_score", lw, 3, unit_id=world.ward_b.pk),
        {f"v{lw.computers.pk}": "100", f"f{lw.computers.pk}": fake, "action": "save"},
    )
    assert response.status_code == 200
    assert "bien-ban.pdf" in response.content.decode()
    assert not CriterionScore.objects.filter(sheet__month=3).exists()
    assert CriterionEvidence.objects.count() == 1


def test_submitting_needs_every_criterion(world, lights_world):
    lw = lights_world
    with pytest.raises(ValidationError, match="còn thiếu 2, 3"):
        lights_services.criteria_marks_save(
            user=lw.officer,
            criteria_set=lw.set,
            unit=world.ward_b,
            year=2099,
            month=4,
            criteria=lw.criteria,
            values={lw.computers.pk: Decimal(100)},
            submit=True,
        )


def test_the_secretariat_returns_a_sheet_with_a_reason_and_the_ward_can_edit_again(
    world, lights_world, secretariat, ward_a, client_as
):
    lw = lights_world
    url = _url("kpi_criteria_review", lw, 2, unit_id=world.ward_a.pk)
    client = client_as(secretariat)
    client.post(url, {"decision": "return", "comment": ""})
    assert ScoreSheet.objects.get(pk=lw.sheets[("A", 2)].pk).state == SheetState.SELF_SCORED
    client.post(url, {"decision": "return", "comment": "Thiếu minh chứng tiêu chí 1"})
    assert ScoreSheet.objects.get(pk=lw.sheets[("A", 2)].pk).state == SheetState.RETURNED
    page = client_as(ward_a).get(_url("kpi_criteria_score", lw, 2, unit_id=world.ward_a.pk))
    html = page.content.decode()
    assert "Thiếu minh chứng tiêu chí 1" in html
    assert 'value="submit"' in html


def test_accepting_a_sheet_makes_its_colours_count_in_the_grid(
    world, lights_world, secretariat, client_as
):
    lw = lights_world
    client = client_as(secretariat)
    before = client.get(_url("kpi_criteria_results", lw, 2)).context["grid"].totals
    assert (before[Light.RED], before["pending"]) == (0, 3)
    client.post(_url("kpi_criteria_review", lw, 2, unit_id=world.ward_a.pk), {"decision": "accept"})
    after = client.get(_url("kpi_criteria_results", lw, 2)).context["grid"].totals
    assert (after[Light.GREEN], after[Light.RED], after["pending"]) == (2, 1, 0)
    assert after["unmarked"] == 3  # ward B has marked nothing


def test_a_ward_cannot_review_its_own_sheet(world, lights_world, ward_a, client_as):
    url = _url("kpi_criteria_review", lights_world, 2, unit_id=world.ward_a.pk)
    assert client_as(ward_a).post(url, {"decision": "accept"}).status_code == 403


def test_the_grid_counts_equal_the_rows_behind_their_links(lights_world, secretariat, client_as):
    client = client_as(secretariat)
    for month in (1, 2):
        response = client.get(_url("kpi_criteria_results", lights_world, month))
        totals = response.context["totals"]
        assert sum(t["count"] for t in totals) > 0
        for total in totals:
            listed = client.get(total["url"])
            assert listed.context["page"].paginator.count == total["count"], total
        for row in response.context["grid"].rows:
            for light, count in row.counts.items():
                url = _url("kpi_criteria_cells", lights_world, month)
                listed = client.get(url, {"light": light, "unit": row.unit.pk})
                assert listed.context["page"].paginator.count == count


def test_the_january_grid_shows_each_wards_colours(lights_world, secretariat, client_as):
    response = client_as(secretariat).get(_url("kpi_criteria_results", lights_world, 1))
    html = response.content.decode()
    row_a = re.search(r'data-testid="row-T-Q-A">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'class="kpi-light-(\w+)"', row_a) == ["green", "green", "yellow"]
    totals = response.context["grid"].totals
    assert (totals[Light.GREEN], totals[Light.YELLOW], totals[Light.RED]) == (2, 2, 2)


def _grid_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_grid_costs_the_same_queries_for_more_wards_and_criteria(
    world, lights_world, secretariat, client_as
):
    lw = lights_world
    client = client_as(secretariat)
    url = _url("kpi_criteria_results", lw, 1)
    small = _grid_queries(client, url)
    group = CriterionGroup.objects.create(criteria_set=lw.set, ordinal=3, code="III", name="Khác")
    extra = [
        Criterion.objects.create(
            criteria_set=lw.set,
            group=group,
            ordinal=10 + i,
            code=f"X{i}",
            name=f"Tiêu chí {i}",
            rule=RuleKind.AT_LEAST,
            green_threshold=10,
            yellow_threshold=5,
        )
        for i in range(8)
    ]
    for i in range(30):
        unit = OrgUnitFactory(code=f"T-Q-W{i}", name=f"Phường Thêm {i}", parent=world.district)
        sheet = ScoreSheet.objects.create(
            criteria_set=lw.set, unit=unit, year=2099, month=1, state=SheetState.REVIEWED
        )
        CriterionScore.objects.bulk_create(
            CriterionScore(sheet=sheet, criterion=c, value=7, light=c.light_for(Decimal(7)))
            for c in extra
        )
    assert _grid_queries(client, url) == small
    assert _grid_queries(client, url + "?page=2") == small


def _more_marked_wards(world, lw, n):
    for i in range(n):
        unit = OrgUnitFactory(code=f"T-Q-M{i}", name=f"Phường Mới {i}", parent=world.district)
        sheet = ScoreSheet.objects.create(
            criteria_set=lw.set,
            unit=unit,
            year=2099,
            month=1,
            state=SheetState.PUBLISHED,
            published_at="2099-02-01T00:00Z",
        )
        CriterionScore.objects.bulk_create(
            CriterionScore(sheet=sheet, criterion=c, value=0, light=c.light_for(Decimal(0)))
            for c in lw.criteria
        )


def test_the_marks_behind_a_count_cost_the_same_queries_for_more_rows(
    world, lights_world, secretariat, client_as
):
    client = client_as(secretariat)
    url = _url("kpi_criteria_cells", lights_world, 1) + "?light=red"
    small = _grid_queries(client, url)
    _more_marked_wards(world, lights_world, 20)
    assert client.get(url).context["page"].paginator.count == 2 + 20 * 2
    assert _grid_queries(client, url) == small


def test_a_wards_sheet_costs_the_same_queries_for_more_criteria_and_evidence(
    world, lights_world, ward_a, client_as
):
    lw = lights_world
    client = client_as(ward_a)
    url = _url("kpi_criteria_score", lw, 1, unit_id=world.ward_a.pk)
    small = _grid_queries(client, url)
    sheet = lw.sheets[("A", 1)]
    for i in range(6):
        criterion = Criterion.objects.create(
            criteria_set=lw.set,
            ordinal=20 + i,
            code=f"Y{i}",
            name=f"Tiêu chí {i}",
            rule=RuleKind.YES_NO,
        )
        mark = CriterionScore.objects.create(
            sheet=sheet, criterion=criterion, value=1, light="green"
        )
        CriterionEvidence.objects.create(
            score=mark,
            file="kpis/evidence/x.pdf",
            original_name="x.pdf",
            size=1,
            content_type="application/pdf",
            uploaded_by=lw.officer,
        )
    assert _grid_queries(client, url) == small
