"""The only databases a benchmark touches are those it creates itself (issue 14).

The benchmarks delete every row of their tables or drop their database: pointed at a real
portal they would destroy it. So `own_database()` never reuses a database it finds: it creates
one with a fresh name starting `bench_` (a SQLite file in a new temporary folder, or, with
BENCH_POSTGRES=postgres://user@host:5432, a PostgreSQL database on that server), points
DATABASE_URL at it and removes it at exit. A DATABASE_URL set by anyone else is refused.
`own_redis()` does the same for a Redis database: it must be empty, and is emptied after.
"""

import atexit
import contextlib
import os
import secrets
import shutil
import tempfile
from urllib.parse import urlsplit

CREATED = "BENCH_CREATED_DATABASE_URL"  # set with DATABASE_URL: made by this run (bench/run.py)


class RefusedError(SystemExit):
    pass


def own_database(name: str) -> str:
    """DATABASE_URL of a database created now for benchmark `name`, dropped at exit."""
    current = os.environ.get("DATABASE_URL")
    if current:
        if current == os.environ.get(CREATED):
            return current  # an earlier benchmark of the same run created it
        raise RefusedError(
            f"refusing to run: DATABASE_URL ({current}) names a database this benchmark did not "
            "create, and it deletes rows. Unset DATABASE_URL; to measure on PostgreSQL set "
            "BENCH_POSTGRES=postgres://user@host:5432 (a bench_… database is created and dropped)."
        )
    server = os.environ.get("BENCH_POSTGRES", "").rstrip("/")
    database = f"bench_{name}_{secrets.token_hex(4)}"
    if server:
        url = f"{server}/{database}"
        _postgres(server, f'CREATE DATABASE "{database}"')
        atexit.register(_drop_postgres, server, database)
    else:
        folder = tempfile.mkdtemp(prefix=f"{database}_")
        url = f"sqlite:///{folder}/{database}.sqlite3"
        atexit.register(shutil.rmtree, folder, True)
    os.environ["DATABASE_URL"] = url
    os.environ[CREATED] = url
    print(f"benchmark database: {url} (created now, removed at exit)", flush=True)
    return url


def _postgres(server: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def _drop_postgres(server: str, database: str) -> None:
    from django.core.exceptions import ImproperlyConfigured
    from django.db import connections

    with contextlib.suppress(ImproperlyConfigured):  # Django never set up: nothing to close
        connections.close_all()
    assert database.startswith("bench_")
    _postgres(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def own_redis(url: str) -> str:
    """`url` (redis://host:port/db) if that database is empty; emptied again at exit."""
    import redis

    client = redis.Redis.from_url(url)
    if client.dbsize():
        raise RefusedError(
            f"refusing to run: Redis {url} holds {client.dbsize()} keys this benchmark did not "
            "write. Name an empty database (LOAD_REDIS_URL=redis://127.0.0.1:6379/N)."
        )
    atexit.register(client.flushdb)
    return url


def redis_db(url: str, number: int) -> str:
    """The same Redis server, database `number`."""
    parts = urlsplit(url)
    return parts._replace(path=f"/{number}").geturl()
