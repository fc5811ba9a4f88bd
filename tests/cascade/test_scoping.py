"""Who sees what in the cascade: a ward's people see their committee's work and what was given
to their ward, nothing of another ward; the city sees every ward's task."""

from meetings.cascade_selectors import (
    directives_from_above,
    receiving_committees,
    ward_committees_for_user,
)
from meetings.models import Directive
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory


def test_a_ward_committee_receives_only_the_task_given_to_its_ward(city_world):
    tasks = directives_from_above(committee=city_world.bo_de.committee)
    assert list(tasks) == [city_world.task_bo_de]


def test_a_task_given_to_an_office_inside_the_ward_is_a_task_from_above_too(city_world):
    office_task = DirectiveFactory(
        conclusion=city_world.conclusion, lead_unit=city_world.bo_de.office
    )
    tasks = set(directives_from_above(committee=city_world.bo_de.committee))
    assert tasks == {city_world.task_bo_de, office_task}


def test_the_ward_committees_own_directives_are_not_from_above(city_world):
    own = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=city_world.ward_meeting),
        lead_unit=city_world.bo_de.office,
    )
    assert own not in directives_from_above(committee=city_world.bo_de.committee)
    assert receiving_committees(directive=own) == []


def test_the_city_committee_receives_nothing_from_above(city_world):
    assert list(directives_from_above(committee=city_world.committee)) == []


def test_the_ward_secretariat_sees_its_wards_task_and_not_another_wards(
    city_world, ward_secretariat
):
    visible = set(Directive.objects.visible_to(ward_secretariat))
    assert city_world.task_bo_de in visible
    assert city_world.task_long_bien not in visible
    assert city_world.task_phuc_loi not in visible


def test_the_other_ward_sees_its_own_task_only(city_world, other_ward_secretariat):
    visible = set(Directive.objects.visible_to(other_ward_secretariat))
    assert visible == {city_world.task_long_bien}


def test_a_ward_office_officer_sees_what_its_unit_leads_not_the_wards_whole_inbox(
    city_world, ward_office
):
    for_office = DirectiveFactory(
        conclusion=city_world.conclusion, lead_unit=city_world.bo_de.economy
    )
    for_other_ward_office = DirectiveFactory(
        conclusion=city_world.conclusion, lead_unit=city_world.long_bien.economy
    )
    visible = set(Directive.objects.visible_to(ward_office))
    assert for_office in visible
    assert city_world.task_bo_de not in visible
    assert for_other_ward_office not in visible


def test_the_city_secretariat_sees_every_wards_task(city_world, city_secretariat):
    visible = set(Directive.objects.visible_to(city_secretariat))
    assert {city_world.task_bo_de, city_world.task_long_bien, city_world.task_phuc_loi} <= visible


def test_a_ward_does_not_see_the_citys_other_directives(city_world, ward_secretariat):
    city_only = DirectiveFactory(conclusion=city_world.conclusion, lead_unit=city_world.science)
    assert city_only not in Directive.objects.visible_to(ward_secretariat)


def test_a_district_committee_keeps_its_old_scope(world, city_world, secretariat):
    """Committees above the wards are unchanged: the district's secretariat sees its own
    register only, not the city's tasks."""
    other = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=MeetingFactory(committee=world.other_committee)),
        lead_unit=world.ward_a,
    )
    visible = set(Directive.objects.visible_to(secretariat))
    assert other not in visible
    assert city_world.task_bo_de not in visible


def test_the_ward_committees_of_a_user_are_its_base_level_committees(
    city_world, ward_secretariat, city_secretariat
):
    assert ward_committees_for_user(user=ward_secretariat) == [city_world.bo_de.committee]
    assert ward_committees_for_user(user=city_secretariat) == []
