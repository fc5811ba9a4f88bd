import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from steering.models import (
    AccessRole,
    CommitteeRole,
    DocumentProfile,
    OrgKind,
    OrgUnit,
    SteeringCommittee,
)

pytestmark = pytest.mark.django_db


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_demo_has_long_bien_with_its_fourteen_wards(demo):
    long_bien = OrgUnit.objects.get(code="HN-LB")
    wards = long_bien.children.filter(kind=OrgKind.WARD)
    assert wards.count() == 14
    assert set(wards.values_list("short_name", flat=True)) >= {"Bồ Đề", "Việt Hưng", "Thạch Bàn"}


def test_demo_has_bac_tu_liem_with_its_thirteen_wards(demo):
    assert OrgUnit.objects.get(code="HN-BTL").children.filter(kind=OrgKind.WARD).count() == 13


def test_demo_districts_end_with_the_2025_reform_and_wards_have_successors(demo):
    long_bien = OrgUnit.objects.get(code="HN-LB")
    assert str(long_bien.valid_to) == "2025-06-30"
    thach_ban = OrgUnit.objects.get(code="HN-LB-THACHBAN")
    successors = set(thach_ban.successions_out.values_list("successor__name", flat=True))
    assert successors == {"Phường Long Biên", "Phường Phúc Lợi"}


def test_demo_long_bien_committee_is_chaired_by_the_party_secretary(demo):
    committee = SteeringCommittee.objects.get(code="lb-bcd-cntt")
    assert committee.document_profile == DocumentProfile.PARTY
    chair = committee.memberships.get(role="chair")
    assert chair.person.full_name == "Đỗ Mạnh Hải"
    assert committee.standing_agency.short_name == "Phòng Văn hóa và Thông tin"


def test_demo_bac_tu_liem_committee_has_its_standing_agency(demo):
    committee = SteeringCommittee.objects.get(code="btl-bcd-cqdt")
    assert committee.memberships.get(role="chair").person.full_name == "Lưu Ngọc Hà"
    assert committee.standing_agency.name == "Phòng Văn hóa và Thông tin quận Bắc Từ Liêm"
    assert committee.document_profile == DocumentProfile.STATE


def test_demo_has_the_hanoi_city_committee_of_2015_and_its_predecessor(demo):
    committee = SteeringCommittee.objects.get(code="hn-bcd-cntt-2015")
    assert committee.memberships.get(role="chair").person.full_name == "Nguyễn Thị Bích Ngọc"
    assert committee.predecessor.code == "hn-bcd-ctcntt"


@pytest.mark.parametrize(
    ("username", "role", "unit_code"),
    [
        ("secretariat", AccessRole.SECRETARIAT, "HN-LB-VHTT"),
        ("chair", AccessRole.CHAIR, "HN-LB-QU"),
        ("member", AccessRole.MEMBER, "HN-LB-TCKH"),
        ("ward1", AccessRole.UNIT_OFFICER, "HN-LB-BODE"),
        ("ward2", AccessRole.UNIT_OFFICER, "HN-LB-NGOCLAM"),
        ("division", AccessRole.UNIT_OFFICER, "HN-LB-NV"),
    ],
)
def test_demo_account_has_its_unit_and_role(demo, username, role, unit_code):
    user = get_user_model().objects.get(username=username)
    assert user.check_password("demo12345")
    assert user.profile.org_unit.code == unit_code
    assert CommitteeRole.objects.filter(user=user, committee__code="lb-bcd-cntt", role=role)


def test_demo_admin_is_a_superuser(demo):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password("demo12345")


def test_demo_ward_officers_work_for_different_wards(demo):
    users = get_user_model().objects.filter(username__in=["ward1", "ward2"])
    units = {u.profile.org_unit_id for u in users}
    assert len(units) == 2


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _row_counts()
    call_command("load_demo", verbosity=0)
    assert _row_counts() == before


# --- After the 2025 reform (sources: docs/domain/reform-2025.md) ---------------------------

NEW_WARDS = ("HN-P-BODE", "HN-P-LONGBIEN", "HN-P-VIETHUNG", "HN-P-PHUCLOI")


