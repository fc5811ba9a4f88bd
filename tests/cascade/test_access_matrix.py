"""The cascade's pages: every URL × every persona (the shared ones of the district world and the
city/ward personas: city secretariat, city chair, the ward BCĐ's secretariat of phường Bồ Đề, an
officer of its Phòng Kinh tế, the secretariat of another ward). The task is the city's, given to
Bồ Đề. POSTs carry an empty form: an allowed persona gets the form back (400)."""

import pytest

from meetings.models import DirectiveEvent, Evidence
from tests.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, cases, check
from tests.cascade.conftest import CASCADE_PERSONAS
from tests.conftest import PERSONAS
from tests.meetings.factories import ConclusionFactory, DirectiveFactory

INVALID = 400
ALL = (*PERSONAS, *CASCADE_PERSONAS)
DISTRICT = ("outsider", "secretariat", "chair", "member", "ward_a", "ward_b", "division")


def _table(default, **overrides):
    table = dict.fromkeys(ALL, default)
    table["anonymous"] = LOGIN
    table.update(overrides)
    return table


def _task(r):
    return {"pk": r.getfixturevalue("city_world").task_bo_de.pk}


def _subtask(r):
    world = r.getfixturevalue("city_world")
    child = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=world.ward_meeting),
        lead_unit=world.bo_de.economy,
        parent=world.task_bo_de,
    )
    return {"pk": child.pk}


def _subtask_evidence(r):
    from django.core.files.base import ContentFile

    child_pk = _subtask(r)["pk"]
    event = DirectiveEvent.objects.create(directive_id=child_pk, kind="completion")
    evidence = Evidence.objects.create(
        event=event,
        file=ContentFile(b"%PDF-1.4 demo", name="ket-qua.pdf"),
        original_name="kết quả.pdf",
        size=13,
        content_type="application/pdf",
    )
    return {"pk": evidence.pk}


UNSEEN = dict.fromkeys((*DISTRICT, "other_ward_secretariat"), NOT_FOUND)

MATRIX = [
    (
        "cascade_inbox",
        None,
        "get",
        _table(
            FORBIDDEN,
            admin=OK,
            ward_secretariat=OK,
            ward_office=OK,
            other_ward_secretariat=OK,
        ),
    ),
    (
        "directive_breakdown",
        _task,
        "get",
        _table(FORBIDDEN, **UNSEEN, ward_office=NOT_FOUND, admin=OK, ward_secretariat=OK),
    ),
    (
        "directive_breakdown",
        _task,
        "post",
        _table(
            FORBIDDEN,
            **UNSEEN,
            ward_office=NOT_FOUND,
            admin=INVALID,
            ward_secretariat=INVALID,
        ),
    ),
    (
        "directive_wards",
        _task,
        "get",
        _table(
            FORBIDDEN,
            **UNSEEN,
            ward_office=NOT_FOUND,
            admin=OK,
            city_secretariat=OK,
            city_chair=OK,
        ),
    ),
    (
        "cascade_grid",
        None,
        "get",
        _table(
            FORBIDDEN,
            secretariat=OK,
            chair=OK,
            member=OK,
            admin=OK,
            city_secretariat=OK,
            city_chair=OK,
        ),
    ),
    # The ward's task: its own BCĐ and the city read it; no other ward, no office of the ward.
    (
        "directive_detail",
        _task,
        "get",
        _table(OK, **UNSEEN, ward_office=NOT_FOUND),
    ),
    # A sub-task: the ward's committee (its officer leads it); the city reads it on the task's page.
    (
        "directive_detail",
        _subtask,
        "get",
        _table(
            NOT_FOUND,
            admin=OK,
            ward_secretariat=OK,
            ward_office=OK,
        ),
    ),
    # Its evidence: the ward and the city, which confirms the ward's report on it.
    (
        "evidence_download",
        _subtask_evidence,
        "get",
        _table(
            NOT_FOUND,
            admin=OK,
            ward_secretariat=OK,
            ward_office=OK,
            city_secretariat=OK,
            city_chair=OK,
        ),
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "method", "persona", "expected"), cases(MATRIX))
def test_url_answers_each_persona_as_designed(
    request, name, kwargs, method, persona, expected, personas, client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    check(request, client_as, personas, name, kwargs, method, persona, expected)
