"""The benchmarks never touch a database they did not create (issue 14).

bench_kpi_import and bench_reminders delete every row of their tables, bench_load used to drop
and recreate a fixed database: pointed at a portal's DATABASE_URL they would destroy it. Each
must refuse before connecting, and leave the named database as it was.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings

BENCH = settings.BASE_DIR / "bench"


def _bench(script: str, env_extra: dict, tmp_path) -> subprocess.CompletedProcess:
    keep = {"PATH", "HOME", "LANG", "TMPDIR"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env |= {"PYTHONPATH": str(settings.BASE_DIR), **env_extra}
    return subprocess.run(
        [sys.executable, str(BENCH / script), "10"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("script", ["bench_kpi_import.py", "bench_reminders.py"])
def test_a_benchmark_refuses_a_database_url_it_did_not_create(script, tmp_path):
    portal = tmp_path / "portal.sqlite3"
    portal.write_bytes(b"a portal's data")
    done = _bench(script, {"DATABASE_URL": f"sqlite:///{portal}"}, tmp_path)
    assert done.returncode != 0
    assert "refusing to run" in done.stdout + done.stderr
    assert portal.read_bytes() == b"a portal's data"


def test_the_load_benchmark_refuses_a_named_database(tmp_path):
    done = _bench(
        "bench_load.py",
        {"LOAD_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/steering"},
        tmp_path,
    )
    assert done.returncode == 2
    assert "refusing to run" in done.stdout


def test_a_benchmark_database_is_created_fresh_named_bench_and_removed_at_exit(tmp_path):
    code = (
        "import os, sys; sys.path.insert(0, sys.argv[1]); from own_database import own_database;"
        "url = own_database('probe'); print(url); import pathlib;"
        "pathlib.Path(url.removeprefix('sqlite:///')).write_text('x')"
    )
    keep = {"PATH", "HOME", "LANG", "TMPDIR"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    done = subprocess.run(
        [sys.executable, "-c", code, str(BENCH)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    url = done.stdout.strip().splitlines()[-1]
    path = url.removeprefix("sqlite:///")
    assert os.path.basename(path).startswith("bench_probe_")
    assert not os.path.exists(path)


@pytest.mark.parametrize(
    ("script", "variable"),
    [
        ("bench_directive_pages.py", "BENCH_PAGES_DATABASE_URL"),
        ("bench_city_scale.py", "BENCH_CITY_DATABASE_URL"),
    ],
)
def test_a_page_benchmark_refuses_a_database_not_named_as_its_own(script, variable, tmp_path):
    """Refused by its name before anything connects (the portal's database stays as it was)."""
    done = _bench(script, {variable: "postgres://postgres@127.0.0.1:5432/steering"}, tmp_path)
    assert done.returncode != 0
    assert "refused: the database name must start with" in done.stdout + done.stderr
