"""Faults (issue 7, item 3), each with its promise.

- Redis refuses connections, or accepts them and never answers: pages keep working, a request
  that queues background work still answers within seconds, and the job is kept in the database
  and published again later by the sweep, onto the PDF queue, where a worker runs it.
- PostgreSQL drops the app's connections (a restart): the next request succeeds, no app restart.
- The disk is full when evidence is uploaded: a clear Vietnamese message, nothing half-written
  (here for a directive report; the KPI evidence, plan task evidence and meeting report files have
  the same test beside their other tests, and steering.uploads.CleanFileSystemStorage removes a
  half-written file whatever the caller).
- The cache's Redis refuses or hangs (with the broker): pages answer, a miss each time.

(SMTP down is covered by the reminder tests; a worker killed mid-task by the notice worker tests.)
"""

import datetime
import os
import socket
import time

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from kombu import Connection

from meetings import notices
from meetings.models import (
    Directive,
    DirectiveEvent,
    DocumentKind,
    Evidence,
    MeetingDocument,
    MeetingState,
    RenderState,
)
from meetings.tasks import render_document, sweep_documents
from steering.cache import cache_breaker_reset
from steering.celery import app
from steering.models import Person
from steering.timeliness import TaskState
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n" + b"0" * 4096 + b"\n%%EOF\n"
# A request that has to publish to a dead broker may wait for the broker's connect/read timeouts
# (3 s, two quick retries, steering/settings.py) but never hangs.
PUBLISH_BUDGET_S = 15


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker(monkeypatch):
    """`broker(url)` points this process's Celery app at `url`, tasks published, not eager."""
    monkeypatch.setitem(app.conf, "task_always_eager", False)

    def use(url: str) -> None:
        monkeypatch.setitem(app.conf, "broker_url", url)
        app._pool = None  # connection and producer pools are per broker URL
        app.amqp._producer_pool = None

    yield use
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def hung_redis():
    """A TCP server that accepts connections (in the kernel backlog) and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


@pytest.fixture
def real_redis():
    url = os.environ.get("REDIS_URL") or (
        "redis://127.0.0.1:6379/1" if os.environ.get("REQUIRE_BROWSER") else ""
    )
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Redis at {url!r} does not answer: {exc}")
        pytest.skip(f"needs a real Redis (REDIS_URL): {exc}")
    return url


@pytest.fixture
def draft(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 10, 17, 8, tzinfo=datetime.UTC),
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    DirectiveFactory(conclusion=conclusion, lead_unit=world.vhtt, content="Giao rà soát mạng")
    return notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)


PAGES = ("home", "directive_list", "meeting_list", "dashboard", "kpi_home", "project_list")


def _issue_through_the_page(client, draft):
    start = time.monotonic()
    response = client.post(reverse("document_issue", args=[draft.pk]), {"issued_on": "2019-10-18"})
    return response, time.monotonic() - start


@pytest.fixture
def redis_cache(settings):
    """`redis_cache(url)` makes `url` the cache, configured as steering/settings.py does for a
    CACHE_URL of redis:// (tests/steering/test_settings.py holds the two to the same options)."""

    def use(url: str) -> None:
        cache_breaker_reset()
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                "OPTIONS": CACHE_OPTIONS,
            }
        }

    yield use
    cache_breaker_reset()


CACHE_OPTIONS = {
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
    "IGNORE_EXCEPTIONS": True,
    "REDIS_CLIENT_CLASS": "steering.cache.CircuitBreakerRedis",
}


@pytest.mark.parametrize("fault", ["refused", "hung"])
def test_pages_and_issuing_keep_working_when_redis_is_down(
    fault,
    draft,
    secretariat,
    client_as,
    broker,
    redis_cache,
    hung_redis,
    redis_connects,
    monkeypatch,
):
    dead = f"redis://127.0.0.1:{_free_port()}/0" if fault == "refused" else hung_redis
    broker(dead)
    redis_cache(dead.replace("/0", "/1"))  # the cache is down too (the same Redis in production)
    # The breaker stays open for the whole test, however slow the machine: what is checked is
    # the number of attempts on the dead cache, not how long they took.
    monkeypatch.setattr("steering.cache.COOL_DOWN_S", 3600)
    client = client_as(secretariat)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    # One attempt (one 0.5 s timeout at most), then the breaker skips Redis: without it every
    # cache call of every page waited for its timeout (4.7 s for the dashboard alone).
    cache_port = int(dead.rsplit(":", 1)[1].split("/")[0])
    assert [port for _host, port in redis_connects if port == cache_port] == [cache_port]

    response, elapsed = _issue_through_the_page(client, draft)

    assert response.status_code == 302
    assert elapsed < PUBLISH_BUDGET_S, f"the issue took {elapsed:.1f} s"
    draft.refresh_from_db()
    assert (draft.number, draft.render_state) == (1, RenderState.QUEUED)  # kept, not lost
    detail = client.get(reverse("document_detail", args=[draft.pk]))
    assert detail.status_code == 200


