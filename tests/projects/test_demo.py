"""Demo projects from the Long Biên meeting of 17/10/2019."""

import pytest
from django.apps import apps
from django.core.management import call_command

from projects.models import ITProject

pytestmark = pytest.mark.django_db


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _row_counts()
    call_command("load_demo", verbosity=0)
    assert _row_counts() == before


def test_demo_projects_cite_the_17_october_2019_meeting(demo):
    projects = ITProject.objects.filter(committee__code="lb-bcd-cntt")
    assert projects.count() == 5
    for project in projects:
        changes = list(project.status_changes.all())
        assert changes and all("17/10/2019" in c.decision_text for c in changes)
        assert changes[-1].to_status == project.status


def test_demo_statuses_follow_the_conclusions(demo):
    by_code = {p.code: p for p in ITProject.objects.select_related("status")}
    assert by_code["LB-CAMERA-MR"].status.code == "awaiting_approval"
    assert by_code["LB-CAMERA-MR"].health == "at_risk"
    assert by_code["LB-TBTT-QU"].status.code == "paused"
    assert by_code["LB-CSDL-HOTICH"].status.code == "paused"
    assert by_code["LB-MAYTINH-TT"].status.code == "pilot"
    assert by_code["LB-MAYTINH-TT"].pilot_units.count() == 3


def test_invented_investment_figures_are_labelled_as_samples(demo):
    for project in ITProject.objects.exclude(total_investment=None):
        assert "số liệu mẫu" in project.description
