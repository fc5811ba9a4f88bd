"""Background jobs of the kpis app. Each takes primary keys and calls one service."""

from celery import shared_task

from . import bulk_import


@shared_task(name="kpis.import_job_run")
def import_job_run(job_pk: int) -> None:
    """Import a large reports file, all rows or none (a finished job is not run again)."""
    bulk_import.import_job_run(job_pk=job_pk)
