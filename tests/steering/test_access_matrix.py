"""Every URL × every persona: allowed, forbidden or not found, as designed.

The table is the design. `test_every_url_pattern_is_in_the_matrix` fails when a route is added
without deciding who may open it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import PERSONAS

LOGIN = "login"  # anonymous users are redirected to the login page
OK, FORBIDDEN, NOT_FOUND, REDIRECT, NOT_ALLOWED = 200, 403, 404, 302, 405

EVERYONE_SIGNED_IN = {p: OK for p in PERSONAS if p != "anonymous"}

# (route name, kwargs factory, method, {persona: expected status}); "anonymous" -> LOGIN means a
# redirect to the login page.
MATRIX = [
    ("home", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    ("committee_list", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    (
        "committee_detail",
        lambda w: {"pk": w.committee.pk},
        "get",
        {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": NOT_FOUND},
    ),
    (
        "committee_detail",
        lambda w: {"pk": w.other_committee.pk},
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
        lambda w: {"pk": w.ward_b.pk},
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
    (
        "admin:index",
        None,
        "get",
        {**dict.fromkeys(PERSONAS, REDIRECT), "admin": OK},
    ),
]

CASES = [
    pytest.param(name, kwargs, method, persona, expected, id=f"{name}-{method}-{i}-{persona}")
    for i, (name, kwargs, method, table) in enumerate(MATRIX)
    for persona, expected in table.items()
]


@pytest.mark.parametrize(("name", "kwargs", "method", "persona", "expected"), CASES)
def test_url_answers_each_persona_as_designed(
    name, kwargs, method, persona, expected, world, personas, client_as
):
    from django.urls import reverse

    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    client = client_as(personas[persona])
    response = getattr(client, method)(
        url, {"language": "vi", "next": "/"} if method == "post" else None
    )
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


def _route_names(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin: covered by admin:index and its own permission system
            yield from _route_names(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_url_pattern_is_in_the_matrix():
    covered = {name for name, *_ in MATRIX}
    missing = sorted(set(_route_names(get_resolver())) - covered)
    assert missing == [], f"routes without a row in the access matrix: {missing}"
