"""The URL × persona matrix is complete: every route of the portal has a row in some app's
matrix (tests/test_url_coverage.py) and every row designs an outcome for all nine shared personas
(an app may add its own, as the cascade adds the city's and the wards' personas)."""

import importlib
import pkgutil

import tests
from tests.access import cases
from tests.conftest import PERSONAS


def _matrices():
    for package in pkgutil.iter_modules(tests.__path__):
        try:
            module = importlib.import_module(f"tests.{package.name}.test_access_matrix")
        except ModuleNotFoundError:
            continue
        yield package.name, module.MATRIX


def test_every_matrix_row_designs_an_outcome_for_every_persona():
    assert len(PERSONAS) == 9
    incomplete = [
        (app, name, method, sorted(set(PERSONAS) - set(table)))
        for app, matrix in _matrices()
        for name, _kwargs, method, table in matrix
        if not set(PERSONAS) <= set(table)
    ]
    assert incomplete == []


def test_the_matrix_has_a_case_for_each_route_and_persona():
    rows = [row for _app, matrix in _matrices() for row in matrix]
    total = sum(len(cases(matrix)) for _app, matrix in _matrices())
    print(f"access matrix: {len(rows)} rows = {total} cases")
    assert total == sum(len(table) for _name, _kwargs, _method, table in rows)
    assert total >= 9 * len(rows)
