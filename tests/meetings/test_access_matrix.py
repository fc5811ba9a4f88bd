"""Meetings and directives: every URL × every persona, as designed.

The directive fixture is led by ward A (ward1) and supported by the division; ward B and the
outsider must not learn it exists. POSTs carry an empty form: an allowed persona gets the page
back with the form's errors (400), a refused one 403/404, and nothing is written.
"""

import pytest
from django.core.files.base import ContentFile

from meetings.models import DeadlineExtension, DirectiveEvent, Evidence
from tests.access import (
    EVERYONE_SIGNED_IN,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    cases,
    check,
)
from tests.conftest import PERSONAS

INVALID = 400


def _meeting(r):
    return {"pk": r.getfixturevalue("meeting").pk}


def _conclusion(r):
    return {"pk": r.getfixturevalue("directive").conclusion_id}


def _directive(r):
    return {"pk": r.getfixturevalue("directive").pk}


def _extension(r):
    directive = r.getfixturevalue("directive")
    extension = DeadlineExtension.objects.create(
        directive=directive, requested_due_date="2019-12-31", reason="Cần thêm thời gian"
    )
    return {"pk": extension.pk}


def _evidence(r):
    directive = r.getfixturevalue("directive")
    event = DirectiveEvent.objects.create(directive=directive, kind="progress")
    evidence = Evidence.objects.create(
        event=event,
        file=ContentFile(b"%PDF-1.4 demo", name="bao-cao.pdf"),
        original_name="báo cáo.pdf",
        size=13,
        content_type="application/pdf",
    )
    return {"pk": evidence.pk}


READERS = {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": NOT_FOUND}
SECRETARIAT_ONLY = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    "secretariat": OK,
    "admin": OK,
    "chair": FORBIDDEN,
    "member": FORBIDDEN,
    "ward_a": FORBIDDEN,
    "ward_b": FORBIDDEN,
    "division": FORBIDDEN,
}
DIRECTIVE_SCOPE = {"ward_b": NOT_FOUND, "outsider": NOT_FOUND, "anonymous": LOGIN}

MATRIX = [
    ("meeting_list", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    ("meeting_create", None, "get", {**SECRETARIAT_ONLY, "outsider": FORBIDDEN}),
    ("meeting_detail", _meeting, "get", READERS),
    ("meeting_update", _meeting, "get", SECRETARIAT_ONLY),
    ("conclusions_paste", _meeting, "get", SECRETARIAT_ONLY),
    ("meeting_attendance", _meeting, "get", SECRETARIAT_ONLY),
    ("conclusion_update", _conclusion, "get", SECRETARIAT_ONLY),
    ("directive_list", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    ("directive_detail", _directive, "get", {**EVERYONE_SIGNED_IN, **DIRECTIVE_SCOPE}),
    (
        "directive_update",
        _directive,
        "get",
        {
            **DIRECTIVE_SCOPE,
            "secretariat": OK,
            "admin": OK,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    ("evidence_download", _evidence, "get", {**EVERYONE_SIGNED_IN, **DIRECTIVE_SCOPE}),
    (
        "directive_report",
        _directive,
        "post",
        {
            **DIRECTIVE_SCOPE,
            "ward_a": INVALID,
            "secretariat": INVALID,
            "admin": INVALID,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    ("directive_report", _directive, "get", dict.fromkeys(PERSONAS, NOT_ALLOWED)),
    (
        "directive_review",
        _directive,
        "post",
        {
            **DIRECTIVE_SCOPE,
            "secretariat": INVALID,
            "chair": INVALID,
            "admin": INVALID,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    (
        "extension_request",
        _directive,
        "post",
        {
            **DIRECTIVE_SCOPE,
            "ward_a": INVALID,
            "admin": INVALID,
            "secretariat": FORBIDDEN,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    (
        "extension_decide",
        _extension,
        "post",
        {
            **DIRECTIVE_SCOPE,
            "chair": INVALID,
            "admin": INVALID,
            "secretariat": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    (
        "dashboard",
        None,
        "get",
        {
            "anonymous": LOGIN,
            "secretariat": OK,
            "chair": OK,
            "member": OK,
            "admin": OK,
            "ward_a": FORBIDDEN,
            "ward_b": FORBIDDEN,
            "division": FORBIDDEN,
            "outsider": FORBIDDEN,
        },
    ),
    (
        "my_work",
        None,
        "get",
        {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": FORBIDDEN, "admin": FORBIDDEN},
    ),
    # Scorecards: committee readers see every unit; a unit officer only their own unit.
    ("scorecard_list", None, "get", {**READERS, "outsider": FORBIDDEN}),
    (
        "scorecard_unit",
        lambda r: {"unit_id": r.getfixturevalue("world").ward_a.pk},
        "get",
        {**READERS, "outsider": FORBIDDEN, "ward_b": NOT_FOUND, "division": NOT_FOUND},
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "method", "persona", "expected"), cases(MATRIX))
def test_url_answers_each_persona_as_designed(
    request, name, kwargs, method, persona, expected, personas, client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    check(request, client_as, personas, name, kwargs, method, persona, expected)
