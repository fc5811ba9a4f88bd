"""The project register's URLs × every persona: allowed, forbidden or not found, as designed."""

import pytest

from tests.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, cases, check
from tests.conftest import PERSONAS

READERS = {p: OK for p in PERSONAS if p not in ("anonymous", "outsider")}
RUNNERS = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    **dict.fromkeys(("chair", "member", "ward_a", "ward_b", "division"), FORBIDDEN),
    "secretariat": OK,
    "admin": OK,
}
OUT_OF_SCOPE = {**dict.fromkeys(PERSONAS, NOT_FOUND), "anonymous": LOGIN, "admin": OK}


def _project(r):
    return {"pk": r.getfixturevalue("project").pk}


def _other(r):
    return {"pk": r.getfixturevalue("other_project").pk}


MATRIX = [
    ("project_list", None, "get", {"anonymous": LOGIN, "outsider": FORBIDDEN, **READERS}),
    (
        "project_create",
        None,
        "get",
        {
            "anonymous": LOGIN,
            "outsider": FORBIDDEN,
            **dict.fromkeys(("chair", "member", "ward_a", "ward_b", "division"), FORBIDDEN),
            "secretariat": OK,
            "admin": OK,
        },
    ),
    ("project_detail", _project, "get", {"anonymous": LOGIN, "outsider": NOT_FOUND, **READERS}),
    ("project_detail", _other, "get", OUT_OF_SCOPE),
    ("project_update", _project, "get", RUNNERS),
    ("project_update", _project, "post", RUNNERS | {"secretariat": OK, "admin": OK}),
    ("project_update", _other, "get", OUT_OF_SCOPE),
    ("project_change_status", _project, "get", RUNNERS),
    ("project_change_status", _project, "post", RUNNERS),
    ("project_change_status", _other, "get", OUT_OF_SCOPE),
]


@pytest.mark.parametrize("name,kwargs,method,persona,expected", cases(MATRIX))
def test_project_url_answers_each_persona_as_designed(
    request, client_as, personas, name, kwargs, method, persona, expected
):
    # An empty POST re-renders the form with errors (200) for those allowed; nothing is saved.
    check(request, client_as, personas, name, kwargs, method, persona, expected)
