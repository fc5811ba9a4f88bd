"""Security promises of issue 7, item 1: each test fails if the promise is broken."""

import datetime
import io
import logging
import os
import subprocess
import sys
import time
import zipfile

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from steering.logformat import UTCFormatter
from steering.uploads import validate_upload

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Passphrase-2026"


def _login(client, username, password=PASSWORD, ip="10.0.0.7", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


@pytest.fixture
def officer(ward_a):
    ward_a.set_password(PASSWORD)
    ward_a.save()
    return ward_a


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="steering.security")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "steering.security"]


# --- check --deploy, cookies, password validators ---------------------------------------------


def _production(code: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env = {
        **clean,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 30 + "-production-like-secret-key-for-the-check-only",
        "ALLOWED_HOSTS": "portal.example.gov.vn",
        "DJANGO_SETTINGS_MODULE": "steering.settings",
        "CACHE_URL": "redis://127.0.0.1:6379/9",  # shared by the workers (steering.E010)
    }
    return subprocess.run(
        [sys.executable, *code.split()]
        if code.startswith("manage.py")
        else [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
        timeout=120,
    )


def test_deploy_checklist_is_clean_with_production_settings():
    done = _production("manage.py check --deploy --fail-level WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_production_cookies_are_secure_and_http_only_and_https_is_enforced():
    done = _production(
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.SESSION_IDLE_TIMEOUT)"
    )
    assert done.stdout.split() == ["True", "True", "True", "True", "True", "1800"], done.stderr


@pytest.mark.parametrize("weak", ["12345678", "password123", "ngan", "ward1234"])
def test_weak_passwords_are_refused(weak, ward_a):
    with pytest.raises(ValidationError):
        validate_password(weak, user=ward_a)


def test_password_change_form_explains_a_weak_password_and_keeps_the_old_one(officer):
    client = Client()
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "Mật khẩu" in response.content.decode() or "password" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


# --- login throttling -------------------------------------------------------------------------


def test_lockout_cannot_be_dodged_by_forging_x_forwarded_for(officer, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for i in range(3):
        _login(client, "ward1", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = _login(client, "ward1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.status_code != 302  # the right password no longer signs in
    assert "_auth_user_id" not in client.session


def test_a_colleague_on_the_same_office_ip_is_not_locked_out(officer, ward_b, settings):
    settings.AXES_FAILURE_LIMIT = 3
    ward_b.set_password(PASSWORD)
    ward_b.save()
    for _ in range(3):
        _login(Client(), "ward1", "wrong")
    response = _login(Client(), "ward2")
    assert response.status_code == 302
    assert response.url == reverse("home")


# --- security events --------------------------------------------------------------------------


def test_sign_in_failures_and_lockout_are_logged_with_user_and_ip(officer, settings, security_log):
    settings.AXES_FAILURE_LIMIT = 2
    _login(Client(), "ward1", ip="10.1.2.3")
    for _ in range(2):
        _login(Client(), "ward1", "wrong", ip="10.9.9.9")
    events = security_log()
    assert "login: user=ward1 ip=10.1.2.3" in events
    assert "login failed: user=ward1 ip=10.9.9.9" in events
    assert "lockout: user=ward1 ip=10.9.9.9" in events


def test_denied_access_is_logged_with_user_ip_and_path(world, ward_a, security_log):
    client = Client()
    client.force_login(ward_a)
    assert client.get(reverse("dashboard"), REMOTE_ADDR="10.4.4.4").status_code == 403
    assert (
        client.get(reverse("orgunit_detail", args=[999999]), REMOTE_ADDR="10.4.4.4").status_code
        == 404
    )
    events = security_log()
    assert "access denied: status=403 user=ward1 ip=10.4.4.4 method=GET path=/dashboard/" in events
    assert any(e.startswith("access denied: status=404 user=ward1 ip=10.4.4.4") for e in events)


def test_an_unknown_url_is_not_a_security_event(world, ward_a, security_log):
    client = Client()
    client.force_login(ward_a)
    assert client.get("/no-such-page/").status_code == 404
    assert not [e for e in security_log() if e.startswith("access denied")]


def test_security_log_times_are_utc():
    record = logging.LogRecord("steering.security", logging.INFO, __file__, 1, "login", None, None)
    record.created = datetime.datetime(2026, 3, 1, 1, 2, 3, tzinfo=datetime.UTC).timestamp()
    record.msecs = 0
    line = UTCFormatter("%(asctime)s %(message)s").format(record)
    assert line == "2026-03-01T01:02:03.000Z login"
    handler = settings.LOGGING["loggers"]["steering.security"]["handlers"][0]
    assert settings.LOGGING["handlers"][handler]["formatter"] == "utc"


# --- session idle timeout ---------------------------------------------------------------------


def test_an_idle_session_is_signed_out_after_the_timeout(officer, security_log):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False
    ) as t:
        client = Client()
        client.force_login(officer)
        assert client.get(reverse("home")).status_code == 200
        t.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert any(e.startswith("session expired: user=ward1") for e in security_log())


def test_a_user_who_keeps_working_stays_signed_in(officer):
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False
    ) as t:
        client = Client()
        client.force_login(officer)
        for _ in range(8):  # two hours, a request every quarter of an hour
            t.shift(datetime.timedelta(minutes=15))
            assert client.get(reverse("home")).status_code == 200


def test_the_idle_timestamp_is_not_written_on_every_request(officer, django_assert_num_queries):
    client = Client()
    client.force_login(officer)
    client.get(reverse("healthz"))
    stamp = client.session["_last_seen"]
    client.get(reverse("home"))
    assert client.session["_last_seen"] == stamp
    assert stamp <= time.time()


# --- rate limits ------------------------------------------------------------------------------


def _xlsx():
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


@pytest.fixture
def small_budget(settings):
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMITS = {"pdf": "2/600", "import": "2/600", "upload": "2/600"}
    yield
    cache.clear()


@pytest.fixture
def open_period(world):
    from tests.kpis.factories import IndicatorFactory, PeriodFactory, PlanFactory

    plan = PlanFactory(committee=world.committee, issuer=world.ubnd)
    IndicatorFactory(plan=plan, code="CT09")
    return PeriodFactory(
        plan=plan,
        year=2099,
        number=1,
        submission_deadline=datetime.date(2099, 2, 5),
        lock_date=datetime.date(2099, 2, 15),
    )


def test_imports_are_rate_limited_per_user_with_a_clear_message(
    open_period, ward_a, division, small_budget, client_as, security_log
):
    url = reverse("kpi_import", args=[open_period.pk])
    client = client_as(ward_a)
    statuses = [
        client.post(url, {"file": SimpleUploadedFile("a.xlsx", _xlsx())}).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    refused = client.post(url, {"file": SimpleUploadedFile("a.xlsx", _xlsx())})
    assert "Thao tác quá nhiều lần" in refused.content.decode()
    assert int(refused["Retry-After"]) <= 600
    assert client.get(url).status_code == 200  # looking at the form is not limited
    other = client_as(division).post(url, {"file": SimpleUploadedFile("a.xlsx", _xlsx())})
    assert other.status_code != 429
    assert any(e.startswith("rate limited: scope=import user=ward1") for e in security_log())


def test_the_import_limit_resets_after_the_window(open_period, ward_a, small_budget, client_as):
    url = reverse("kpi_import", args=[open_period.pk])
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)) as t:
        client = client_as(ward_a)
        for _ in range(3):
            client.post(url, {"file": SimpleUploadedFile("a.xlsx", _xlsx())})
        assert client.post(url, {}).status_code == 429
        t.shift(datetime.timedelta(minutes=11))
        assert client.post(url, {}).status_code == 200


def test_evidence_uploads_are_rate_limited(directive, ward_a, small_budget, client_as):
    url = reverse("directive_report", args=[directive.pk])
    client = client_as(ward_a)
    statuses = [client.post(url, {}).status_code for _ in range(3)]
    assert statuses[-1] == 429
    assert statuses[:2] != [429, 429]


# --- uploads ----------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx(extra=None) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            **(extra or {}),
        }
    )


