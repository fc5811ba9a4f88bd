"""The standing agency's import of many units' figures for a plan, small files at once and large
ones in a Celery task with progress.

Columns: ma_don_vi, ma_chi_tieu, ma_ky ("2023-month-5"), tu_so, mau_so, gia_tri, giai_trinh.
A file up to `KPI_IMPORT_ASYNC_ROWS` rows is previewed (dry run) and confirmed in the request; a
larger one is stored and imported by `kpis.tasks.import_job_run` (checked and written all or
nothing) while the page polls the job. Either way nothing is written unless every row is valid.
"""

import datetime
import hashlib

import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steering.background import enqueue_on_commit

from .models import ImportJob, ImportJobState, Plan
from .resources import BULK_COLUMNS, COLUMN_LABELS, PeriodReportsResource
from .services import ImportOutcome
from .workbook import Sheet, sheet_read

BULK_MAX_ROWS = 50_000
STALE_RUN = datetime.timedelta(minutes=10)  # a run claimed longer ago died with its worker
LABELS = {**COLUMN_LABELS, "ma_ky": "Mã kỳ"}
ATTRIBUTE_COLUMN = {
    "unit": "ma_don_vi",
    "indicator": "ma_chi_tieu",
    "period": "ma_ky",
    "numerator": "tu_so",
    "denominator": "mau_so",
    "value": "gia_tri",
    "comment": "giai_trinh",
}
MAX_ERRORS_SHOWN = 200


def async_threshold() -> int:
    return getattr(settings, "KPI_IMPORT_ASYNC_ROWS", 2000)


def _stored_name(*, plan: Plan, sha256: str) -> str:
    return f"kpis/imports/plan-{plan.pk}-{sha256}.xlsx"


def progress_key(job_pk: int) -> str:
    return f"kpis:import-job:{job_pk}:done"


def bulk_import_read(content: bytes) -> Sheet:
    """The file read once (the archive checked before any XML is parsed); ValidationError
    with a Vietnamese message for a file that cannot be read at all."""
    return sheet_read(content, max_rows=BULK_MAX_ROWS, labels=LABELS)


