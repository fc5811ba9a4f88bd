"""The committee core's URLs × every persona: allowed, forbidden or not found, as designed."""

import pytest

from tests.access import (
    EVERYONE_SIGNED_IN,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    cases,
    check,
)
from tests.conftest import PERSONAS


def _notification_of_ward_a(r):
    from steering.models import Notification

    user = r.getfixturevalue("personas")["ward_a"]
    return {"pk": Notification.objects.create(user=user, title="Nhắc việc").pk}


def _feed_of_ward_a(r):
    from steering.feeds import feed_token_create

    return feed_token_create(user=r.getfixturevalue("personas")["ward_a"])


def _revoked_feed_of_ward_a(r):
    from django.utils import timezone

    token = _feed_of_ward_a(r)
    token.revoked_at = timezone.now()
    token.save()
    return token


ONLY_WARD_A = {**dict.fromkeys(PERSONAS, NOT_FOUND), "anonymous": LOGIN, "ward_a": REDIRECT}


# (route name, kwargs factory, method, {persona: expected status}); "anonymous" -> LOGIN means a
# redirect to the login page.
def _waiting(key):
    return lambda r: {"key": key}


NOBODY_BUT = {**dict.fromkeys(PERSONAS, FORBIDDEN), "anonymous": LOGIN}
WARDS = ("ward_a", "ward_b", "division")

MATRIX = [
    ("home", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    ("waiting_list", _waiting("reports-to-confirm"), "get", {**NOBODY_BUT, "secretariat": OK}),
    ("waiting_list", _waiting("drafts-to-issue"), "get", {**NOBODY_BUT, "secretariat": OK}),
    ("waiting_list", _waiting("figures-to-review"), "get", {**NOBODY_BUT, "secretariat": OK}),
    ("waiting_list", _waiting("extensions-to-decide"), "get", {**NOBODY_BUT, "chair": OK}),
    ("waiting_list", _waiting("due-soon"), "get", {**NOBODY_BUT, **dict.fromkeys(WARDS, OK)}),
    ("waiting_list", _waiting("returned"), "get", {**NOBODY_BUT, **dict.fromkeys(WARDS, OK)}),
    (
        "waiting_list",
        _waiting("periods-closing"),
        "get",
        {**NOBODY_BUT, **dict.fromkeys(WARDS, OK)},
    ),
    (
        "waiting_list",
        _waiting("no-such-list"),
        "get",
        {**dict.fromkeys(PERSONAS, NOT_FOUND), "anonymous": LOGIN},
    ),
    ("committee_list", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    (
        "committee_detail",
        lambda r: {"pk": r.getfixturevalue("world").committee.pk},
        "get",
        {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": NOT_FOUND},
    ),
    (
        "committee_detail",
        lambda r: {"pk": r.getfixturevalue("world").other_committee.pk},
        "get",
        {
            **dict.fromkeys(PERSONAS, NOT_FOUND),
            "anonymous": LOGIN,
            "admin": OK,
        },
    ),
    (
        "orgunit_list",
        None,
        "get",
        {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": FORBIDDEN},
    ),
    (
        "orgunit_detail",
        lambda r: {"pk": r.getfixturevalue("world").ward_b.pk},
        "get",
        {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": FORBIDDEN},
    ),
    ("styleguide", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    ("healthz", None, "get", dict.fromkeys(PERSONAS, OK)),
    ("login", None, "get", {"anonymous": OK, **dict.fromkeys(EVERYONE_SIGNED_IN, REDIRECT)}),
    ("logout", None, "get", dict.fromkeys(PERSONAS, NOT_ALLOWED)),
    ("logout", None, "post", dict.fromkeys(PERSONAS, REDIRECT)),
    ("password_change", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    ("password_change_done", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    ("set_language", None, "post", dict.fromkeys(PERSONAS, REDIRECT)),
    ("notification_list", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    ("notification_badge", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    ("notification_read", _notification_of_ward_a, "post", ONLY_WARD_A),
    (
        "notification_read_all",
        None,
        "post",
        {"anonymous": LOGIN, **dict.fromkeys(EVERYONE_SIGNED_IN, REDIRECT)},
    ),
    ("feed_settings", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    (
        "feed_token_create",
        None,
        "post",
        {"anonymous": LOGIN, **dict.fromkeys(EVERYONE_SIGNED_IN, REDIRECT)},
    ),
    ("feed_token_revoke", lambda r: {"pk": _feed_of_ward_a(r).pk}, "post", ONLY_WARD_A),
    (
        "calendar_feed",
        lambda r: {"token": _feed_of_ward_a(r).token},
        "get",
        dict.fromkeys(PERSONAS, OK),
    ),
    (
        "calendar_feed",
        lambda r: {"token": _revoked_feed_of_ward_a(r).token},
        "get",
        dict.fromkeys(PERSONAS, NOT_FOUND),
    ),
    (
        "admin:index",
        None,
        "get",
        {**dict.fromkeys(PERSONAS, REDIRECT), "admin": OK},
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "method", "persona", "expected"), cases(MATRIX))
def test_url_answers_each_persona_as_designed(
    request, name, kwargs, method, persona, expected, personas, client_as
):
    data = {"language": "vi", "next": "/"} if method == "post" else None
    check(request, client_as, personas, name, kwargs, method, persona, expected, data)
