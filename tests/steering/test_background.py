import logging

import pytest
from celery import shared_task
from django.db import transaction

from steering.background import enqueue_on_commit

CALLS: list = []


@shared_task(name="tests.record_call")
def record_call(value):
    CALLS.append(value)


@pytest.fixture(autouse=True)
def _reset_calls():
    CALLS.clear()


@pytest.mark.django_db
def test_task_runs_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(record_call, 7)
        assert CALLS == []
    assert len(callbacks) == 1
    assert CALLS == [7]


@pytest.mark.django_db(transaction=True)
def test_task_is_not_published_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(record_call, 8)
        raise RuntimeError("rollback")
    assert CALLS == []


@pytest.mark.django_db(transaction=True)
def test_a_broker_failure_is_logged_and_does_not_fail_the_caller(settings, caplog, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(record_call, "apply_async", refuse)
    with caplog.at_level(logging.ERROR, logger="steering.background"), transaction.atomic():
        enqueue_on_commit(record_call, 9)
    assert "could not enqueue tests.record_call" in caplog.text