def _check(name, content):
    return validate_upload(SimpleUploadedFile(name, content))


def test_a_genuine_docx_and_xlsx_are_accepted():
    assert _check("bao-cao.docx", _docx())
    assert _check("so-lieu.xlsx", _xlsx())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.docx", _xlsx(), "không phải là tệp .docx hợp lệ"),  # an xlsx renamed .docx
        ("bao-cao.docx", _zip({"a.txt": b"x"}), "không phải là tệp .docx hợp lệ"),
        ("bao-cao.docx", _docx({"word/vbaProject.bin": b"macro"}), "macro"),
        ("bao-cao.docx", _docx({"../../etc/cron.d/x": b"x"}), "bị hỏng"),
        ("bao-cao.docx", _docx({f"word/media/{i}.xml": b"" for i in range(2001)}), "quá lớn"),
        ("bao-cao.docx", _docx({"word/big.xml": b"0" * (101 * 1024 * 1024)}), "quá lớn"),
        ("bao-cao.pdf", b"<script>alert(1)</script>", "không phải là tệp .pdf hợp lệ"),
        ("bao-cao.html", b"<html></html>", "chỉ nhận các định dạng"),
        ("anh.png", b"%PDF-1.4 not a png", "không phải là tệp .png hợp lệ"),
    ],
    ids=[
        "xlsx-as-docx",
        "plain-zip",
        "macro",
        "path-traversal",
        "too-many-entries",
        "zip-bomb",
        "script-as-pdf",
        "html",
        "pdf-as-png",
    ],
)
def test_a_disguised_or_dangerous_upload_is_refused_with_a_reason(name, content, message):
    with pytest.raises(ValidationError) as refused:
        _check(name, content)
    assert message in " ".join(refused.value.messages)


