"""Data versions: a token per kind of data that the database itself changes on every write, so
that figures cached under it can never outlive the rows they were counted from.

A trigger on each table behind a figure (installed by `install_triggers` in a migration) gives
the kind's row a new random token whenever a statement writes to the table: a service, the
admin, a bulk `update()`, raw SQL or a restore alike. A reader takes the token *before* it
counts, so a write committed meanwhile can only make the cached value newer than its token,
never older; a token written by a transaction that rolls back is never seen by anyone else and,
being random, never comes back. Cost: one indexed read per cached figure, and on PostgreSQL the
transactions that write one kind of data take that kind's row lock until they commit (writes of
directives are a few a minute; a reader never waits).
"""

import hashlib
import uuid

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import models

DIRECTIVES = "directives"
# The criteria traffic lights: sets, groups, criteria, score sheets and their marks.
CRITERIA_LIGHTS = "criteria_lights"


class DataVersion(models.Model):
    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=40)

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"{self.name} {self.token}"


def data_version(name: str) -> str:
    """The current token of `name` (one query). Without its row (a flushed test database) a new
    token every time: nothing is served from the cache rather than something stale."""
    token = DataVersion.objects.filter(name=name).values_list("token", flat=True).first()
    return token or f"missing-{uuid.uuid4().hex}"


_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION steering_data_version_touch() RETURNS trigger AS $$
BEGIN
    UPDATE steering_dataversion SET token = md5(random()::text || clock_timestamp()::text)
     WHERE name = TG_ARGV[0];
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


# Values cached under a token are never stale, so the lifetime only bounds the cache's size.
CACHE_SECONDS = 3600


def cached_under_version(name: str, rows, compute, *, empty):
    """`compute(rows)` for a queryset `rows`, cached under its exact SQL and the current token of
    `name`: one indexed read instead of a pass over the table while nothing was written. `empty`
    is the value for a scope that can match nothing (`committee_id__in=[]`)."""
    token = data_version(name)  # before counting: a later write can only make it newer
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return empty
    digest = hashlib.sha256(repr((rows.model._meta.label, sql, params)).encode()).hexdigest()
    key = f"dv:{name}:{digest[:40]}:{token}"
    value = cache.get(key)
    if value is None:
        value = compute(rows)
        cache.set(key, value, CACHE_SECONDS)
    return value


def _trigger_name(table: str, event: str) -> str:
    return f"{table}_dv_{event.lower()}"


def install_triggers(schema_editor, name: str, tables: list[str], *, new: bool = True) -> None:
    """Make every write to `tables` give `name` a new token (PostgreSQL: one statement-level
    trigger per table, TRUNCATE included; SQLite: row triggers). `new=False` adds tables to a
    kind an earlier migration made."""
    execute = schema_editor.execute
    vendor = schema_editor.connection.vendor
    if new:
        execute(
            "INSERT INTO steering_dataversion (name, token) VALUES (%s, %s)",
            [name, uuid.uuid4().hex],
        )
    if vendor == "postgresql":
        execute(_PG_FUNCTION)
        for table in tables:
            execute(
                f"CREATE TRIGGER {_trigger_name(table, 'all')} AFTER INSERT OR UPDATE OR DELETE"
                f" OR TRUNCATE ON {table} FOR EACH STATEMENT"
                f" EXECUTE FUNCTION steering_data_version_touch('{name}')"
            )
    elif vendor == "sqlite":
        for table in tables:
            for event in ("INSERT", "UPDATE", "DELETE"):
                # Table and kind names are constants of the migrations, never user input.
                trigger = _trigger_name(table, event)
                execute(
                    f"CREATE TRIGGER {trigger} AFTER {event} ON {table} BEGIN"  # noqa: S608
                    " UPDATE steering_dataversion SET token = lower(hex(randomblob(16)))"
                    f" WHERE name = '{name}'; END"
                )
    else:  # pragma: no cover - the portal runs on PostgreSQL or SQLite only
        raise NotImplementedError(vendor)


def remove_triggers(schema_editor, name: str, tables: list[str], *, drop: bool = True) -> None:
    execute = schema_editor.execute
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, 'all')} ON {table}")
        else:
            for event in ("INSERT", "UPDATE", "DELETE"):
                execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, event)}")
    if drop:
        execute("DELETE FROM steering_dataversion WHERE name = %s", [name])
