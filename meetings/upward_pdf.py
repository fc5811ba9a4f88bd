"""The ward's upward report as PDF, rendered in the background (the notices' pattern).

Laying out a ward's 300 tasks in WeasyPrint takes seconds, so the click never renders: it finds
the render job of the report's current content (`upward_export.upward_report_key`: committee,
period, reader, the day, the language and the data versions of the directives and of the
criteria lights), or creates it once and publishes `render_upward_pdf` on commit.
The page polls the job's state; once ready, the same link serves the stored file. Any write to a
directive, a meeting, a unit, a committee, a criterion or a mark gives a new data version (a
database trigger, steering/data_version.py), hence a new key: the next click renders anew and
an old file is never served for new figures. A job lost with the broker or a dead worker is
published again by the sweep, which also deletes files no key can reach any more.
"""

import datetime
import hashlib
import logging

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from steering.background import enqueue_on_commit

from .models import RenderState
from .notices import QUEUED_GRACE, RENDERING_GRACE, file_write_atomically
from .upward_models import UpwardPdf

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
KEEP = datetime.timedelta(days=2)  # a file no key reaches any more: removed by the sweep after


def upward_pdf_get(*, key: str) -> UpwardPdf | None:
    return UpwardPdf.objects.filter(key=key).first()


def upward_pdf_request(
    *, committee, user, start: datetime.date, end: datetime.date, key: str
) -> UpwardPdf:
    """The job of `key`: the existing one, or a new one queued for the worker (once: a second
    click, or two readers at once, find the same row)."""
    job = upward_pdf_get(key=key)
    if job is not None:
        return job
    try:
        with transaction.atomic():
            job = UpwardPdf.objects.create(
                key=key,
                committee=committee,
                requested_by=user,
                start=start,
                end=end,
                issued_on=timezone.localdate(),
                language=translation.get_language() or "vi",
                state=RenderState.QUEUED,
                queued_at=timezone.now(),
            )
            _enqueue(job.pk)
    except IntegrityError:  # the same click from another tab won the race
        return UpwardPdf.objects.get(key=key)
    return job


def _enqueue(job_pk: int) -> None:
    from .tasks import render_upward_pdf

    enqueue_on_commit(render_upward_pdf, job_pk)


def _file_path(job: UpwardPdf) -> str:
    return f"upward/{job.key}.pdf"


def upward_pdf_render(*, job_pk: int) -> UpwardPdf | None:
    """The render job (idempotent): the report computed for the job's reader and period, laid
    out and stored under the job's key; a ready job is left alone."""
    from .upward_export import upward_report_pdf
    from .upward_report import upward_report

    job = UpwardPdf.objects.select_related("committee", "requested_by").filter(pk=job_pk).first()
    if job is None:
        return None
    name = _file_path(job)
    if job.state == RenderState.READY and default_storage.exists(name):
        return job
    rows = UpwardPdf.objects.filter(pk=job.pk)
    rows.update(state=RenderState.RENDERING, started_at=timezone.now(), attempts=F("attempts") + 1)
    try:
        with translation.override(job.language):
            report = upward_report(
                committee=job.committee, user=job.requested_by, start=job.start, end=job.end
            )
            pdf = upward_report_pdf(report, issued_on=job.issued_on)
        file_write_atomically(name, pdf)
    except Exception as exc:
        rows.update(state=RenderState.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    rows.update(
        state=RenderState.READY,
        file=name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        rendered_at=timezone.now(),
        error="",
    )
    job.refresh_from_db()
    return job


def upward_pdf_requeue(*, job: UpwardPdf) -> UpwardPdf:
    """A failed job asked for again (the page's button), or a ready one whose file is gone:
    queued once more."""
    with transaction.atomic():
        current = UpwardPdf.objects.select_for_update().get(pk=job.pk)
        if current.state not in (RenderState.FAILED, RenderState.READY):
            return current
        current.state = RenderState.QUEUED
        current.queued_at = timezone.now()
        current.attempts = 0
        current.file = current.sha256 = ""
        current.save(update_fields=["state", "queued_at", "attempts", "file", "sha256"])
        _enqueue(current.pk)
    return current


def upward_pdfs_sweep(*, now: datetime.datetime | None = None, inline: bool = False) -> list[int]:
    """Publish again the jobs that were lost (still queued, stuck rendering, failed with
    attempts left), and delete the jobs and files older than `KEEP` (their key is of a past day
    or an older data version: nobody can ask for them again)."""
    from .tasks import render_upward_pdf

    now = now or timezone.now()
    for job in UpwardPdf.objects.filter(created_at__lt=now - KEEP).only("pk", "file"):
        if job.file:
            default_storage.delete(job.file)
        job.delete()
    lost = UpwardPdf.objects.stuck(
        queued_before=now - QUEUED_GRACE, rendering_before=now - RENDERING_GRACE
    ) | UpwardPdf.objects.filter(
        state=RenderState.FAILED, attempts__lt=MAX_ATTEMPTS, started_at__lt=now - RENDERING_GRACE
    )
    swept = []
    for pk in lost.values_list("pk", flat=True):
        UpwardPdf.objects.filter(pk=pk).update(state=RenderState.QUEUED, queued_at=now)
        if inline:
            try:
                upward_pdf_render(job_pk=pk)
            except Exception:
                log.exception("render of upward report PDF %s failed", pk)
        else:
            try:
                render_upward_pdf.apply_async(args=(pk,))
            except Exception:
                log.exception("could not enqueue the upward report PDF %s", pk)
                continue
        swept.append(pk)
    return swept
