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
