"""The standing agency's import of many units' figures: small files previewed and confirmed,
large ones in a Celery task whose progress the page polls; all or nothing either way."""

import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis import bulk_import
from kpis.models import ImportJob, ImportJobState, IndicatorReport
from kpis.resources import BULK_COLUMNS

KEY = "2099-month-1"


def _xlsx(rows, header=BULK_COLUMNS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [["T-Q-A", "CT09", KEY, 8, 10, None, ""], ["T-Q-B", "CT09", KEY, 9, 10, None, ""]]


def _upload(client, plan, content):
    return client.post(
        reverse("kpi_bulk_import", args=[plan.pk]),
        {"file": SimpleUploadedFile("so-lieu.xlsx", content)},
    )


def test_a_small_file_is_previewed_then_confirmed(plan_world, secretariat, client_as):
    client = client_as(secretariat)
    response = _upload(client, plan_world.plan, _xlsx(GOOD))
    html = response.content.decode()
    assert "2 dòng hợp lệ." in html
    assert not IndicatorReport.objects.exists()
    sha256 = response.context["outcome"].sha256
    client.post(reverse("kpi_bulk_import_confirm", args=[plan_world.plan.pk]), {"sha256": sha256})
    assert IndicatorReport.objects.count() == 2
    assert not ImportJob.objects.exists()


@pytest.fixture
def small_threshold(settings):
    settings.KPI_IMPORT_ASYNC_ROWS = 1


def test_a_large_file_imports_in_a_background_job_with_progress(
    plan_world, secretariat, client_as, small_threshold, django_capture_on_commit_callbacks
):
    client = client_as(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, plan_world.plan, _xlsx(GOOD))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("kpi_import_job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == ImportJobState.DONE and job.written == 2 and job.total_rows == 2
    assert IndicatorReport.objects.count() == 2
    html = client.get(response.url).content.decode()
    assert "Đã nhập 2 dòng số liệu" in html
    assert "every 1s" not in html  # finished: the page stops polling
    # Running the same job again changes nothing.
    bulk_import.import_job_run(job_pk=job.pk)
    assert IndicatorReport.objects.count() == 2
    assert ImportJob.objects.get().state == ImportJobState.DONE


def test_a_large_file_with_one_bad_row_writes_nothing_and_the_job_says_where(
    plan_world, secretariat, client_as, small_threshold, django_capture_on_commit_callbacks
):
    client = client_as(secretariat)
    rows = [*GOOD, ["T-Q-B", "CT09", "2099-month-7", "mười", 10, None, ""]]
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, plan_world.plan, _xlsx(rows))
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.FAILED
    assert not IndicatorReport.objects.exists()
    html = client.get(response.url).content.decode()
    assert "Dòng 4, cột “Mã kỳ”: Không có kỳ mã “2099-month-7”." in html
    assert "Dòng 4, cột “Tử số”: “mười” không phải là số." in html


def test_the_page_polls_the_running_job_and_shows_rows_read(plan_world, secretariat, client_as):
    job = ImportJob.objects.create(
        plan=plan_world.plan,
        user=secretariat,
        sha256="0" * 64,
        total_rows=1000,
        state=ImportJobState.RUNNING,
    )
    cache.set(bulk_import.progress_key(job.pk), 400)
    response = client_as(secretariat).get(
        reverse("kpi_import_job", args=[job.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html  # only the progress block
    assert 'hx-trigger="every 1s"' in html
    assert "đã đọc 400/1000 dòng" in html
    assert 'value="40"' in html


def test_a_wrong_header_is_explained_before_any_row(plan_world, secretariat, client_as):
    content = _xlsx(GOOD, header=[*BULK_COLUMNS[:-1], "ghi_chu"])
    html = _upload(client_as(secretariat), plan_world.plan, content).content.decode()
    assert "Thiếu cột: giai_trinh." in html
    assert "Cột không dùng được: ghi_chu." in html
    assert not IndicatorReport.objects.exists()


def test_a_failed_job_whose_file_remains_can_be_run_again_from_the_page(
    plan_world, secretariat, client_as, small_threshold, django_capture_on_commit_callbacks
):
    client = client_as(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, plan_world.plan, _xlsx(GOOD))
    job = ImportJob.objects.get()
    # As if the database had failed mid-run: the rows were rolled back, the file is kept.
    IndicatorReport.objects.all().delete()
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJobState.FAILED)
    default_storage.save(job.file_name, ContentFile(_xlsx(GOOD)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("kpi_import_job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJobState.DONE
    assert IndicatorReport.objects.count() == 2
