import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from steering.models import Membership, OrgSuccession, OrgUnit
from tests.factories import (
    MembershipFactory,
    OrgSuccessionFactory,
    OrgUnitFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_org_unit_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnitFactory(valid_from=D(2025, 7, 1), valid_to=D(2025, 6, 30))


def test_org_unit_validation_explains_a_bad_validity_range_in_vietnamese():
    unit = OrgUnitFactory.build(valid_from=D(2025, 7, 1), valid_to=D(2025, 6, 30))
    with pytest.raises(ValidationError) as excinfo:
        unit.full_clean()
    assert "Ngày hết hiệu lực phải sau ngày có hiệu lực." in str(excinfo.value)


def test_org_unit_cannot_be_its_own_parent():
    unit = OrgUnitFactory()
    unit.parent_id = unit.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        unit.save()


def test_org_unit_names_are_stored_in_nfc():
    unit = OrgUnitFactory(name=unicodedata.normalize("NFD", "Phường Bồ Đề"))
    unit.refresh_from_db()
    assert unit.name == unicodedata.normalize("NFC", "Phường Bồ Đề")
    assert unit.name != unicodedata.normalize("NFD", "Phường Bồ Đề")


def test_org_unit_search_ignores_case_and_diacritics():
    OrgUnitFactory(name="Phường Thượng Thanh")
    OrgUnitFactory(name="Phường Đức Giang")
    assert list(OrgUnit.objects.search("thuong thanh").values_list("name", flat=True)) == [
        "Phường Thượng Thanh"
    ]
    assert OrgUnit.objects.search("DUC GIANG").count() == 1


def test_active_on_keeps_units_valid_on_that_day():
    old = OrgUnitFactory(valid_to=D(2025, 6, 30))
    new = OrgUnitFactory(valid_from=D(2025, 7, 1))
    forever = OrgUnitFactory()
    assert set(OrgUnit.objects.active_on(D(2025, 6, 30))) == {old, forever}
    assert set(OrgUnit.objects.active_on(D(2025, 7, 1))) == {new, forever}


def test_succession_links_two_distinct_units_once():
    succession = OrgSuccessionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgSuccession.objects.create(
            predecessor=succession.predecessor,
            successor=succession.successor,
            effective_date=D(2025, 7, 1),
            legal_basis="x",
        )
    unit = OrgUnitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgSuccession.objects.create(
            predecessor=unit, successor=unit, effective_date=D(2025, 7, 1), legal_basis="x"
        )


def test_an_old_ward_can_pass_to_several_new_wards():
    old = OrgUnitFactory()
    OrgSuccessionFactory(predecessor=old)
    OrgSuccessionFactory(predecessor=old)
    assert old.successions_out.count() == 2


def test_membership_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(start_date=D(2020, 1, 1), end_date=D(2019, 1, 1))


def test_roster_order_puts_the_chair_first_and_the_secretary_last():
    secretary = MembershipFactory(role="secretary")
    committee = secretary.committee
    member = MembershipFactory(committee=committee, role="member")
    chair = MembershipFactory(committee=committee, role="chair")
    vice = MembershipFactory(committee=committee, role="vice_chair")
    assert list(Membership.objects.filter(committee=committee).in_roster_order()) == [
        chair,
        vice,
        member,
        secretary,
    ]


def test_changes_to_org_units_are_kept_in_history():
    unit = OrgUnitFactory(name="Phường Cũ")
    unit.name = "Phường Mới"
    unit.save()
    assert [h.name for h in unit.history.order_by("history_date")] == ["Phường Cũ", "Phường Mới"]
