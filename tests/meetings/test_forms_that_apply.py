"""The directive page shows only the forms that still apply (steering.workflow.may)."""

import datetime

import pytest
from django.urls import reverse

from steering import workflow

pytestmark = pytest.mark.django_db
REPORT_FORM, EXTENSION_FORM = 'id="h-report"', 'id="h-ext"'


def _page(client, directive):
    return client.get(reverse("directive_detail", args=[directive.pk])).content.decode()


def _complete(directive, ward_a, secretariat):
    workflow.task_report(
        task=directive,
        user=ward_a,
        note="Xong",
        percent=None,
        completed=True,
        reported_on=datetime.date(2019, 11, 20),
    )
    if secretariat is not None:
        workflow.task_confirm(task=directive, user=secretariat)


def test_an_open_directive_offers_the_report_and_extension_forms(directive, ward_a, client_as):
    page = _page(client_as(ward_a), directive)
    assert REPORT_FORM in page and EXTENSION_FORM in page


def test_a_completed_directive_offers_neither_form(directive, ward_a, secretariat, client_as):
    _complete(directive, ward_a, secretariat)
    page = _page(client_as(ward_a), directive)
    assert REPORT_FORM not in page and EXTENSION_FORM not in page


def test_a_directive_pending_review_offers_no_report_form(directive, ward_a, client_as):
    _complete(directive, ward_a, None)
    assert REPORT_FORM not in _page(client_as(ward_a), directive)


def test_a_waiting_extension_request_hides_the_extension_form(directive, ward_a, client_as):
    workflow.task_extension_request(
        task=directive, user=ward_a, requested_due_date=datetime.date(2019, 12, 31), reason="Chờ"
    )
    page = _page(client_as(ward_a), directive)
    assert EXTENSION_FORM not in page and REPORT_FORM in page
