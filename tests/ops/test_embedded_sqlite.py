"""The embedded SQLite default under concurrent writers (issue 14, M4).

Several gunicorn workers write to one SQLite file: a transaction that reads and then writes
must not fail "database is locked" (a deferred transaction cannot upgrade its read lock while
another writer holds the file). The settings start write transactions IMMEDIATE with a busy
timeout and WAL; this runs 8 threads x 25 read-then-write transactions against a file database
with the real settings, in a fresh interpreter.
"""

import os
import subprocess
import sys

from django.conf import settings

WRITERS = """
import threading

import django

django.setup()
from django.db import OperationalError, connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE tally (id INTEGER PRIMARY KEY, n INTEGER NOT NULL UNIQUE)")
connection.close()
errors = []


def writer():
    try:
        for _ in range(25):
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT COALESCE(MAX(n), 0) FROM tally")
                    top = cursor.fetchone()[0]
                    cursor.execute("INSERT INTO tally (n) VALUES (%s)", [top + 1])
            except OperationalError as exc:
                errors.append(str(exc))
    finally:
        connections.close_all()


threads = [threading.Thread(target=writer) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM tally")
    print(cursor.fetchone()[0], len(errors), sorted(set(errors)))
"""


def _run_with_sqlite_file(tmp_path, code: str) -> subprocess.CompletedProcess:
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env |= {
        "DJANGO_SETTINGS_MODULE": "steering.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "SECRET_KEY": "embedded-mode-concurrency-test-key-" + "x" * 20,
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_concurrent_read_then_write_transactions_on_sqlite_never_fail_locked(tmp_path):
    done = _run_with_sqlite_file(tmp_path, WRITERS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "200 0 []", done.stdout


def test_the_sqlite_file_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    done = _run_with_sqlite_file(
        tmp_path,
        "import django; django.setup(); from django.db import connection as c;"
        "cur = c.cursor(); cur.execute('PRAGMA journal_mode'); print(cur.fetchone()[0],"
        " c.transaction_mode, c.settings_dict['OPTIONS']['timeout'])",
    )
    assert done.stdout.split() == ["wal", "IMMEDIATE", "20"], done.stderr