def test_an_oversized_upload_is_refused_before_its_content_is_read():
    with pytest.raises(ValidationError, match="quá lớn"):
        _check("bao-cao.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024))


def test_uploaded_files_live_outside_the_static_tree_and_no_url_serves_them():
    media = settings.MEDIA_ROOT.resolve()
    for static_dir in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        assert not media.is_relative_to(static_dir.resolve())
    assert Client().get(f"{settings.MEDIA_URL}meetings/anything.pdf").status_code == 404


def test_evidence_is_stored_under_a_generated_name_and_served_as_a_download(
    directive, ward_a, client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(ward_a)
    pdf = SimpleUploadedFile(
        "Báo cáo <x>.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
    )
    client.post(
        reverse("directive_report", args=[directive.pk]),
        {
            "percent": 50,
            "reported_on": timezone.localdate().strftime("%d/%m/%Y"),
            "note": "Đã triển khai",
            "evidence": pdf,
        },
    )
    from meetings.models import Evidence

    evidence = Evidence.objects.get()
    assert "Báo cáo" not in evidence.file.name and "<x>" not in evidence.file.name
    assert (tmp_path / evidence.file.name).is_file()
    response = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_as(None).get(reverse("evidence_download", args=[evidence.pk])).status_code == 302


def test_rendering_a_draft_pdf_is_rate_limited(meeting, secretariat, small_budget, client_as):
    from meetings import notices

    draft = notices.notice_draft_build(meeting=meeting, kind="notice")
    client = client_as(secretariat)
    url = reverse("document_download", args=[draft.pk])
    statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_issuing_and_retrying_renders_are_rate_limited(
    meeting, secretariat, small_budget, client_as
):
    from meetings import notices

    draft = notices.notice_draft_build(meeting=meeting, kind="notice")
    client = client_as(secretariat)
    issue = reverse("document_issue", args=[draft.pk])
    retry = reverse("document_retry", args=[draft.pk])
    statuses = [client.post(url, {}).status_code for url in (issue, retry, issue)]
    assert statuses[-1] == 429
    assert 429 not in statuses[:2]


def test_bulk_imports_are_rate_limited(open_period, secretariat, small_budget, client_as):
    url = reverse("kpi_bulk_import", args=[open_period.plan_id])
    client = client_as(secretariat)
    statuses = [
        client.post(url, {"file": SimpleUploadedFile("a.xlsx", _xlsx())}).status_code
        for _ in range(3)
    ]
    assert statuses[-1] == 429
    assert 429 not in statuses[:2]