def _dataset(sheet: Sheet):
    """(dataset, excel row numbers, errors): header and cell checks before any row is imported."""
    if sheet.errors:
        return None, [], list(sheet.errors)
    header, rows = sheet.header, sheet.rows
    missing = [c for c in BULK_COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in BULK_COLUMNS]
    errors = []
    if missing:
        errors.append((1, "", _("Thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)}))
    if unknown:
        errors.append((1, "", _("Cột không dùng được: %(cols)s.") % {"cols": ", ".join(unknown)}))
    if not errors and not rows:
        errors.append((None, "", _("Tệp không có dòng số liệu nào.")))
    if errors:
        return None, [], errors
    dataset = tablib.Dataset(headers=header)
    numbers = []
    for number, cells in rows:
        dataset.append((list(cells) + [""] * len(header))[: len(header)])
        numbers.append(number)
    return dataset, numbers, []


def bulk_import_run(
    *, plan: Plan, user, content: bytes, dry_run: bool, progress=None, sheet: Sheet | None = None
) -> ImportOutcome:
    """Check (dry run) or import the whole file, all or nothing; errors by row and column.
    `sheet` is the file already read by the caller, so that it is parsed only once."""
    sha256 = hashlib.sha256(content).hexdigest()
    outcome = ImportOutcome(sha256=sha256, ok=False, errors=[], rows=[])
    try:
        dataset, numbers, errors = _dataset(sheet or bulk_import_read(content))
    except ValidationError as exc:
        outcome.errors.append((None, "", " ".join(exc.messages)))
        return outcome
    if errors:
        outcome.errors.extend(errors)
        return outcome
    resource = PeriodReportsResource(plan=plan, user=user, progress=progress)
    result = resource.import_data(dataset, dry_run=dry_run)
    for invalid in result.invalid_rows:
        excel_row = numbers[invalid.number - 1]
        for name, messages in invalid.error_dict.items():
            label = LABELS.get(ATTRIBUTE_COLUMN.get(name, name), "")
            for message in messages:
                outcome.errors.append((excel_row, label, message))
    for number, row_errors in result.row_errors():
        for error in row_errors:
            outcome.errors.append((numbers[number - 1] if number else None, "", str(error.error)))
    for error in result.base_errors:
        outcome.errors.append((None, "", str(error.error)))
    outcome.ok = not outcome.errors
    outcome.rows = [(n,) for n in numbers]
    if outcome.ok and not dry_run:
        outcome.written = len(numbers)
    return outcome


def bulk_import_store(*, plan: Plan, content: bytes) -> str:
    name = _stored_name(plan=plan, sha256=hashlib.sha256(content).hexdigest())
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


def bulk_import_load(*, plan: Plan, sha256: str) -> bytes:
    """The stored file with this hash (the one previewed), checked again."""
    import re

    if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
        raise ValidationError(_("Không tìm thấy tệp đã xem trước; hãy tải tệp lên lại."))
    name = _stored_name(plan=plan, sha256=sha256)
    if not default_storage.exists(name):
        raise ValidationError(_("Không tìm thấy tệp đã xem trước; hãy tải tệp lên lại."))
    with default_storage.open(name, "rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ValidationError(_("Tệp đã xem trước bị thay đổi; hãy tải tệp lên lại."))
    return content


def import_job_create(*, plan: Plan, user, content: bytes, total_rows: int) -> ImportJob:
    """Store the file and queue its import after commit; the job row keeps the state."""
    from .tasks import import_job_run as task

    name = bulk_import_store(plan=plan, content=content)
    with transaction.atomic():
        job = ImportJob.objects.create(
            plan=plan,
            user=user,
            sha256=hashlib.sha256(content).hexdigest(),
            file_name=name,
            total_rows=total_rows,
        )
        enqueue_on_commit(task, job.pk)
    return job


def _claim(job_pk: int) -> bool:
    """Compare-and-set: only one worker runs a job; a run that died long ago may be resumed."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_pk, state=ImportJobState.QUEUED).update(
        state=ImportJobState.RUNNING, started_at=now
    )
    if not claimed:
        claimed = ImportJob.objects.filter(
            pk=job_pk, state=ImportJobState.RUNNING, started_at__lt=now - STALE_RUN
        ).update(started_at=now)
    return bool(claimed)


def import_job_run(*, job_pk: int) -> ImportJob:
    """Run a queued job: all rows or none. Idempotent: a finished or running job is left alone."""
    if not _claim(job_pk):
        return ImportJob.objects.get(pk=job_pk)
    job = ImportJob.objects.select_related("plan", "user").get(pk=job_pk)
    key = progress_key(job.pk)

    def progress(done: int) -> None:
        # Outside the import's transaction, so that the page sees it while the rows are written.
        cache.set(key, done, timeout=3600)

    try:
        with default_storage.open(job.file_name, "rb") as handle:
            content = handle.read()
        outcome = bulk_import_run(
            plan=job.plan, user=job.user, content=content, dry_run=False, progress=progress
        )
    except Exception as exc:  # a damaged file or a database error: the job says so
        job.state = ImportJobState.FAILED
        job.errors = [[None, "", _("Lỗi khi nhập: %(e)s") % {"e": exc}]]
    else:
        if outcome.ok:
            job.state = ImportJobState.DONE
            job.written = outcome.written
            job.done_rows = job.total_rows
            default_storage.delete(job.file_name)
        else:
            job.state = ImportJobState.FAILED
            job.errors = [list(e) for e in outcome.errors[:MAX_ERRORS_SHOWN]]
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "written", "done_rows", "errors", "finished_at"])
    cache.delete(key)
    return job


def import_job_progress(job: ImportJob) -> int:
    """Rows read so far (from the cache while the task runs)."""
    if job.state == ImportJobState.RUNNING:
        return min(int(cache.get(progress_key(job.pk)) or 0), job.total_rows)
    return job.done_rows


def import_job_retry(*, job: ImportJob) -> ImportJob:
    """Queue a failed job again (its file is kept until it imports); nothing else changes."""
    from .tasks import import_job_run as task

    if job.state != ImportJobState.FAILED:
        raise ValidationError(_("Chỉ chạy lại được lượt nhập không thành công."))
    if not job.file_name or not default_storage.exists(job.file_name):
        raise ValidationError(_("Không còn tệp của lượt nhập này; hãy tải tệp lên lại."))
    with transaction.atomic():
        updated = ImportJob.objects.filter(pk=job.pk, state=ImportJobState.FAILED).update(
            state=ImportJobState.QUEUED, errors=[], finished_at=None, started_at=None
        )
        if updated:
            enqueue_on_commit(task, job.pk)
    job.refresh_from_db()
    return job
