"""Every task has a unit: new directives must have a linked lead unit; legacy text-only ones are
linked by the migration when the name matches exactly, the rest by hand on the secretariat's page
"Nhiệm vụ chưa gắn đơn vị"."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from meetings import services
from meetings.forms import DirectiveForm
from meetings.models import Directive
from steering.models import OrgUnit
from tests.factories import OrgUnitFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory

pytestmark = pytest.mark.django_db
link_units = importlib.import_module(
    "meetings.migrations.0009_directive_needs_unit_link"
).link_units


def _legacy(conclusion, text, **fields):
    """A directive saved before lead units were required (the migration's input)."""
    return DirectiveFactory(
        conclusion=conclusion, lead_unit=None, lead_unit_text=text, needs_unit_link=True, **fields
    )


def test_a_directive_without_a_lead_unit_cannot_be_saved(world, meeting):
    conclusion = ConclusionFactory(meeting=meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        Directive.objects.create(
            committee=world.committee, conclusion=conclusion, content="x", lead_unit_text="Ai đó"
        )


def test_the_service_refuses_a_draft_without_a_unit_in_vietnamese(world, meeting, secretariat):
    conclusion = ConclusionFactory(meeting=meeting)
    draft = services.DirectiveDraft(content="Rà soát hạ tầng mạng", lead_unit_text="Phòng ABC")
    with pytest.raises(ValidationError, match="chưa có đơn vị chủ trì"):
        services.directive_create(
            conclusion=conclusion, draft=draft, user=secretariat, meeting_day=datetime.date.today()
        )
    assert not Directive.objects.exists()


def test_the_edit_form_requires_a_lead_unit(world, directive):
    data = {"content": directive.content, "state": directive.state, "version": directive.version}
    form = DirectiveForm(data, instance=directive, units=OrgUnit.objects.all())
    assert not form.is_valid()
    assert form.errors["lead_unit"] == [
        "Hãy chọn đơn vị chủ trì: mỗi nhiệm vụ phải gắn với một đơn vị."
    ]


def test_the_migration_links_exact_names_and_flags_the_rest(world, meeting):
    conclusion = ConclusionFactory(meeting=meeting)
    # Same name twice over time: the one valid on the meeting day (17/10/2019) is chosen.
    OrgUnitFactory(
        code="T-Q-A-NEW",
        name="Phường An Bình",
        short_name="An Bình",
        valid_from=datetime.date(2025, 7, 1),
    )
    exact = _legacy(conclusion, "phường  an bình")  # case and spacing aside, the name
    short = _legacy(conclusion, "Bình Minh")  # the short name of ward B
    near = _legacy(conclusion, "UBND phường Bình Minh")  # not exactly a unit's name
    blank = _legacy(conclusion, "")
    link_units(django_apps, None)
    rows = {d.pk: d for d in Directive.objects.all()}
    assert (rows[exact.pk].lead_unit, rows[exact.pk].needs_unit_link) == (world.ward_a, False)
    assert rows[exact.pk].lead_unit_text == ""
    assert rows[short.pk].lead_unit == world.ward_b
    assert (rows[near.pk].lead_unit, rows[near.pk].needs_unit_link) == (None, True)
    assert rows[near.pk].lead_unit_text == "UBND phường Bình Minh"
    assert (rows[blank.pk].lead_unit, rows[blank.pk].needs_unit_link) == (None, True)


def test_the_secretariat_lists_and_links_a_legacy_directive(world, meeting, secretariat, client_as):
    legacy = _legacy(ConclusionFactory(meeting=meeting), "UBND phường Bình Minh")
    DirectiveFactory(conclusion=legacy.conclusion, lead_unit=world.ward_a)  # linked: not listed
    client = client_as(secretariat)
    page = client.get(reverse("directives_unlinked"))
    assert [d.pk for d, _ in page.context["rows"]] == [legacy.pk]
    assert "UBND phường Bình Minh" in page.content.decode()
    response = client.post(
        reverse("directive_link_unit", args=[legacy.pk]),
        {f"d{legacy.pk}-lead_unit": world.ward_b.pk},
    )
    assert response.status_code == 302
    legacy.refresh_from_db()
    assert (legacy.lead_unit, legacy.needs_unit_link, legacy.lead_unit_text) == (
        world.ward_b,
        False,
        "",
    )
    assert client.get(reverse("directives_unlinked")).context["rows"] == []


def test_linking_without_a_unit_explains_and_changes_nothing(
    world, meeting, secretariat, client_as
):
    legacy = _legacy(ConclusionFactory(meeting=meeting), "Tổ công tác")
    response = client_as(secretariat).post(reverse("directive_link_unit", args=[legacy.pk]), {})
    assert response.status_code == 400
    assert "Hãy chọn đơn vị chủ trì." in response.content.decode()
    legacy.refresh_from_db()
    assert (legacy.lead_unit, legacy.needs_unit_link) == (None, True)


def test_a_unit_outside_the_committee_cannot_be_linked(world, meeting, secretariat, client_as):
    legacy = _legacy(ConclusionFactory(meeting=meeting), "Tổ công tác")
    elsewhere = OrgUnitFactory(code="X-1", name="Phường Ngoài", parent=world.city)
    client_as(secretariat).post(
        reverse("directive_link_unit", args=[legacy.pk]), {f"d{legacy.pk}-lead_unit": elsewhere.pk}
    )
    legacy.refresh_from_db()
    assert legacy.lead_unit is None


def test_the_page_lists_only_the_committees_the_secretariat_runs(world, secretariat, client_as):
    other = _legacy(ConclusionFactory(meeting__committee=world.other_committee), "Sở X")
    rows = client_as(secretariat).get(reverse("directives_unlinked")).context["rows"]
    assert other.pk not in [d.pk for d, _ in rows]


def test_the_page_queries_do_not_grow_with_the_rows(world, meeting, secretariat, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    conclusion = ConclusionFactory(meeting=meeting)
    client = client_as(secretariat)
    _legacy(conclusion, "Tổ 1")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("directives_unlinked"))
    for n in range(20):
        _legacy(conclusion, f"Tổ {n + 2}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("directives_unlinked"))
    assert len(many) == len(one)


def test_the_demo_has_no_text_only_lead_unit(settings, tmp_path):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    assert Directive.objects.exists()
    assert not Directive.objects.filter(lead_unit__isnull=True).exists()
    assert not Directive.objects.filter(needs_unit_link=True).exists()
