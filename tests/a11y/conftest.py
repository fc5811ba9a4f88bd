import pytest


def pytest_collection_modifyitems(config, items):
    # `-p no:playwright` runs the fast suite: the browser audit is skipped, not an error.
    if config.pluginmanager.has_plugin("playwright"):
        return
    skip = pytest.mark.skip(reason="Playwright plugin disabled (-p no:playwright)")
    for item in items:
        if "tests/a11y/" in str(item.fspath):
            item.add_marker(skip)
