"""xlsx import/export of org units and members: the export is the import format."""

import pytest
import tablib
from django.urls import reverse

from steering.models import Membership, OrgUnit, Person
from steering.resources import MembershipResource, OrgUnitResource
from tests.factories import MembershipFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def _xlsx_roundtrip(dataset: tablib.Dataset) -> tablib.Dataset:
    return tablib.Dataset().load(dataset.export("xlsx"), format="xlsx")


def test_org_units_export_parents_before_children(world):
    rows = OrgUnitResource().export().dict
    codes = [row["code"] for row in rows]
    for row in rows:
        if row["parent_code"]:
            assert codes.index(row["parent_code"]) < codes.index(row["code"])


def test_exported_org_units_import_back_unchanged(world):
    dataset = _xlsx_roundtrip(OrgUnitResource().export())
    result = OrgUnitResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert {r.import_type for r in result.rows} == {"skip"}


def test_new_org_units_import_with_their_parent_by_code(world):
    dataset = tablib.Dataset(
        headers=["code", "kind", "name", "short_name", "parent_code", "valid_from"]
    )
    dataset.append(["T-Q-C", "ward", "Phường Cầu Mới", "Cầu Mới", "T-Q", "01/07/2025"])
    result = OrgUnitResource().import_data(_xlsx_roundtrip(dataset), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    unit = OrgUnit.objects.get(code="T-Q-C")
    assert unit.parent == world.district
    assert str(unit.valid_from) == "2025-07-01"


def test_an_invalid_row_is_reported_and_nothing_is_written(world):
    dataset = tablib.Dataset(headers=["code", "kind", "name", "parent_code"])
    dataset.append(["T-Q-OK", "ward", "Phường Hợp Lệ", "T-Q"])
    dataset.append(["T-Q-BAD", "không-có-loại-này", "Phường Sai", "T-Q"])
    before = OrgUnit.objects.count()
    result = OrgUnitResource().import_data(dataset, dry_run=False, use_transactions=True)
    assert result.has_validation_errors()
    invalid = result.invalid_rows[0]
    assert invalid.number == 2
    assert "kind" in invalid.error_dict
    assert "không phải là lựa chọn hợp lệ" in " ".join(invalid.error_dict["kind"])
    assert OrgUnit.objects.count() == before


def test_members_export_and_import_back_unchanged(world):
    MembershipFactory(committee=world.committee, person__org_unit=world.vhtt)
    dataset = _xlsx_roundtrip(MembershipResource().export())
    result = MembershipResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert {r.import_type for r in result.rows} == {"skip"}


def test_member_import_creates_the_person_in_their_agency(world):
    dataset = tablib.Dataset(
        headers=[
            "committee_code",
            "person_name",
            "person_unit_code",
            "role",
            "position_in_agency",
            "start_date",
            "end_date",
        ]
    )
    dataset.append(
        ["bcd-mau", "Lê  Thị   Hạnh", "T-Q-VHTT", "member", "Trưởng phòng", "01/01/2024", ""]
    )
    result = MembershipResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    person = Person.objects.get(full_name="Lê Thị Hạnh")
    assert person.org_unit == world.vhtt
    assert Membership.objects.get(person=person).committee == world.committee


def test_member_import_with_an_unknown_unit_explains_the_error(world):
    dataset = tablib.Dataset(
        headers=["committee_code", "person_name", "person_unit_code", "role", "start_date"]
    )
    dataset.append(["bcd-mau", "Lê Thị Hạnh", "KHONG-CO", "member", "01/01/2024"])
    result = MembershipResource().import_data(dataset, dry_run=False)
    assert result.has_errors() or result.has_validation_errors()
    assert not Person.objects.filter(full_name="Lê Thị Hạnh").exists()


@pytest.mark.parametrize(
    "model",
    [
        "orgunit",
        "orgsuccession",
        "steeringcommittee",
        "person",
        "membership",
        "committeerole",
        "profile",
    ],
)
def test_admin_pages_of_each_model_open(model, world, admin_user, client_as):
    client = client_as(admin_user)
    assert client.get(reverse(f"admin:steering_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:steering_{model}_add")).status_code == 200


@pytest.mark.parametrize("model", ["orgunit", "membership"])
def test_admin_offers_import_and_export(model, world, admin_user, client_as):
    client = client_as(admin_user)
    assert client.get(reverse(f"admin:steering_{model}_import")).status_code == 200
    assert client.get(reverse(f"admin:steering_{model}_export")).status_code == 200


def test_admin_history_page_shows_changes(world, admin_user, client_as):
    unit = OrgUnitFactory(name="Phường Trước")
    unit.name = "Phường Sau"
    unit.save()
    page = client_as(admin_user).get(reverse("admin:steering_orgunit_history", args=[unit.pk]))
    assert page.status_code == 200
    assert "Phường Sau" in page.content.decode()


def test_admin_user_page_opens_with_profile_and_roles(world, admin_user, secretariat, client_as):
    page = client_as(admin_user).get(reverse("admin:auth_user_change", args=[secretariat.pk]))
    assert page.status_code == 200


def test_admin_import_previews_then_applies_exactly_the_previewed_file(
    world, admin_user, client_as
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dataset = tablib.Dataset(headers=["code", "kind", "name", "parent_code"])
    dataset.append(["T-Q-D", "ward", "Phường Đồng Xanh", "T-Q"])
    upload = SimpleUploadedFile(
        "don_vi.xlsx",
        dataset.export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    client = client_as(admin_user)
    preview = client.post(
        reverse("admin:steering_orgunit_import"), {"import_file": upload, "format": "0"}
    )
    assert preview.status_code == 200
    assert "Phường Đồng Xanh" in preview.content.decode()
    assert not OrgUnit.objects.filter(code="T-Q-D").exists()  # the preview writes nothing

    confirm = preview.context["confirm_form"].initial
    done = client.post(reverse("admin:steering_orgunit_process_import"), confirm)
    assert done.status_code == 302
    assert OrgUnit.objects.get(code="T-Q-D").parent == world.district
