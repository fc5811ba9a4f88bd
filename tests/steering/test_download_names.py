"""Every download is named in Vietnamese (issue 15, item 6): a notice saves as "Thông báo
01-TB-BCĐ ngày 17-10-2019.pdf", never "thong-bao-01-2019-v1.pdf" or "…-month-12.xlsx".

The list of download routes is checked against the URL configuration: a view that sets a
Content-Disposition (or answers with a file) and is not listed here fails the first test.
"""

import datetime
import inspect
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse

from meetings import notices
from meetings.models import DocumentKind, MeetingState
from steering import workflow
from steering.feeds import feed_token_create
from steering.models import Person
from tests.downloads import downloaded_name
from tests.kpis.conftest import (  # noqa: F401 (fixtures)
    lights_world,
    plan_task,
    plan_world,
    submitted,
)
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# The words of an English or machine-made name; none may appear in a downloaded file's name.
ENGLISH = re.compile(
    r"\b(month|quarter|year|report|notice|minutes|draft|calendar|template|export|download"
    r"|feed|evidence|v\d+)\b|[-_]\d{4}-\d{2}-\d{2}",
    re.IGNORECASE,
)
DIACRITIC = re.compile(r"[^\x00-\x7f]")
MARKS = ("Content-Disposition", "FileResponse", "protected_file_response", "content_disposition(")


def _meeting(world):
    meeting = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 10, 17, 8, tzinfo=datetime.UTC),
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    DirectiveFactory(conclusion=conclusion, lead_unit=world.vhtt, content="Giao rà soát mạng")
    return meeting


def _draft(r):
    draft = notices.notice_draft_build(
        meeting=_meeting(r.getfixturevalue("world")), kind=DocumentKind.NOTICE
    )
    return "secretariat", [draft.pk]


def _issued(r):
    world, secretariat = r.getfixturevalue("world"), r.getfixturevalue("secretariat")
    draft = notices.notice_draft_build(meeting=_meeting(world), kind=DocumentKind.NOTICE)
    issued = notices.notice_issue(
        document=draft, user=secretariat, issued_on=datetime.date(2019, 10, 17)
    )
    notices.notice_render(document_pk=issued.pk)
    return "secretariat", [issued.pk]


def _period(r):
    return "secretariat", [r.getfixturevalue("plan_world").open.pk]


def _ward_period(r):
    return "ward_a", [r.getfixturevalue("plan_world").open.pk]


def _feed(r):
    return None, [feed_token_create(user=r.getfixturevalue("ward_a")).token]


def _directive_evidence(r):
    world, ward_a = r.getfixturevalue("world"), r.getfixturevalue("ward_a")
    directive = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=_meeting(world)), lead_unit=world.ward_a
    )
    event = workflow.task_report(
        task=directive,
        user=ward_a,
        note="Xong",
        percent=None,
        completed=True,
        reported_on=datetime.date(2019, 11, 20),
        files=[SimpleUploadedFile("biên bản.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    return "ward_a", [event.files.get().pk]


def _kpi_evidence(r):
    return "secretariat", [r.getfixturevalue("submitted").evidence.pk]


def _lights_evidence(r):
    return "secretariat", [r.getfixturevalue("lights_world").evidence.pk]


def _secretariat(r):
    return "secretariat", []


def _committee(r):
    return "secretariat", [r.getfixturevalue("world").committee.pk]


def _task_evidence(r):
    return "ward_a", [r.getfixturevalue("plan_task").evidence.pk]


# route -> (who downloads and the URL arguments, the name expected: exact, or a pattern)
DOWNLOADS = {
    "document_download": (_draft, "Dự thảo thông báo cuộc họp ngày 17-10-2019.pdf"),
    "document_docx": (_draft, "Dự thảo thông báo cuộc họp ngày 17-10-2019.docx"),
    "kpi_template": (_ward_period, re.compile(r"Số liệu An Bình tháng \d+-\d{4}\.xlsx")),
    "kpi_period_export": (_period, re.compile(r"Báo cáo chỉ tiêu tháng \d+-\d{4}\.xlsx")),
    "kpi_period_pdf": (_period, re.compile(r"Báo cáo chỉ tiêu tháng \d+-\d{4}\.pdf")),
    "calendar_feed": (_feed, "Lịch họp.ics"),
    # Uploaded files keep the name their sender gave them.
    "evidence_download": (_directive_evidence, "biên bản.pdf"),
    "kpi_evidence": (_kpi_evidence, None),
    "kpi_plan_task_evidence": (_task_evidence, "tiến độ.pdf"),
    "kpi_criterion_evidence": (_lights_evidence, None),
    "kpi_criteria_import_template": (_secretariat, "Mẫu nhập bộ tiêu chí.xlsx"),
    "upward_report_xlsx": (
        _committee,
        re.compile(r"Báo cáo Quận Mẫu \d\d\.\d\d\.\d{4}-\d\d\.\d\d\.\d{4}\.xlsx"),
    ),
    "upward_report_pdf": (
        _committee,
        re.compile(r"Báo cáo Quận Mẫu \d\d\.\d\d\.\d{4}-\d\d\.\d\d\.\d{4}\.pdf"),
    ),
}


def _routes(resolver):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from _routes(entry)
        elif entry.name:
            yield entry.name, entry.callback


def test_every_view_that_answers_with_a_file_is_in_the_list():
    downloads = {
        name
        for name, view in _routes(get_resolver())
        if any(mark in inspect.getsource(inspect.unwrap(view)) for mark in MARKS)
    }
    assert downloads == set(DOWNLOADS)


# Rendered in the background: the first click starts the job (run here on commit), the second
# downloads the file.
BACKGROUND = {"upward_report_pdf"}


@pytest.mark.parametrize("route", sorted(DOWNLOADS))
def test_every_download_is_named_in_vietnamese(
    route, request, client_as, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    build, expected = DOWNLOADS[route]
    who, args = build(request)
    client = client_as(request.getfixturevalue(who)) if who else client_as(None)
    if route in BACKGROUND:
        with django_capture_on_commit_callbacks(execute=True):
            client.get(reverse(route, args=args))
    response = client.get(reverse(route, args=args))
    assert response.status_code == 200
    name = downloaded_name(response)
    if isinstance(expected, re.Pattern):
        assert expected.fullmatch(name), name
    elif expected:
        assert name == expected
    assert not ENGLISH.search(name), name
    header = response["Content-Disposition"]
    if DIACRITIC.search(name):  # a UTF-8 name for browsers, an ASCII one for old clients
        assert "filename*=UTF-8''" in header and not DIACRITIC.search(header), header


def test_an_issued_notice_is_named_by_its_number_and_date(request, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    who, args = _issued(request)
    response = client_as(request.getfixturevalue(who)).get(reverse("document_download", args=args))
    assert response.status_code == 200
    assert downloaded_name(response) == "Thông báo 01-TB-BCĐ ngày 17-10-2019.pdf"


def test_the_admin_export_is_named_in_vietnamese(admin_user, rf):
    from django.contrib import admin
    from import_export.formats.base_formats import XLSX

    from steering.models import OrgUnit

    request = rf.post("/admin/steering/orgunit/export/")
    request.user = admin_user
    model_admin = admin.site._registry[OrgUnit]
    response = model_admin._do_file_export(XLSX(), request, OrgUnit.objects.all())
    name = downloaded_name(response)
    assert re.fullmatch(r"Đơn vị \d\d-\d\d-\d{4}\.xlsx", name), name