def test_a_job_queued_while_redis_was_down_is_published_later_to_the_pdf_queue_and_runs(
    draft, secretariat, client_as, broker, real_redis
):
    broker(f"redis://127.0.0.1:{_free_port()}/0")
    response, _ = _issue_through_the_page(client_as(secretariat), draft)
    assert response.status_code == 302
    with Connection(real_redis) as conn:
        queue = conn.SimpleQueue("pdf")
        queue.clear()

        broker(real_redis)  # Redis is back; beat runs the sweep after the grace period
        MeetingDocument.objects.filter(pk=draft.pk).update(
            render_queued_at=timezone.now() - notices.QUEUED_GRACE - datetime.timedelta(seconds=1)
        )
        assert sweep_documents.apply().get() == 1

        message = queue.get(timeout=5)  # routed by name: meetings.*render* -> the pdf queue
        assert message.headers["task"] == render_document.name
        args = message.payload[0]
        message.ack()
        with pytest.raises(queue.Empty):  # exactly one job was published
            queue.get(timeout=0.5)
        queue.close()
    render_document.apply(args=args).get()  # what the pdf worker does with the message
    draft.refresh_from_db()
    assert draft.render_state == RenderState.READY
    assert draft.file.read().startswith(b"%PDF")


# --- PostgreSQL restarting ---------------------------------------------------------------------


def _serve(handler, path, cookie):
    """One request through the WSGI handler as gunicorn runs it (request_started/finished fire,
    so persistent connections are health-checked), returning the status code."""
    environ = RequestFactory().get(path).environ
    environ["HTTP_COOKIE"] = cookie
    status = []
    response = handler(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(response)
    response.close()
    return int(status[0].split()[0])


def _terminate_backends(pids):
    params = connection.get_connection_params()
    dsn = {k: v for k, v in params.items() if k in {"host", "port", "user", "password", "dbname"}}
    with psycopg.connect(**dsn, autocommit=True) as other:
        for pid in pids:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def postgresql():
    """These faults are PostgreSQL's: on the embedded SQLite default they are skipped, in CI
    (REQUIRE_BROWSER, DATABASE_URL on PostgreSQL) they must run."""
    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("CI must run the PostgreSQL fault tests on PostgreSQL (DATABASE_URL)")
        pytest.skip("needs PostgreSQL (DATABASE_URL); the embedded default is SQLite")


def test_the_app_recovers_when_postgresql_drops_its_connections(
    postgresql, world, secretariat, client, settings
):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    client.force_login(secretariat)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler = WSGIHandler()
    assert _serve(handler, "/", cookie) == 200
    pid = connection.connection.info.backend_pid  # kept open between requests (CONN_MAX_AGE)

    _terminate_backends([pid])  # what a PostgreSQL restart does to every open connection

    assert _serve(handler, "/", cookie) == 200
    assert _serve(handler, reverse("directive_list"), cookie) == 200
    assert connection.connection.info.backend_pid != pid


def test_without_health_checks_the_first_request_after_a_restart_would_fail(
    postgresql, world, secretariat, client, settings
):
    """The control case: it is CONN_HEALTH_CHECKS that saves the request above."""
    client.force_login(secretariat)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler = WSGIHandler()
    assert _serve(handler, "/", cookie) == 200
    _terminate_backends([connection.connection.info.backend_pid])
    connection.health_check_enabled = False
    try:
        assert _serve(handler, "/", cookie) == 500
    finally:
        connection.health_check_enabled = True
        connection.close()


# --- A full disk ------------------------------------------------------------------------------


def test_a_full_disk_on_upload_explains_in_vietnamese_and_writes_nothing(
    world, ward_a, client_as, full_disk
):
    meeting = MeetingFactory(committee=world.committee)
    directive = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=meeting), lead_unit=world.ward_a
    )
    before = (directive.state, directive.progress_percent)
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")

    response = client_as(ward_a).post(
        reverse("directive_report", args=[directive.pk]),
        {
            "note": "Đã triển khai",
            "percent": "50",
            "reported_on": "2019-11-20",
            "evidence": upload,
        },
        follow=True,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "dung lượng" in page  # "… hết dung lượng lưu trữ …"
    directive.refresh_from_db()
    assert (directive.state, directive.progress_percent) == before
    assert directive.state == TaskState.NOT_STARTED
    assert not DirectiveEvent.objects.filter(directive=directive).exclude(kind="created").exists()
    assert not Evidence.objects.exists()
    leftovers = [p for p in full_disk.rglob("*") if p.is_file()] if full_disk.exists() else []
    assert leftovers == []
    assert Directive.objects.count() == 1
