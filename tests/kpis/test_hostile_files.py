"""The malformed-file corpus (tests/kpis/hostile_xlsx.py) fed to both Excel imports: the ward's
upload page and the standing agency's bulk import. Every file ends in a Vietnamese message on the
page, never a server error, and writes nothing."""

import functools
import re
import tracemalloc
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis import bulk_import
from kpis.models import ImportJob, IndicatorReport
from kpis.resources import BULK_COLUMNS, COLUMNS
from tests.kpis.hostile_xlsx import READABLE, corpus, recipes, zip_bomb

ROW_LIMIT = 200  # both imports' row limit while the corpus runs, so that "too many rows" is quick
VIETNAMESE = re.compile(r"[ạảãàáâậầấẩẫăắằặẳẵđèéẹẻẽêềếểễệìíịỉĩòóọỏõôồốổỗộơờớởỡợùúụủũưừứửữựỳýỵỷỹ]")
WARD_ROW = ["T-Q-A", "CT09", "Tỷ lệ", 85, 100, None, ""]
BULK_ROW = ["T-Q-A", "CT09", "2099-month-1", 8, 10, None, ""]


@functools.cache
def _file(kind: str, name: str) -> bytes:
    header, row = (COLUMNS, WARD_ROW) if kind == "ward" else (BULK_COLUMNS, BULK_ROW)
    return dict(recipes(header, [row], max_rows=ROW_LIMIT))[name]()


NAMES = [name for name, _build in recipes(COLUMNS, [WARD_ROW], max_rows=ROW_LIMIT)]


def test_the_corpus_has_at_least_fifty_files_that_must_be_refused():
    assert len(set(NAMES)) == len(NAMES)
    assert len(set(NAMES) - READABLE) >= 50


def _post(client, kind, plan_world, content):
    url = (
        reverse("kpi_import", args=[plan_world.open.pk])
        if kind == "ward"
        else reverse("kpi_bulk_import", args=[plan_world.plan.pk])
    )
    return client.post(url, {"file": SimpleUploadedFile("so-lieu.xlsx", content)})


def _messages(response) -> list[str]:
    """The error messages the page shows: the upload field's, or the preview's by row."""
    form = response.context["form"]
    outcome = response.context["outcome"]
    found = [str(m) for m in form.errors.get("file", [])]
    if outcome is not None:
        found += [str(message) for _row, _column, message in outcome.errors]
    return found


def _counts():
    return (IndicatorReport.objects.count(), ImportJob.objects.count())


@pytest.fixture
def row_limits(monkeypatch):
    monkeypatch.setattr(bulk_import, "BULK_MAX_ROWS", ROW_LIMIT)
    monkeypatch.setattr("kpis.services.IMPORT_MAX_ROWS", ROW_LIMIT)


@pytest.mark.parametrize("kind", ["ward", "bulk"])
@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_file_gets_a_vietnamese_message_and_writes_nothing(
    name, kind, plan_world, ward_a, secretariat, client_as, row_limits
):
    client = client_as(ward_a if kind == "ward" else secretariat)
    before = _counts()
    response = _post(client, kind, plan_world, _file(kind, name))
    assert response.status_code == 200  # the test client raises on a server error
    messages = _messages(response)
    if name in READABLE:
        assert not messages and response.context["outcome"].ok  # previewed, to be confirmed
    else:
        assert messages, f"{name}: no message shown"
        assert all(VIETNAMESE.search(m) for m in messages), messages
    assert _counts() == before


def test_the_zip_bomb_is_refused_from_the_zip_directory_before_any_xml_is_parsed(
    plan_world, secretariat, client_as
):
    """The attack pass's bomb: a few hundred KB whose shared strings inflate to 90 MB."""
    content = zip_bomb(megabytes=90)
    client = client_as(secretariat)
    with mock.patch("openpyxl.load_workbook", side_effect=AssertionError("parsed")) as parse:
        tracemalloc.start()
        try:
            response = _post(client, "bulk", plan_world, content)
            _size, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert not parse.called
    assert "bom nén" in " ".join(_messages(response))
    assert peak < 100 * 1024 * 1024
    assert not IndicatorReport.objects.exists()


def test_the_bulk_import_reads_an_uploaded_file_once(plan_world, secretariat, client_as):
    good = dict(corpus(BULK_COLUMNS, [BULK_ROW], max_rows=ROW_LIMIT))["duplicate-rows"]
    with mock.patch.object(bulk_import, "sheet_read", wraps=bulk_import.sheet_read) as read:
        _post(client_as(secretariat), "bulk", plan_world, good)
    assert read.call_count == 1