def test_demo_has_the_city_nq57_committee_of_thanh_uy_chaired_by_its_secretary(demo):
    committee = SteeringCommittee.objects.get(code="hn-bcd-57")
    assert committee.owner_unit.code == "HN-TU"
    assert committee.document_profile == DocumentProfile.PARTY
    assert committee.memberships.get(role="chair").person.full_name == "Nguyễn Duy Ngọc"
    government = SteeringCommittee.objects.get(code="hn-bcd-khcn-cchc-06")
    assert "3903/QĐ-UBND" in government.founding_document
    assert str(government.valid_from) == "2025-07-23"


def test_demo_ward_committees_are_owned_by_the_ward_party_committee_and_chaired_by_its_secretary(
    demo,
):
    chairs = {
        "HN-P-LONGBIEN": "Nguyễn Mạnh Hà",
        "HN-P-VIETHUNG": "Đường Hoài Nam",
        "HN-P-PHUCLOI": "Nguyễn Thế Thạch",
        "HN-P-BODE": "Nguyễn Quang Vinh",  # illustrative: not found in the sources
    }
    for ward_code, chair in chairs.items():
        committee = SteeringCommittee.objects.get(code="bcd57-" + ward_code[5:].lower())
        assert committee.owner_unit.kind == OrgKind.PARTY_COMMITTEE
        assert committee.owner_unit.parent.code == ward_code
        assert committee.owner_unit.abbreviation == "ĐU"
        assert committee.document_profile == DocumentProfile.PARTY
        membership = committee.memberships.get(role="chair")
        assert membership.person.full_name == chair
        assert "Bí thư Đảng ủy" in membership.position_in_agency


def test_demo_new_wards_have_their_offices_from_the_reform(demo):
    for ward_code in NEW_WARDS:
        ward = OrgUnit.objects.get(code=ward_code)
        assert ward.parent.code == "HN" and str(ward.valid_from) == "2025-07-01"
        units = OrgUnit.objects.filter(code__startswith=f"{ward_code}-")
        names = {u.short_name for u in units}
        assert {
            "Văn phòng HĐND và UBND",
            "Phòng Kinh tế, Hạ tầng và Đô thị",
            "Phòng Văn hóa - Xã hội",
            "Trung tâm Phục vụ hành chính công",
            "Công an phường",
        } <= names
        assert all(str(u.valid_from) == "2025-07-01" and u.valid_to is None for u in units)


def test_demo_bo_de_succeeds_eight_old_wards_as_published(demo):
    notes = dict(
        OrgUnit.objects.get(code="HN-P-BODE").successions_in.values_list(
            "predecessor__code", "note"
        )
    )
    assert set(notes) == {
        "HN-LB-NGOCLAM",
        "HN-LB-BODE",
        "HN-LB-NGOCTHUY",
        "HN-LB-GIATHUY",
        "HN-LB-DUCGIANG",
        "HN-LB-THUONGTHANH",
        "HN-LB-LONGBIEN",
        "HN-LB-PHUCDONG",
    }
    assert notes["HN-LB-NGOCLAM"] == "toàn bộ diện tích và dân số"
    # An old ward split between new ones: Phúc Đồng went to three of them.
    phuc_dong = OrgUnit.objects.get(code="HN-LB-PHUCDONG")
    assert set(phuc_dong.successions_out.values_list("successor__code", flat=True)) == {
        "HN-P-BODE",
        "HN-P-LONGBIEN",
        "HN-P-PHUCLOI",
    }


def test_demo_new_era_accounts_have_their_units_and_roles(demo):
    expected = {
        "city_secretariat": ("HN-SKHCN", {("hn-bcd-57", AccessRole.SECRETARIAT)}),
        "city_chair": ("HN-TU", {("hn-bcd-57", AccessRole.CHAIR)}),
        "ward_secretariat": (
            "HN-P-BODE",
            {("bcd57-bode", AccessRole.SECRETARIAT), ("hn-bcd-57", AccessRole.UNIT_OFFICER)},
        ),
        "ward_office": ("HN-P-BODE-TTHCC", {("bcd57-bode", AccessRole.UNIT_OFFICER)}),
    }
    for username, (unit_code, grants) in expected.items():
        user = get_user_model().objects.get(username=username)
        assert user.check_password("demo12345")
        assert user.profile.org_unit.code == unit_code
        held = set(CommitteeRole.objects.filter(user=user).values_list("committee__code", "role"))
        assert held == grants, username
