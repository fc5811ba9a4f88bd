"""xlsx import/export of the project register: the export is the import format, all or nothing."""

from decimal import Decimal

import pytest
import tablib

from projects.models import ITProject
from projects.resources import ITProjectResource
from tests.projects.factories import status

pytestmark = pytest.mark.django_db


def _xlsx_roundtrip(dataset: tablib.Dataset) -> tablib.Dataset:
    return tablib.Dataset().load(dataset.export("xlsx"), format="xlsx")


def test_exported_projects_import_back_unchanged(project, other_project):
    project.total_investment = Decimal("1200000000")
    project.save()
    dataset = _xlsx_roundtrip(ITProjectResource().export())
    assert dataset.dict[0]["status_code"] in {"in_progress", "proposed"}
    result = ITProjectResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert {r.import_type for r in result.rows} == {"skip"}


def test_projects_import_with_units_committee_and_status_by_code(world):
    dataset = tablib.Dataset(
        headers=["code", "name", "owner_unit_code", "committee_code", "status_code", "health"]
    )
    dataset.append(["DA-NHAP", "Dự án nhập", "T-Q-VHTT", "bcd-mau", "pilot", "at_risk"])
    result = ITProjectResource().import_data(_xlsx_roundtrip(dataset), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    project = ITProject.objects.get(code="DA-NHAP")
    assert project.owner_unit == world.vhtt and project.status == status("pilot")
    assert project.search_key == "da-nhap du an nhap"


def test_an_import_with_one_bad_row_applies_nothing(world):
    dataset = tablib.Dataset(
        headers=["code", "name", "owner_unit_code", "committee_code", "status_code", "health"]
    )
    dataset.append(["DA-TOT", "Dự án tốt", "T-Q-VHTT", "bcd-mau", "pilot", "on_track"])
    dataset.append(["DA-XAU", "Dự án xấu", "KHONG-CO", "bcd-mau", "pilot", "on_track"])
    result = ITProjectResource().import_data(_xlsx_roundtrip(dataset), dry_run=False)
    assert result.has_errors() or result.has_validation_errors()
    assert not ITProject.objects.filter(code__in=["DA-TOT", "DA-XAU"]).exists()


def test_the_admin_offers_xlsx_export(client_as, admin_user, project):
    response = client_as(admin_user).get("/admin/projects/itproject/export/")
    assert response.status_code == 200
