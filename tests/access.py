"""Shared machinery for the URL × persona access matrices in tests/<app>/test_access_matrix.py.

Each app's test module defines `MATRIX`: rows of (route name, kwargs factory or None, method,
{persona: expected}). A kwargs factory takes pytest's `request` and returns the URL kwargs
(`lambda r: {"pk": r.getfixturevalue("world").committee.pk}`). Expected is an HTTP status or
LOGIN (anonymous redirected to the login page). tests/test_url_coverage.py fails when a route
appears in no matrix.
"""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS

LOGIN = "login"
OK, FORBIDDEN, NOT_FOUND, REDIRECT, NOT_ALLOWED = 200, 403, 404, 302, 405
EVERYONE_SIGNED_IN = {p: OK for p in PERSONAS if p != "anonymous"}


def cases(matrix):
    return [
        pytest.param(name, kwargs, method, persona, expected, id=f"{name}-{method}-{i}-{persona}")
        for i, (name, kwargs, method, table) in enumerate(matrix)
        for persona, expected in table.items()
    ]


def check(request, client_as, personas, name, kwargs, method, persona, expected, data=None):
    url = reverse(name, kwargs=kwargs(request) if kwargs else None)
    client = client_as(personas[persona])
    response = getattr(client, method)(url, data)
    if expected == LOGIN:
        assert response.status_code == 302, (url, persona, response.status_code)
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected, (url, persona, response.status_code)
    return response
