"""The unit picker of a meeting (paste preview, directive form) offers the units of the
committee's area valid on the meeting date: after the 2025 reform (districts dissolved on
1/7/2025) the new wards and their offices, before it the old ones (issue 12 item 1)."""

import datetime

import pytest
from django.urls import reverse

from meetings.selectors import meeting_scope_units
from steering.models import OrgKind, OrgSuccession, OrgUnit
from tests.factories import OrgUnitFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=7))
ENDED = datetime.date(2025, 6, 30)
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def reform(world):
    """Quận Mẫu and everything under it end on 30/6/2025; its two wards merge into a new ward
    directly under the city, which has its own office."""
    OrgUnit.objects.filter(
        pk__in=[
            u.pk
            for u in (
                world.district,
                world.ubnd,
                world.vhtt,
                world.division,
                world.ward_a,
                world.ward_b,
            )
        ]
    ).update(valid_to=ENDED)
    new_ward = OrgUnitFactory(
        code="T-MOI",
        kind=OrgKind.WARD,
        name="Phường Mẫu Mới",
        parent=world.city,
        valid_from=REFORM,
    )
    office = OrgUnitFactory(
        code="T-MOI-VP",
        kind=OrgKind.OFFICE,
        name="Văn phòng HĐND và UBND phường Mẫu Mới",
        parent=new_ward,
        valid_from=REFORM,
    )
    for old in (world.ward_a, world.ward_b):
        OrgSuccession.objects.create(
            predecessor=old,
            successor=new_ward,
            effective_date=REFORM,
            legal_basis="Nghị quyết 1656/NQ-UBTVQH15",
        )
    return new_ward, office


def meeting_on(world, day: datetime.date):
    return MeetingFactory(
        committee=world.committee, starts_at=datetime.datetime(*day.timetuple()[:3], 8, tzinfo=TZ)
    )


def names(units) -> set[str]:
    return {unit.name for unit in units}


def test_a_2026_meeting_offers_the_new_ward_and_its_office_not_the_old_wards(world, reform):
    offered = names(meeting_scope_units(meeting=meeting_on(world, datetime.date(2026, 3, 10))))
    assert {"Phường Mẫu Mới", "Văn phòng HĐND và UBND phường Mẫu Mới"} <= offered
    assert not offered & {"Phường An Bình", "Phường Bình Minh", "Phòng Nội vụ quận Mẫu"}


def test_a_2019_meeting_offers_the_old_wards_and_offices_not_the_new_ward(world, reform):
    offered = names(meeting_scope_units(meeting=meeting_on(world, datetime.date(2019, 10, 17))))
    assert {"Phường An Bình", "Phường Bình Minh", "Phòng Nội vụ quận Mẫu"} <= offered
    assert not offered & {"Phường Mẫu Mới", "Văn phòng HĐND và UBND phường Mẫu Mới"}


def test_the_paste_preview_of_a_2026_meeting_matches_and_offers_the_new_ward(
    world, reform, client_as, secretariat
):
    meeting = meeting_on(world, datetime.date(2026, 3, 10))
    response = client_as(secretariat).post(
        reverse("conclusions_paste", args=[meeting.pk]),
        {"text": "Giao UBND phường Mẫu Mới rà soát hồ sơ.", "action": "parse"},
    )
    (row,) = [f for f in response.context["items"] if f.initial.get("kind") == "directive"]
    assert row.initial["lead_unit"] == reform[0].pk
    offered = {label for _value, label in row.fields["lead_unit"].choices}
    assert "Phường Mẫu Mới" in offered and "Phường An Bình" not in offered


def test_the_directive_form_of_a_2019_meeting_offers_the_old_wards(
    world, reform, client_as, secretariat
):
    meeting = meeting_on(world, datetime.date(2019, 10, 17))
    directive = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=meeting),
        committee=world.committee,
        lead_unit=world.ward_a,
    )
    response = client_as(secretariat).get(reverse("directive_update", args=[directive.pk]))
    offered = {label for _value, label in response.context["form"].fields["lead_unit"].choices}
    assert "Phường An Bình" in offered and "Phường Mẫu Mới" not in offered
