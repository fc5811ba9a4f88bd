"""Protected files: streamed by Django, or handed to nginx with X-Accel-Redirect (issue 7, item 8).

Both download views (a directive's evidence, a KPI report's evidence) go through
steering.downloads.protected_file_response after their permission checks.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from steering import workflow
from tests.kpis.conftest import plan_world, submitted  # noqa: F401 (fixtures)
from tests.meetings.conftest import directive, meeting  # noqa: F401 (fixtures)

PDF = b"%PDF-1.4 bien ban\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def evidence(directive, ward_a):  # noqa: F811
    event = workflow.task_report(
        task=directive,
        user=ward_a,
        note="Xong",
        percent=None,
        completed=True,
        reported_on=datetime.date(2019, 11, 20),
        files=[SimpleUploadedFile("biên bản.pdf", PDF, content_type="application/pdf")],
    )
    return event.files.get()


def test_without_nginx_the_portal_streams_the_file_itself(evidence, ward_a, client_as, settings):
    settings.SENDFILE_NGINX = False
    response = client_as(ward_a).get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_behind_nginx_the_portal_answers_with_x_accel_redirect_and_no_body(
    evidence, ward_a, client_as, settings
):
    settings.SENDFILE_NGINX = True
    settings.SENDFILE_URL = "/_protected/"
    response = client_as(ward_a).get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{evidence.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"bien ban.pdf\"; filename*=UTF-8''bi%C3%AAn%20b%E1%BA%A3n.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_behind_nginx_a_forbidden_user_gets_no_redirect_to_the_file(
    evidence, ward_b, client_as, settings
):
    settings.SENDFILE_NGINX = True
    response = client_as(ward_b).get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


@pytest.mark.parametrize("nginx", [False, True])
def test_a_file_missing_from_disk_is_a_404_in_both_modes(
    evidence, ward_a, client_as, settings, nginx
):
    settings.SENDFILE_NGINX = nginx
    evidence.file.storage.delete(evidence.file.name)
    response = client_as(ward_a).get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("nginx", [False, True])
def test_kpi_evidence_uses_the_same_response_in_both_modes(
    submitted,  # noqa: F811
    secretariat,
    client_as,
    settings,
    nginx,
):
    settings.SENDFILE_NGINX = nginx
    response = client_as(secretariat).get(reverse("kpi_evidence", args=[submitted.evidence.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    if nginx:
        name = submitted.evidence.file.name
        assert response["X-Accel-Redirect"] == f"/_protected/{name}"
        assert response.content == b""
    else:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 minh chung"
