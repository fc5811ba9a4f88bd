"""Every named route has a row in some app's access matrix (tests/<app>/test_access_matrix.py)."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests


def _route_names(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin has its own permission system; admin:index is covered
            yield from _route_names(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def _covered():
    names = set()
    for package in pkgutil.iter_modules(tests.__path__):
        try:
            module = importlib.import_module(f"tests.{package.name}.test_access_matrix")
        except ModuleNotFoundError:
            continue
        names |= {row[0] for row in module.MATRIX}
    return names


def test_every_url_pattern_is_in_an_access_matrix():
    missing = sorted(set(_route_names(get_resolver())) - _covered())
    assert missing == [], f"routes without a row in an access matrix: {missing}"
