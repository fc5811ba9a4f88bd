"""A real Celery worker on Redis renders notices; a broker that is down; a worker killed mid-write.

The worker is a subprocess (`celery -A steering worker --pool=solo`) on the test database and a
queue of its own. Skipped unless REDIS_URL is set and Redis answers; required (a failure, not a
skip) when REQUIRE_BROWSER=1, as in CI. The broker-down tests need no Redis.
"""

import datetime
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from meetings import notices
from meetings.models import DocumentKind, MeetingDocument, MeetingState, RenderState
from meetings.tasks import render_document
from steering.celery import app
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parents[2]
REQUIRED = bool(os.environ.get("REQUIRE_BROWSER"))
ISSUE_DAY = datetime.date(2019, 10, 17)
WAIT = 90  # seconds: a cold worker imports Django and WeasyPrint first

# Loaded by the worker through PYTHONPATH: while the marker file exists, the rename that publishes
# a rendered PDF waits (after the whole temporary file is written), so the test can kill the
# worker at exactly that point.
SITECUSTOMIZE = """
import os, time
_marker = os.environ.get("NOTICE_TEST_PAUSE_MARKER")
_replace = os.replace
def _paused_replace(src, dst, *args, **kwargs):
    if _marker and os.path.exists(_marker) and str(src).endswith(".part"):
        open(_marker + ".reached", "w").close()
        time.sleep(600)
    return _replace(src, dst, *args, **kwargs)
os.replace = _paused_replace
"""


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL") or ("redis://127.0.0.1:6379/1" if REQUIRED else "")
    if not url:
        pytest.skip("REDIS_URL is not set: the real-worker test needs Redis")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:
        if REQUIRED:
            pytest.fail(f"Redis at {url} does not answer ({exc}); REQUIRE_BROWSER=1 needs it")
        pytest.skip(f"Redis at {url} does not answer: {exc}")
    return url


def _database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def _route(monkeypatch, broker_url: str, queue: str = "celery") -> None:
    """Publish render jobs from this process to `broker_url` (the test settings run tasks
    eagerly and in memory)."""
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    original = render_document.apply_async

    def apply_async(args=None, kwargs=None, **options):
        with app.connection_for_write(broker_url) as conn:
            return original(args=args, kwargs=kwargs, queue=queue, connection=conn, **options)

    monkeypatch.setattr(render_document, "apply_async", apply_async)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft(world):
    meeting = MeetingFactory(
        committee=world.committee,
        starts_at=datetime.datetime(2019, 10, 17, 8, tzinfo=datetime.UTC),
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    DirectiveFactory(conclusion=conclusion, lead_unit=world.vhtt, content="Giao rà soát mạng")
    return notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)


class Worker:
    def __init__(self, *, redis_url: str, media: Path, queue: str, log: Path, extra_env=None):
        self.log = log
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "steering.settings",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis_url,
            "MEDIA_ROOT": str(media),
            "SECRET_KEY": "worker-test-secret-key-not-for-production",
            "CONN_MAX_AGE": "0",
            "DEBUG": "false",
            **(extra_env or {}),
        }
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "steering",
                    "worker",
                    "--pool=solo",
                    "-Q",
                    queue,
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=INFO",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@pytest.fixture
def workers(tmp_path):
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def _wait_for(condition, *, timeout=WAIT, what="", worker=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited ({worker.process.returncode}):\n{worker.output()}")
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}" + (f":\n{worker.output()}" if worker else ""))


def _state(document) -> str:
    return MeetingDocument.objects.values_list("render_state", flat=True).get(pk=document.pk)


def test_a_real_worker_renders_an_issued_notice_through_the_queue(
    draft, secretariat, media, monkeypatch, workers, tmp_path
):
    redis_url = _redis_url()
    queue = f"notices-test-{uuid.uuid4().hex[:8]}"
    _route(monkeypatch, redis_url, queue)
    worker = Worker(redis_url=redis_url, media=media, queue=queue, log=tmp_path / "worker.log")
    workers.append(worker)

    issued = notices.notice_issue(document=draft, user=secretariat, issued_on=ISSUE_DAY)
    assert issued.render_state == RenderState.QUEUED

    _wait_for(lambda: _state(issued) == RenderState.READY, what="the PDF", worker=worker)
    issued.refresh_from_db()
    data = issued.file.read()
    assert data.startswith(b"%PDF")
    assert issued.render_attempts == 1
    import hashlib

    assert hashlib.sha256(data).hexdigest() == issued.sha256
    assert "meetings.render_document" in worker.output()


def test_issuing_succeeds_with_the_broker_down_and_the_sweep_renders_it_later(
    draft, secretariat, media, monkeypatch
):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: connections are refused
    _route(monkeypatch, f"redis://127.0.0.1:{port}/1")

    issued = notices.notice_issue(document=draft, user=secretariat, issued_on=ISSUE_DAY)

    assert issued.number == 1
    assert _state(issued) == RenderState.QUEUED  # kept in the database, not lost
    later = timezone.now() + notices.QUEUED_GRACE + datetime.timedelta(seconds=1)
    assert notices.documents_sweep(now=later, inline=True) == [issued.pk]
    assert _state(issued) == RenderState.READY


def test_issuing_returns_within_seconds_when_the_broker_hangs(
    draft, secretariat, media, monkeypatch
):
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(16)  # accepts connections (in the kernel) and never answers
    try:
        _route(monkeypatch, f"redis://127.0.0.1:{hung.getsockname()[1]}/1")
        start = time.monotonic()
        issued = notices.notice_issue(document=draft, user=secretariat, issued_on=ISSUE_DAY)
        elapsed = time.monotonic() - start
    finally:
        hung.close()
    assert _state(issued) == RenderState.QUEUED
    assert elapsed < 30, elapsed


def test_a_worker_killed_mid_write_leaves_one_file_after_the_retry(
    draft, secretariat, media, monkeypatch, workers, tmp_path
):
    redis_url = _redis_url()
    queue = f"notices-test-{uuid.uuid4().hex[:8]}"
    _route(monkeypatch, redis_url, queue)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    marker = tmp_path / "pause"
    marker.touch()
    pythonpath = os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")]))
    paused = Worker(
        redis_url=redis_url,
        media=media,
        queue=queue,
        log=tmp_path / "worker1.log",
        extra_env={"PYTHONPATH": pythonpath, "NOTICE_TEST_PAUSE_MARKER": str(marker)},
    )
    workers.append(paused)

    issued = notices.notice_issue(document=draft, user=secretariat, issued_on=ISSUE_DAY)
    _wait_for(lambda: Path(f"{marker}.reached").exists(), what="the paused write", worker=paused)
    paused.stop(signal.SIGKILL)
    folder = media / "officialdocs"
    assert [p.name.endswith(".part") for p in folder.iterdir()] == [True]
    assert _state(issued) == RenderState.RENDERING

    marker.unlink()
    restarted = Worker(redis_url=redis_url, media=media, queue=queue, log=tmp_path / "worker2.log")
    workers.append(restarted)
    later = timezone.now() + notices.RENDERING_GRACE + datetime.timedelta(seconds=1)
    assert notices.documents_sweep(now=later) == [issued.pk]
    _wait_for(lambda: _state(issued) == RenderState.READY, what="the retry", worker=restarted)

    issued.refresh_from_db()
    assert sorted(p.name for p in folder.iterdir()) == [f"{issued.file_key.hex}.pdf"]
    assert issued.render_attempts == 2
