"""Meetings and directives: every URL × every persona, as designed.

The directive fixture is led by ward A (ward1) and supported by the division; ward B and the
outsider must not learn it exists. POSTs carry an empty form: an allowed persona gets the page
back with the form's errors (400), a refused one 403/404, and nothing is written.
"""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile

from meetings.models import (
    DeadlineExtension,
    DirectiveEvent,
    DocumentKind,
    DocumentStatus,
    Evidence,
    MeetingDocument,
    RenderState,
)
from tests.access import (
    EVERYONE_SIGNED_IN,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    cases,
    check,
)
from tests.conftest import PERSONAS
from tests.factories import OrgSuccessionFactory

INVALID = 400


def _meeting(r):
    return {"pk": r.getfixturevalue("meeting").pk}


def _conclusion(r):
    return {"pk": r.getfixturevalue("directive").conclusion_id}


def _directive(r):
    return {"pk": r.getfixturevalue("directive").pk}


def _extension(r):
    directive = r.getfixturevalue("directive")
    extension = DeadlineExtension.objects.create(
        directive=directive, requested_due_date="2019-12-31", reason="Cần thêm thời gian"
    )
    return {"pk": extension.pk}


def _evidence(r):
    directive = r.getfixturevalue("directive")
    event = DirectiveEvent.objects.create(directive=directive, kind="progress")
    evidence = Evidence.objects.create(
        event=event,
        file=ContentFile(b"%PDF-1.4 demo", name="bao-cao.pdf"),
        original_name="báo cáo.pdf",
        size=13,
        content_type="application/pdf",
    )
    return {"pk": evidence.pk}


def _ward_b_succeeds_ward_a(r):
    """History through the reform: ward B's unit took over ward A (as a new ward takes over the
    old ones); the history of ward A is then read by ward B and by ward A itself."""
    world = r.getfixturevalue("world")
    OrgSuccessionFactory(predecessor=world.ward_a, successor=world.ward_b)
    return {}


def _history_of_ward_a(r):
    _ward_b_succeeds_ward_a(r)
    return {"unit_id": r.getfixturevalue("world").ward_a.pk}


def _draft_document(r, kind=DocumentKind.NOTICE):
    meeting = r.getfixturevalue("meeting")
    document = MeetingDocument.objects.create(
        meeting=meeting,
        committee=meeting.committee,
        kind=kind,
        issuer_name="BAN CHỈ ĐẠO",
        symbol="TB-BCĐ",
        place_name="Mẫu",
    )
    return {"pk": document.pk}


