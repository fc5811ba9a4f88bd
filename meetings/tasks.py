"""Background jobs of the meetings app. Each takes primary keys and calls one service."""

from celery import shared_task

from . import notices


@shared_task(
    name="meetings.render_document",
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=300,
    # No jitter: Celery's full jitter may draw a 0 s countdown, i.e. an immediate retry loop.
    retry_jitter=False,
    max_retries=notices.MAX_RENDER_ATTEMPTS - 1,
)
def render_document(document_pk: int) -> None:
    """Render an issued notice or minutes to PDF (a ready version is not rendered again)."""
    notices.notice_render(document_pk=document_pk)


@shared_task(name="meetings.sweep_documents")
def sweep_documents() -> int:
    """Publish again the render jobs lost while the broker was down or a worker died."""
    return len(notices.documents_sweep())


@shared_task(
    name="meetings.render_upward_pdf",
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=False,
    max_retries=2,
)
def render_upward_pdf(job_pk: int) -> None:
    """Render a ward's upward report to PDF for its job (a ready job is not rendered again)."""
    from . import upward_pdf

    upward_pdf.upward_pdf_render(job_pk=job_pk)


@shared_task(name="meetings.sweep_upward_pdfs")
def sweep_upward_pdfs() -> int:
    """Publish again the upward report PDF jobs that were lost; delete the old files."""
    from . import upward_pdf

    return len(upward_pdf.upward_pdfs_sweep())
