"""Two people edit the same directive or meeting: the second save is refused, not merged."""

import pytest
from django.urls import reverse

from meetings.models import Directive, Meeting

pytestmark = pytest.mark.django_db


def _directive_post(directive, **changes):
    data = {
        "content": directive.content,
        "lead_unit": directive.lead_unit_id or "",
        "lead_unit_text": "",
        "report_to": "",
        "deadline_text": directive.deadline_text,
        "state": directive.state,
        "cancel_reason": "",
        "version": directive.version,
    }
    data.update(changes)
    return data


def test_second_save_of_a_stale_directive_form_is_a_conflict(directive, secretariat, client_as):
    client = client_as(secretariat)
    url = reverse("directive_update", args=[directive.pk])
    first = _directive_post(directive, content="Bản sửa của người thứ nhất")
    second = _directive_post(directive, content="Bản sửa của người thứ hai")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "vừa được người khác cập nhật" in page
    assert "Bản sửa của người thứ nhất" in page  # the current value is shown
    assert Directive.objects.get(pk=directive.pk).content == "Bản sửa của người thứ nhất"


def test_saving_again_after_reading_the_conflict_applies_the_change(
    directive, secretariat, client_as
):
    client = client_as(secretariat)
    url = reverse("directive_update", args=[directive.pk])
    client.post(url, _directive_post(directive, content="Thứ nhất"))
    conflict = client.post(url, _directive_post(directive, content="Thứ hai"))
    retry = conflict.context["form"].data.copy()
    assert client.post(url, retry).status_code == 302
    assert Directive.objects.get(pk=directive.pk).content == "Thứ hai"


def test_changing_the_deadline_text_recomputes_kind_and_due_date(directive, secretariat, client_as):
    client_as(secretariat).post(
        reverse("directive_update", args=[directive.pk]),
        _directive_post(directive, deadline_text="Quý IV/2019"),
    )
    directive.refresh_from_db()
    assert (directive.deadline_kind, str(directive.due_date)) == ("quarter", "2019-12-31")


def test_cancelling_needs_a_reason(directive, secretariat, client_as):
    response = client_as(secretariat).post(
        reverse("directive_update", args=[directive.pk]),
        _directive_post(directive, state="cancelled"),
    )
    assert response.status_code == 200
    assert "Dừng thực hiện phải ghi rõ lý do." in response.content.decode()
    assert Directive.objects.get(pk=directive.pk).state == "not_started"


def test_stale_meeting_form_is_a_conflict(meeting, secretariat, client_as):
    client = client_as(secretariat)
    url = reverse("meeting_update", args=[meeting.pk])
    data = {
        "kind": meeting.kind,
        "starts_at": "2019-10-17T08:00",
        "venue": "Phòng họp A",
        "version": meeting.version,
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "venue": "Phòng họp B"})
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).venue == "Phòng họp A"


def test_stale_conclusion_form_is_a_conflict(directive, secretariat, client_as):
    conclusion = directive.conclusion
    client = client_as(secretariat)
    url = reverse("conclusion_update", args=[conclusion.pk])
    data = {"number": "1", "title": "Về hạ tầng", "text": "", "version": conclusion.version}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "Về phần mềm"})
    assert "vừa được người khác cập nhật" in response.content.decode()
    conclusion.refresh_from_db()
    assert conclusion.title == "Về hạ tầng"
