import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from meetings.models import Directive, Meeting
from meetings.selectors import my_unit_work
from steering.permissions import user_org_unit
from steering.timeliness import Timeliness

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)


def test_demo_has_the_three_seed_meetings(demo):
    days = sorted(str(m.starts_at.date()) for m in Meeting.objects.all())
    assert days == ["2015-03-04", "2018-01-03", "2019-10-17"]


def test_demo_2019_meeting_keeps_the_seed_deadline_verbatim(demo):
    directive = Directive.objects.get(deadline_text="trong tháng 11/2019")
    assert str(directive.due_date) == "2019-11-30"
    assert directive.lead_unit.code == "HN-LB-VHTT"  # "cơ quan thường trực"


def test_demo_shows_every_timeliness_category(demo):
    shown = {d.timeliness() for d in Directive.objects.filter(committee__code="lb-bcd-cntt")}
    expected = set(Timeliness.values) - {Timeliness.CANCELLED}
    assert expected <= shown


def test_demo_ward_officer_has_work_in_the_inbox(demo):
    ward1 = get_user_model().objects.get(username="ward1")
    from django.utils import timezone

    listing = my_unit_work(unit=user_org_unit(ward1), user=ward1, as_of=timezone.localdate())
    assert listing.total >= 1
