"""CI fails on a skipped test unless its reason is allowed for the environment."""

from types import SimpleNamespace

import pytest

from tests import skip_allowlist


@pytest.mark.parametrize(
    "reason, database, ok",
    [
        ("SQLite only: PostgreSQL has real row locks", "postgresql", True),
        ("the embedded SQLite default's busy timeout", "postgresql", True),
        ("needs PostgreSQL (DATABASE_URL); the embedded default is SQLite", "postgresql", False),
        ("Chromium is not installed (apt-get install chromium)", "postgresql", False),
        ("REDIS_URL is not set (CI sets it to the machine's Redis)", "postgresql", False),
        ("Playwright plugin disabled (-p no:playwright)", "postgresql", False),
        ("row locks need PostgreSQL", "sqlite", True),
    ],
)
def test_a_skip_is_allowed_only_for_its_environment(reason, database, ok):
    assert skip_allowlist.allowed(reason, database=database) is ok


def _session():
    lines = []
    reporter = SimpleNamespace(section=lambda *a, **k: None, line=lines.append)
    config = SimpleNamespace(pluginmanager=SimpleNamespace(get_plugin=lambda name: reporter))
    return SimpleNamespace(config=config, exitstatus=pytest.ExitCode.OK), lines


def _skip(nodeid, reason):
    return SimpleNamespace(nodeid=nodeid, skipped=True, longrepr=("x.py", 1, f"Skipped: {reason}"))


def test_a_refused_skip_fails_the_session_in_ci_and_names_it(monkeypatch):
    monkeypatch.setattr(skip_allowlist, "_skipped", [])
    monkeypatch.setenv("CI", "1")
    monkeypatch.setenv("DATABASE_URL", "postgres://127.0.0.1/x")
    skip_allowlist.record(_skip("tests/a.py::test_hidden", "Redis is not running"))
    skip_allowlist.record(_skip("tests/b.py::test_lite", "SQLite only: busy timeout"))
    session, lines = _session()
    skip_allowlist.finish(session)
    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED
    assert lines == ["tests/a.py::test_hidden: Redis is not running"]


def test_skips_are_only_reported_outside_ci(monkeypatch):
    monkeypatch.setattr(skip_allowlist, "_skipped", [])
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    skip_allowlist.record(_skip("tests/a.py::test_hidden", "Redis is not running"))
    session, _lines = _session()
    skip_allowlist.finish(session)
    assert session.exitstatus == pytest.ExitCode.OK