def _issued_document(r, kind=DocumentKind.NOTICE):
    r.getfixturevalue("directive")  # led by ward A, supported by the division
    meeting = r.getfixturevalue("meeting")
    pdf = b"%PDF-1.4 notice"
    document = MeetingDocument(
        meeting=meeting,
        committee=meeting.committee,
        kind=kind,
        status=DocumentStatus.ISSUED,
        year=2019,
        number=1,
        issued_on=datetime.date(2019, 10, 18),
        issuer_name="BAN CHỈ ĐẠO",
        symbol="TB-BCĐ",
        place_name="Mẫu",
        render_state=RenderState.READY,
        body={"blocks": [{"kind": "paragraph", "text": "Nội dung đã ban hành."}]},
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    document.file.save("x.pdf", ContentFile(pdf), save=False)
    document.save()
    return {"pk": document.pk}


def _failed_document(r):
    kwargs = _issued_document(r)
    MeetingDocument.objects.filter(pk=kwargs["pk"]).update(
        render_state=RenderState.FAILED, file="", sha256=""
    )
    return kwargs


def _notice_kind(r):
    return {"pk": r.getfixturevalue("meeting").pk, "kind": "notice"}


def _report_kind(r):
    return {"pk": r.getfixturevalue("meeting").pk, "kind": "report"}


def _draft_report(r):
    return _draft_document(r, DocumentKind.REPORT)


def _issued_report(r):
    return _issued_document(r, DocumentKind.REPORT)


READERS = {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": NOT_FOUND}
SECRETARIAT_ONLY = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    "secretariat": OK,
    "admin": OK,
    "chair": FORBIDDEN,
    "member": FORBIDDEN,
    "ward_a": FORBIDDEN,
    "ward_b": FORBIDDEN,
    "division": FORBIDDEN,
}
DOCUMENT_READERS = {
    "anonymous": LOGIN,
    "outsider": NOT_FOUND,
    "secretariat": OK,
    "chair": OK,
    "member": OK,
    "admin": OK,
    "ward_a": FORBIDDEN,
    "ward_b": FORBIDDEN,
    "division": FORBIDDEN,
}
# The issued notice also reaches the units of its directives (the fixture's meeting has one led
# by ward A and supported by the division); ward B has no task in that meeting.
NOTICE_RECIPIENTS = {**DOCUMENT_READERS, "ward_a": OK, "division": OK}
SECRETARIAT_REDIRECTED = {**SECRETARIAT_ONLY, "secretariat": REDIRECT, "admin": REDIRECT}
DIRECTIVE_SCOPE = {"ward_b": NOT_FOUND, "outsider": NOT_FOUND, "anonymous": LOGIN}


def _committee(r):
    return {"pk": r.getfixturevalue("world").committee.pk}


MATRIX = [
    # The report upward (screen, Excel, PDF): the committee's readers; its unit officers 403.
    ("upward_report", _committee, "get", DOCUMENT_READERS),
    ("upward_report_xlsx", _committee, "get", DOCUMENT_READERS),
    ("upward_report_pdf", _committee, "get", DOCUMENT_READERS),
    ("upward_report_pdf_state", _committee, "get", DOCUMENT_READERS),
    ("meeting_list", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    ("meeting_create", None, "get", {**SECRETARIAT_ONLY, "outsider": FORBIDDEN}),
    ("meeting_detail", _meeting, "get", READERS),
    ("meeting_update", _meeting, "get", SECRETARIAT_ONLY),
    ("conclusions_paste", _meeting, "get", SECRETARIAT_ONLY),
    ("meeting_attendance", _meeting, "get", SECRETARIAT_ONLY),
    ("conclusion_update", _conclusion, "get", SECRETARIAT_ONLY),
    ("directive_list", None, "get", {"anonymous": LOGIN, **EVERYONE_SIGNED_IN}),
    # The read API answers JSON: 401 instead of the sign-in page; scoped like the list.
    ("api_directives", None, "get", {"anonymous": 401, **EVERYONE_SIGNED_IN}),
    ("api_directives", None, "post", {**dict.fromkeys(PERSONAS, NOT_ALLOWED)}),
    ("directive_detail", _directive, "get", {**EVERYONE_SIGNED_IN, **DIRECTIVE_SCOPE}),
    (
        "directive_update",
        _directive,
        "get",
        {
            **DIRECTIVE_SCOPE,
            "secretariat": OK,
            "admin": OK,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    ("evidence_download", _evidence, "get", {**EVERYONE_SIGNED_IN, **DIRECTIVE_SCOPE}),
    # "Nhiệm vụ chưa gắn đơn vị": the secretariat's page (an outsider has no committee: 403).
    ("directives_unlinked", None, "get", {**SECRETARIAT_ONLY, "outsider": FORBIDDEN}),
    (
        "directive_link_unit",
        _directive,
        "post",
        {
            **DIRECTIVE_SCOPE,
            "secretariat": INVALID,
            "admin": INVALID,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    ("directive_link_unit", _directive, "get", dict.fromkeys(PERSONAS, NOT_ALLOWED)),
    (
        "directive_report",
        _directive,
        "post",
        {
            **DIRECTIVE_SCOPE,
            "ward_a": INVALID,
            "secretariat": INVALID,
            "admin": INVALID,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    ("directive_report", _directive, "get", dict.fromkeys(PERSONAS, NOT_ALLOWED)),
    (
        "directive_review",
        _directive,
        "post",
        {
            **DIRECTIVE_SCOPE,
            "secretariat": INVALID,
            "chair": INVALID,
            "admin": INVALID,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    (
        "extension_request",
        _directive,
        "post",
        {
            **DIRECTIVE_SCOPE,
            "ward_a": INVALID,
            "admin": INVALID,
            "secretariat": FORBIDDEN,
            "chair": FORBIDDEN,
            "member": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    ("meeting_next_dates", _meeting, "get", SECRETARIAT_ONLY),
    (
        "extension_list",
        None,
        "get",
        {
            "anonymous": LOGIN,
            "outsider": FORBIDDEN,
            "secretariat": OK,
            "chair": OK,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "ward_b": FORBIDDEN,
            "division": FORBIDDEN,
            "admin": OK,
        },
    ),
    (
        "extension_decide",
        _extension,
        "post",
        {
            **DIRECTIVE_SCOPE,
            "chair": INVALID,
            "admin": INVALID,
            "secretariat": FORBIDDEN,
            "member": FORBIDDEN,
            "ward_a": FORBIDDEN,
            "division": FORBIDDEN,
        },
    ),
    (
        "dashboard",
        None,
        "get",
        {
            "anonymous": LOGIN,
            "secretariat": OK,
            "chair": OK,
            "member": OK,
            "admin": OK,
            "ward_a": FORBIDDEN,
            "ward_b": FORBIDDEN,
            "division": FORBIDDEN,
            "outsider": FORBIDDEN,
        },
    ),
    ("document_draft_create", _notice_kind, "post", SECRETARIAT_REDIRECTED),
    (
        "document_draft_create",
        _notice_kind,
        "get",
        {**READERS, **dict.fromkeys(EVERYONE_SIGNED_IN, REDIRECT), "outsider": NOT_FOUND},
    ),
    ("document_detail", _draft_document, "get", DOCUMENT_READERS),
    ("document_detail", _issued_document, "get", NOTICE_RECIPIENTS),
    ("document_edit", _draft_document, "get", SECRETARIAT_ONLY),
    (
        "document_issue",
        _draft_document,
        "post",
        {**SECRETARIAT_ONLY, "secretariat": INVALID, "admin": INVALID},
    ),
    (
        "document_upload_signed",
        _draft_document,
        "post",
        {**SECRETARIAT_ONLY, "secretariat": INVALID, "admin": INVALID},
    ),
    # The report before a meeting: the committee's own document (drafts and issued versions go
    # to its readers, never to the units, whose tasks it reports on).
    ("document_draft_create", _report_kind, "post", SECRETARIAT_REDIRECTED),
    ("document_detail", _draft_report, "get", DOCUMENT_READERS),
    ("document_detail", _issued_report, "get", DOCUMENT_READERS),
    ("document_edit", _draft_report, "get", SECRETARIAT_ONLY),
    (
        "document_issue",
        _draft_report,
        "post",
        {**SECRETARIAT_ONLY, "secretariat": INVALID, "admin": INVALID},
    ),
    ("document_download", _draft_report, "get", DOCUMENT_READERS),
    ("document_download", _issued_report, "get", DOCUMENT_READERS),
    ("document_docx", _draft_report, "get", DOCUMENT_READERS),
    ("document_docx", _issued_report, "get", DOCUMENT_READERS),
    ("document_preview", _issued_report, "get", DOCUMENT_READERS),
    ("document_preview", _draft_document, "get", DOCUMENT_READERS),
    ("document_preview", _issued_document, "get", NOTICE_RECIPIENTS),
    ("document_status", _issued_document, "get", NOTICE_RECIPIENTS),
    ("document_retry", _failed_document, "post", SECRETARIAT_REDIRECTED),
    ("document_download", _issued_document, "get", NOTICE_RECIPIENTS),
    ("document_download", _draft_document, "get", DOCUMENT_READERS),
    ("document_docx", _draft_document, "get", DOCUMENT_READERS),
    ("document_docx", _issued_document, "get", NOTICE_RECIPIENTS),
    ("document_supersede", _issued_document, "post", SECRETARIAT_REDIRECTED),
    # Verification takes any PDF: whoever reads some committee's documents.
    ("document_verify", None, "get", {**DOCUMENT_READERS, "outsider": FORBIDDEN}),
    (
        "document_verify",
        None,
        "post",
        {
            **DOCUMENT_READERS,
            "outsider": FORBIDDEN,
            "secretariat": INVALID,
            "chair": INVALID,
            "member": INVALID,
            "admin": INVALID,
        },
    ),
    (
        "document_css",
        lambda r: {"profile": "state"},
        "get",
        {"anonymous": LOGIN, **EVERYONE_SIGNED_IN},
    ),
    (
        "my_work",
        None,
        "get",
        {"anonymous": LOGIN, **EVERYONE_SIGNED_IN, "outsider": FORBIDDEN, "admin": FORBIDDEN},
    ),
    # History through the reform: the successor (ward B here) lists the old units it took over
    # and reads their history; the old unit's own officer reads its own; nobody else.
    (
        "unit_history_list",
        _ward_b_succeeds_ward_a,
        "get",
        {
            **dict.fromkeys(PERSONAS, FORBIDDEN),
            "anonymous": LOGIN,
            "ward_b": OK,
        },
    ),
    (
        "unit_history",
        _history_of_ward_a,
        "get",
        {
            **dict.fromkeys(PERSONAS, NOT_FOUND),
            "anonymous": LOGIN,
            "ward_a": OK,
            "ward_b": OK,
            "admin": OK,
        },
    ),
    # Scorecards: committee readers see every unit; a unit officer only their own unit.
    ("scorecard_list", None, "get", {**READERS, "outsider": FORBIDDEN}),
    (
        "scorecard_unit",
        lambda r: {"unit_id": r.getfixturevalue("world").ward_a.pk},
        "get",
        {**READERS, "outsider": FORBIDDEN, "ward_b": NOT_FOUND, "division": NOT_FOUND},
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "method", "persona", "expected"), cases(MATRIX))
def test_url_answers_each_persona_as_designed(
    request, name, kwargs, method, persona, expected, personas, client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    check(request, client_as, personas, name, kwargs, method, persona, expected)
