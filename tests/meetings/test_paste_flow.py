"""Pasting conclusions: preview first (nothing saved), then confirm exactly what was reviewed."""

from pathlib import Path

import pytest
from django.urls import reverse

from meetings.models import Conclusion, Directive
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def _formset_post(response, text):
    """The POST a browser would send back from the preview page, unchanged."""
    data = {"text": text, "action": "confirm"}
    for formset in (response.context["topics"], response.context["directives"]):
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is None or value is False:
                    continue
                key = f"{form.prefix}-{name}"
                data[key] = ["on"] if value is True else value
    return data


@pytest.fixture
def police(world):
    return OrgUnitFactory(
        code="T-Q-CA",
        kind="police",
        name="Công an quận Mẫu",
        short_name="Công an quận",
        parent=world.district,
    )


def test_parse_shows_suggestions_and_saves_nothing(meeting, secretariat, client_as, police):
    text = (FIXTURES / "long_bien_2019_10_conclusions.txt").read_text(encoding="utf-8")
    response = client_as(secretariat).post(
        reverse("conclusions_paste", args=[meeting.pk]), {"text": text, "action": "parse"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Về hệ thống camera an ninh" in page
    assert "trong tháng 11/2019" in page
    assert not Conclusion.objects.exists()
    directives = response.context["directives"]
    leads = [f.initial["lead_unit"] for f in directives]
    assert police.pk in leads
    assert world_standing_agency(meeting) in leads


def world_standing_agency(meeting):
    return meeting.committee.standing_agency_id


def test_confirm_saves_the_reviewed_structure(meeting, secretariat, client_as, police):
    text = (FIXTURES / "long_bien_2019_10_conclusions.txt").read_text(encoding="utf-8")
    client = client_as(secretariat)
    url = reverse("conclusions_paste", args=[meeting.pk])
    preview = client.post(url, {"text": text, "action": "parse"})
    data = _formset_post(preview, text)
    # The secretariat picks a unit where the parser matched none (every task has a unit).
    for form in preview.context["directives"]:
        data.setdefault(f"{form.prefix}-lead_unit", world_standing_agency(meeting))
    response = client.post(url, data)
    assert response.status_code == 302
    # The introduction before topic 1 is kept too, as an unnumbered first conclusion.
    numbers = list(Conclusion.objects.values_list("number", flat=True))
    assert numbers == ["", "1", "2", "3", "4", "5"]
    nov = Directive.objects.get(deadline_text="trong tháng 11/2019")
    assert str(nov.due_date) == "2019-11-30"
    assert nov.lead_unit == meeting.committee.standing_agency
    assert Directive.objects.filter(lead_unit=police).count() == 1


def test_a_directive_without_a_lead_unit_is_refused_and_nothing_is_saved(
    meeting, secretariat, client_as
):
    text = "1. Về hạ tầng\nGiao Phòng Nội vụ rà soát, trước ngày 30/11/2019."
    client = client_as(secretariat)
    url = reverse("conclusions_paste", args=[meeting.pk])
    preview = client.post(url, {"text": text, "action": "parse"})
    data = _formset_post(preview, text)
    data.pop("directive-0-lead_unit", None)
    data["directive-0-lead_unit_text"] = "Phòng Nội vụ"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "chưa có đơn vị chủ trì" in response.content.decode()
    assert not Conclusion.objects.exists()
    assert not Directive.objects.exists()


def test_unticked_suggestions_are_not_saved(meeting, secretariat, client_as):
    text = "1. Về hạ tầng\nGiao Phòng Nội vụ rà soát, trước ngày 30/11/2019.\nĐồng ý chủ trương."
    client = client_as(secretariat)
    url = reverse("conclusions_paste", args=[meeting.pk])
    preview = client.post(url, {"text": text, "action": "parse"})
    data = _formset_post(preview, text)
    data.pop("directive-1-include", None)
    client.post(url, data)
    assert Directive.objects.count() == 1


def test_a_bad_confirm_post_explains_and_saves_nothing(meeting, secretariat, client_as):
    url = reverse("conclusions_paste", args=[meeting.pk])
    response = client_as(secretariat).post(
        url,
        {
            "text": "1. Về hạ tầng",
            "action": "confirm",
            "topic-TOTAL_FORMS": "1",
            "topic-INITIAL_FORMS": "0",
            "directive-TOTAL_FORMS": "1",
            "directive-INITIAL_FORMS": "0",
            "topic-0-number": "1",
            "directive-0-topic": "0",
            "directive-0-include": "on",
            "directive-0-content": "",
            "directive-0-lead_unit": "999999",
        },
    )
    assert response.status_code == 200
    assert not Conclusion.objects.exists()
    page = response.content.decode()
    assert "Trường này là bắt buộc" in page or "bắt buộc" in page


def test_empty_paste_is_refused_with_a_message(meeting, secretariat, client_as):
    response = client_as(secretariat).post(
        reverse("conclusions_paste", args=[meeting.pk]), {"text": "", "action": "parse"}
    )
    assert response.status_code == 200
    assert "bắt buộc" in response.content.decode()
