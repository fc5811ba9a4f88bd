"""A real Celery worker on Redis renders the ward's upward report PDF that a click asked for; the
next click downloads the stored file. Skipped unless REDIS_URL is set and Redis answers (required
with REQUIRE_BROWSER=1, as in CI), like tests/meetings/test_notices_worker.py."""

import uuid

import pytest
from django.urls import reverse

from meetings.models import RenderState, UpwardPdf
from meetings.tasks import render_upward_pdf
from steering.celery import app
from tests.meetings.test_notices_worker import Worker, _redis_url, _wait_for

pytestmark = pytest.mark.django_db(transaction=True)

PERIOD = {"start": "01/09/2025", "end": "30/09/2025"}


@pytest.fixture
def worker_setup(settings, tmp_path, monkeypatch):
    """The worker on its own queue; this process publishes there (tests run tasks eagerly)."""
    redis_url = _redis_url()
    settings.MEDIA_ROOT = tmp_path / "media"
    queue = f"upward-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    original = render_upward_pdf.apply_async

    def apply_async(args=None, kwargs=None, **options):
        with app.connection_for_write(redis_url) as conn:
            return original(args=args, kwargs=kwargs, queue=queue, connection=conn, **options)

    monkeypatch.setattr(render_upward_pdf, "apply_async", apply_async)
    worker = Worker(
        redis_url=redis_url,
        media=settings.MEDIA_ROOT,
        queue=queue,
        log=tmp_path / "worker.log",
    )
    yield worker
    worker.stop()


def test_a_real_worker_renders_the_pdf_the_click_asked_for(
    worker_setup, bo_de_tasks, ward_secretariat, client_as
):
    client = client_as(ward_secretariat)
    url = reverse("upward_report_pdf", kwargs={"pk": bo_de_tasks.bo_de.committee.pk})
    assert "Đang tạo tệp PDF…" in client.get(url, PERIOD).content.decode()
    job = UpwardPdf.objects.get()

    def ready():
        return UpwardPdf.objects.filter(pk=job.pk, state=RenderState.READY).exists()

    _wait_for(ready, what="the upward PDF", worker=worker_setup)
    response = client.get(url, PERIOD)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert UpwardPdf.objects.count() == 1
    assert "meetings.render_upward_pdf" in worker_setup.output()
