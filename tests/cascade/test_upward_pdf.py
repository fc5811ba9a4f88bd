"""The ward's upward report as PDF, rendered by the worker: the click starts one job per content
(committee, period, reader, day, data versions), the page follows its state, the ready file is
served as stored, and any write to the figures makes the next click a new file."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kpis.models import CriterionScore
from meetings import upward_pdf
from meetings.models import Directive, RenderState, UpwardPdf

pytestmark = pytest.mark.django_db

PERIOD = {"start": "01/09/2025", "end": "30/09/2025"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def urls(bo_de_tasks):
    pk = bo_de_tasks.bo_de.committee.pk
    return (
        reverse("upward_report_pdf", kwargs={"pk": pk}),
        reverse("upward_report_pdf_state", kwargs={"pk": pk}),
    )


@pytest.fixture
def ward(client_as, ward_secretariat):
    return client_as(ward_secretariat)


def _ready(ward, url, capture):
    with capture(execute=True):
        ward.get(url, PERIOD)
    return UpwardPdf.objects.get(state=RenderState.READY)


def test_the_first_click_queues_one_job_and_shows_that_the_pdf_is_being_made(ward, urls):
    response = ward.get(urls[0], PERIOD)
    assert response.status_code == 200
    assert "Đang tạo tệp PDF…" in response.content.decode()
    job = UpwardPdf.objects.get()
    assert (job.state, job.start, job.end) == (
        RenderState.QUEUED,
        datetime.date(2025, 9, 1),
        datetime.date(2025, 9, 30),
    )


def test_clicking_again_while_it_renders_finds_the_same_job(ward, urls):
    ward.get(urls[0], PERIOD)
    ward.get(urls[0], PERIOD)
    assert UpwardPdf.objects.count() == 1


def test_the_click_publishes_the_render_job_once_on_commit(
    ward, urls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        ward.get(urls[0], PERIOD)
        ward.get(urls[0], PERIOD)
    assert len(callbacks) == 1


def test_the_state_page_polls_while_queued_and_links_the_file_once_ready(
    ward, urls, django_capture_on_commit_callbacks
):
    ward.get(urls[0], PERIOD)
    waiting = ward.get(urls[1], PERIOD).content.decode()
    assert "data-hx-trigger" in waiting and "Đang tạo tệp PDF…" in waiting
    upward_pdf.upward_pdf_render(job_pk=UpwardPdf.objects.get().pk)
    ready = ward.get(urls[1], PERIOD).content.decode()
    assert 'data-testid="upward-pdf-ready"' in ready and "data-hx-trigger" not in ready


def test_a_ready_pdf_is_served_as_stored_without_counting_the_report_again(
    ward, urls, django_capture_on_commit_callbacks
):
    job = _ready(ward, urls[0], django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as queries:
        response = ward.get(urls[0], PERIOD)
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    assert response["ETag"] == f'"{job.sha256}"'
    assert not any("meetings_directive" in q["sql"] for q in queries.captured_queries)


def test_the_ready_download_and_the_state_page_take_a_fixed_number_of_queries(
    ward, urls, django_capture_on_commit_callbacks
):
    _ready(ward, urls[0], django_capture_on_commit_callbacks)
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            ward.get(url, PERIOD)
        counts.append(len(queries))
    assert counts[0] <= 12 and counts[1] <= 12, counts


def test_a_directive_written_after_the_render_makes_the_next_click_a_new_job(
    ward, urls, bo_de_tasks, django_capture_on_commit_callbacks
):
    _ready(ward, urls[0], django_capture_on_commit_callbacks)
    Directive.objects.filter(pk=bo_de_tasks.task_bo_de.pk).update(completed_on=None)
    response = ward.get(urls[0], PERIOD)
    assert "Đang tạo tệp PDF…" in response.content.decode()
    assert UpwardPdf.objects.count() == 2


def test_a_mark_changed_after_the_render_makes_the_next_click_a_new_job(
    ward, urls, bo_de_lights, django_capture_on_commit_callbacks
):
    _ready(ward, urls[0], django_capture_on_commit_callbacks)
    CriterionScore.objects.filter(sheet__criteria_set=bo_de_lights).update(light="green")
    ward.get(urls[0], PERIOD)
    assert UpwardPdf.objects.count() == 2


def test_the_state_page_of_a_job_whose_figures_changed_offers_a_new_file(ward, urls, bo_de_tasks):
    ward.get(urls[0], PERIOD)
    Directive.objects.filter(pk=bo_de_tasks.task_bo_de.pk).update(completed_on=None)
    assert 'data-testid="upward-pdf-stale"' in ward.get(urls[1], PERIOD).content.decode()


def test_another_wards_secretariat_gets_no_job_and_not_found(
    client_as, other_ward_secretariat, urls
):
    for url in urls:
        assert client_as(other_ward_secretariat).get(url, PERIOD).status_code == 404
    assert not UpwardPdf.objects.exists()


def test_the_wards_office_is_forbidden(client_as, ward_office, urls):
    for url in urls:
        assert client_as(ward_office).get(url, PERIOD).status_code == 403
    assert not UpwardPdf.objects.exists()


def test_a_failed_render_is_shown_and_tried_again_on_request(
    ward, urls, monkeypatch, django_capture_on_commit_callbacks
):
    ward.get(urls[0], PERIOD)
    job = UpwardPdf.objects.get()

    def broken(source):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("meetings.upward_export._render_pdf", broken)
    with pytest.raises(RuntimeError):
        upward_pdf.upward_pdf_render(job_pk=job.pk)
    assert "Lỗi tạo tệp" in ward.get(urls[1], PERIOD).content.decode()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        ward.post(f"{urls[0]}?start=01/09/2025&end=30/09/2025")
    job.refresh_from_db()
    assert job.state == RenderState.READY


def test_a_ready_job_whose_file_was_lost_is_rendered_again(
    ward, urls, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    job = _ready(ward, urls[0], django_capture_on_commit_callbacks)
    default_storage.delete(job.file)
    assert "Đang tạo tệp PDF…" in ward.get(urls[0], PERIOD).content.decode()
    job.refresh_from_db()
    assert job.state == RenderState.QUEUED


def test_the_sweep_publishes_a_lost_job_again_and_removes_old_files(ward, urls):
    from django.core.files.storage import default_storage

    ward.get(urls[0], PERIOD)
    job = UpwardPdf.objects.get()
    later = timezone.now() + upward_pdf.QUEUED_GRACE + datetime.timedelta(seconds=1)
    assert upward_pdf.upward_pdfs_sweep(now=later, inline=True) == [job.pk]
    job.refresh_from_db()
    assert job.state == RenderState.READY and default_storage.exists(job.file)
    assert upward_pdf.upward_pdfs_sweep(now=later + upward_pdf.KEEP) == []
    assert not UpwardPdf.objects.exists() and not default_storage.exists(job.file)


def test_the_excel_file_is_written_once_per_content_and_anew_after_a_write(ward, bo_de_tasks):
    url = reverse("upward_report_xlsx", kwargs={"pk": bo_de_tasks.bo_de.committee.pk})
    first = ward.get(url, PERIOD).content
    with CaptureQueriesContext(connection) as again:
        assert ward.get(url, PERIOD).content == first
    assert not any("meetings_directive" in q["sql"] for q in again.captured_queries)
    Directive.objects.filter(pk=bo_de_tasks.task_bo_de.pk).update(completed_on=None)
    with CaptureQueriesContext(connection) as after:
        ward.get(url, PERIOD)
    assert any("meetings_directive" in q["sql"] for q in after.captured_queries)
