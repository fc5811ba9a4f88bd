"""A skipped test fails the run in CI unless its reason is allowed for that environment.

CI (`CI` or `REQUIRE_BROWSER` set: PostgreSQL, Redis and Chromium are there) must run every
test; a skip there means a missing service or a broken fixture hiding a test, so the session
fails and names it. Allowed in CI: tests that only make sense on the embedded SQLite default
(their reason says "SQLite", and not "needs PostgreSQL"). Locally (no `CI`/`REQUIRE_BROWSER`)
skips are only reported as usual. Hooked in from tests/conftest.py.
"""

import os
import re

import pytest

# (environment, pattern the skip reason must match) pairs that may skip.
ALLOWED = {
    "postgresql": [re.compile(r"(?i)^(?!.*needs postgresql).*\bsqlite\b")],
    "sqlite": [re.compile(r"(?i)needs postgresql|postgresql only|need postgresql")],
}
_skipped: list[tuple[str, str]] = []


def _required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"))


def _database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return (
        "postgresql" if url.startswith(("postgres://", "postgresql://", "pgsql://")) else "sqlite"
    )


def allowed(reason: str, *, database: str) -> bool:
    return any(p.search(reason) for p in ALLOWED.get(database, []))


def record(report) -> None:
    """pytest_runtest_logreport: remember every skip (an expected failure is not one)."""
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skipped.append((report.nodeid, reason.removeprefix("Skipped: ")))


def finish(session) -> None:
    """pytest_sessionfinish: fail the session on a skip that is not allowed here (controller
    only under xdist: the workers' reports reach it too)."""
    if hasattr(session.config, "workerinput") or not _required():
        return
    database = _database()
    refused = [(n, r) for n, r in _skipped if not allowed(r, database=database)]
    if not refused:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.section("skipped tests not allowed in CI (tests/skip_allowlist.py)", red=True)
        for nodeid, reason in refused:
            reporter.line(f"{nodeid}: {reason}")
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
