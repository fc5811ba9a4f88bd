import pytest

from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory


@pytest.fixture
def meeting(world):
    return MeetingFactory(committee=world.committee)


@pytest.fixture
def directive(world, meeting):
    """Led by ward A, supported by the division, due 30/11/2019."""
    conclusion = ConclusionFactory(meeting=meeting)
    directive = DirectiveFactory(conclusion=conclusion, lead_unit=world.ward_a)
    directive.supporting_units.add(world.division)
    return directive


@pytest.fixture
def other_directive(world):
    """A directive of another committee, led by ward B."""
    meeting = MeetingFactory(committee=world.other_committee)
    return DirectiveFactory(conclusion=ConclusionFactory(meeting=meeting), lead_unit=world.ward_b)
