"""Enqueueing Celery tasks: only after the transaction commits, and never failing the request.

A task published before commit can run before its rows exist; a broker error raised from an
on-commit hook would turn a saved change into a 500. Work that must not be lost also keeps its
state in the database (a job row in `queued` state), so a sweep can publish it again later.
"""

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Publish `task(*args, **kwargs)` once the current transaction commits (at once outside)."""

    def publish():
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:
            # The broker is down or hung (timeouts are a few seconds): the caller's job row stays
            # queued and is picked up again; the user's request still succeeds.
            log.exception("could not enqueue %s%r", task.name, args)

    transaction.on_commit(publish, robust=True)
