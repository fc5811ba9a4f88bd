"""Findings of the attack pass on forms and pages: out-of-range dates, over-long text,
bidirectional control characters, NUL bytes, the CSRF and lock-out pages, the API's answers."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name, params",
    [
        ("dashboard", {"as_of": "9999-12-31"}),
        ("dashboard", {"as_of": "0001-01-01"}),
        ("dashboard", {"meeting_from": "0001-01-01", "meeting_to": "9999-12-31"}),
        ("scorecard_list", {"as_of": "0001-01-01"}),
        ("scorecard_list", {"as_of": "9999-12-31", "year": "2019"}),
        ("directive_list", {"as_of": "9999-12-31"}),
        ("directive_list", {"due_from": "0001-01-01", "due_to": "9999-12-31"}),
    ],
)
def test_a_date_out_of_range_is_a_vietnamese_form_error_not_a_server_error(
    url_name, params, chair, client_as
):
    response = client_as(chair).get(reverse(url_name), params)
    assert response.status_code == 200
    assert "Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2100." in response.content.decode()


def test_the_api_answers_an_out_of_range_date_with_a_json_400(chair, client_as):
    response = client_as(chair).get(reverse("api_directives"), {"as_of": "9999-12-31"})
    assert response.status_code == 400
    assert "as_of" in response.json()["fields"]


def _note_form(data):
    from django import forms

    from steering.forms import PortalFormMixin

    class NoteForm(PortalFormMixin, forms.Form):
        note = forms.CharField(widget=forms.Textarea, required=False)
        count = forms.IntegerField(required=False)
        password = forms.CharField(widget=forms.PasswordInput, required=False)

    return NoteForm(data)


def test_a_one_megabyte_free_text_is_refused_with_a_message():
    form = _note_form({"note": "ý kiến " * 150_000})
    assert not form.is_valid() and "note" in form.errors


def test_an_integer_beyond_the_database_range_is_a_form_error():
    assert "count" in _note_form({"count": str(10**30)}).errors


def test_bidi_controls_are_stripped_from_text_input_but_not_from_passwords():
    form = _note_form({"note": "báo cáo\u202egpj.exe", "password": "mật\u202ekhẩu"})
    assert form.is_valid()
    assert form.cleaned_data["note"] == "báo cáogpj.exe"
    assert form.cleaned_data["password"] == "mật\u202ekhẩu"


def test_an_uploaded_file_name_loses_its_right_to_left_override():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from steering.uploads import validate_upload

    upload = SimpleUploadedFile("bao-cao\u202efdp.exe.pdf", b"%PDF-1.4 minh chung")
    validate_upload(upload)
    assert upload.name == "bao-caofdp.exe.pdf"


# --- L6/L7: Vietnamese or JSON answers ---------------------------------------------------------


def test_the_login_lock_out_is_a_vietnamese_page(ward_a, settings):
    from django.test import Client

    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "ward1", "password": "sai-mat-khau"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html and "Account locked" not in html


def test_a_csrf_failure_is_explained_in_vietnamese(ward_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(ward_a)
    response = client.post(reverse("notification_read_all"))
    assert response.status_code == 403
    assert "Phiên biểu mẫu đã hết hạn" in response.content.decode()


def test_a_post_to_the_api_answers_a_json_405_not_the_csrf_page(chair):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(chair)
    response = client.post(reverse("api_directives"), {"x": "1"})
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "GET" in response.json()["error"]


@pytest.mark.parametrize(
    "method, url, data",
    [
        ("get", "/directives/", {"q": "a\x00b"}),
        ("get", "/api/v1/directives/", {"q": "a\x00b"}),
        ("get", "/units/", {"q": "\x00"}),
        ("post", "/accounts/login/", {"username": "ward1\x00", "password": "x"}),
        ("get", "/admin/steering/orgunit/", {"q": "\x00"}),
    ],
)
def test_a_nul_byte_anywhere_is_a_clean_400(method, url, data, admin_user, client_as):
    response = getattr(client_as(admin_user), method)(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "NUL" in body and "chưa có gì được lưu" in body
    if url.startswith("/api/"):
        assert response.json()["error"]


# --- L7: rate limits need a cache shared by the web workers ------------------------------------


def test_the_deploy_check_refuses_a_process_local_cache_with_several_workers(settings, monkeypatch):
    from steering.checks import shared_cache_check

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setenv("WEB_WORKERS", "4")
    assert [e.id for e in shared_cache_check()] == ["steering.E010"]
    monkeypatch.setenv("WEB_WORKERS", "1")
    assert shared_cache_check() == []


def test_the_deploy_check_accepts_redis(settings, monkeypatch):
    from steering.checks import shared_cache_check

    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "x"}}
    monkeypatch.delenv("WEB_WORKERS", raising=False)
    assert shared_cache_check() == []
