"""The report before a meeting: the earlier meetings' open directives (exactly those the
dashboard counts for the meeting day) and those completed since the previous meeting, as a
document of the meeting: drafted, edited, issued with a number, signed, frozen."""

import datetime
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from meetings import notices
from meetings.dashboard import dashboard_build
from meetings.models import (
    Directive,
    DirectiveEvent,
    DocumentKind,
    EventKind,
    Meeting,
    MeetingDocument,
    MeetingState,
)
from meetings.premeeting_report import OPEN_BUCKETS, premeeting_report_build, premeeting_rows
from steering import signing
from steering.models import Person
from steering.officialdoc import render_pdf
from steering.timeliness import GRID_COLUMNS, GridBucket, TaskState
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ASSESSMENT = "Các đơn vị cơ bản thực hiện đúng tiến độ.\nĐề nghị Ban Chỉ đạo đôn đốc các đơn vị."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "bc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.fixture
def earlier(world):
    """A meeting of 01/03/2019 with one directive due 30/04/2019 (overdue by June)."""
    meeting = MeetingFactory(
        committee=world.committee, starts_at=datetime.datetime(2019, 3, 1, 1, tzinfo=datetime.UTC)
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.vhtt,
        content="Giao rà soát hạ tầng mạng",
        deadline_text="trước ngày 30/4/2019",
        due_date=datetime.date(2019, 4, 30),
    )
    return meeting


@pytest.fixture
def upcoming(world, earlier):
    """The meeting being prepared, on 01/06/2019."""
    return MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        chair_title="Phó Chủ tịch UBND quận, Trưởng Ban chỉ đạo",
        starts_at=datetime.datetime(2019, 6, 1, 1, tzinfo=datetime.UTC),
        state=MeetingState.PLANNED,
    )


def draft_report(meeting, **edits):
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.REPORT)
    return notices.notice_draft_update(document=draft, **edits) if edits else draft


def built_text(document) -> str:
    built = notices.document_build(document=document)
    return " ".join(getattr(b, "full_text", getattr(b, "text", "")) for b in built.body)


def test_the_demo_report_lists_exactly_the_open_directives_the_dashboard_counts():
    call_command("load_demo", verbosity=0)
    meeting = Meeting.objects.get(committee__code="lb-bcd-cntt", starts_at__date="2019-10-17")
    as_of = datetime.date(2019, 10, 17)
    rows, previous = premeeting_rows(meeting=meeting)
    earlier = Directive.objects.filter(
        committee=meeting.committee, conclusion__meeting__starts_at__lt=meeting.starts_at
    )
    dashboard = dashboard_build(directives=earlier, as_of=as_of)
    open_rows = [r for r in rows if r.bucket in OPEN_BUCKETS]
    assert len(open_rows) == sum(dashboard.overall.grid[b] for b in OPEN_BUCKETS) > 0
    expected = set(
        earlier.with_timeliness(as_of).filter(bucket__in=OPEN_BUCKETS).values_list("pk", flat=True)
    )
    assert {r.directive.pk for r in open_rows} == expected
    assert previous.starts_at.date() == datetime.date(2018, 1, 3)


def test_the_issued_demo_report_holds_the_dashboards_open_counts_and_one_point_each(secretariat):
    call_command("load_demo", verbosity=0)
    meeting = Meeting.objects.get(committee__code="lb-bcd-cntt", starts_at__date="2019-10-17")
    issued = notices.notice_issue(
        document=draft_report(meeting, assessment=ASSESSMENT), user=secretariat
    )
    earlier = Directive.objects.filter(
        committee=meeting.committee, conclusion__meeting__starts_at__lt=meeting.starts_at
    )
    grid = dashboard_build(directives=earlier, as_of=datetime.date(2019, 10, 17)).overall.grid
    blocks = issued.body["blocks"]
    table = next(b for b in blocks if b["kind"] == "table")
    figures = {label: int(count) for label, count in table["rows"]}
    for bucket in OPEN_BUCKETS:
        assert figures[str(GridBucket(bucket).label)] == grid[bucket]
    rows, _previous = premeeting_rows(meeting=meeting)
    points = [b["text"] for b in blocks if b["kind"] == "point"]
    assert len(points) == len(rows) == int(table["footer"][1])
    open_contents = [r.directive.content.strip().rstrip(".;") for r in rows]
    assert all(content in point for content, point in zip(open_contents, points, strict=True))


def test_completed_since_the_last_meeting_is_reported_and_older_ones_are_not(world):
    first = MeetingFactory(
        committee=world.committee, starts_at=datetime.datetime(2019, 3, 1, 1, tzinfo=datetime.UTC)
    )
    second = MeetingFactory(
        committee=world.committee, starts_at=datetime.datetime(2019, 6, 1, 1, tzinfo=datetime.UTC)
    )
    third = MeetingFactory(
        committee=world.committee, starts_at=datetime.datetime(2019, 9, 1, 1, tzinfo=datetime.UTC)
    )
    conclusion = ConclusionFactory(meeting=first, number="1", title="Về hạ tầng")
    kwargs = {"conclusion": conclusion, "lead_unit": world.vhtt}
    old = DirectiveFactory(
        content="Xong trước kỳ trước",
        state=TaskState.COMPLETED,
        completed_on=datetime.date(2019, 5, 1),
        **kwargs,
    )
    recent = DirectiveFactory(
        content="Xong sau kỳ trước",
        state=TaskState.COMPLETED,
        completed_on=datetime.date(2019, 7, 1),
        **kwargs,
    )
    still_open = DirectiveFactory(content="Còn đang làm", **kwargs)
    rows, previous = premeeting_rows(meeting=third)
    assert previous == second
    assert [r.directive.pk for r in rows] == [recent.pk, still_open.pk]
    assert old.pk not in {r.directive.pk for r in rows}


def test_a_new_draft_starts_with_an_opening_and_the_outgoing_symbol(upcoming):
    draft = draft_report(upcoming)
    assert draft.kind == DocumentKind.REPORT and draft.symbol.startswith("BC-")
    assert "đến ngày 01/06/2019 (ngày họp)" in draft.opening
    assert "phục vụ cuộc họp ngày 01/06/2019" in draft.subject
    assert draft.assessment == ""
    assert Meeting.objects.get(pk=upcoming.pk).state == MeetingState.PLANNED


def test_the_draft_keeps_the_edits_while_its_figures_follow_the_data(upcoming, earlier):
    draft = draft_report(upcoming, opening="Mở đầu đã sửa.", assessment=ASSESSMENT)
    directive = Directive.objects.get(conclusion__meeting=earlier)
    DirectiveEvent.objects.create(
        directive=directive,
        kind=EventKind.PROGRESS,
        note="Đã rà soát 8/10 điểm",
        percent=80,
        reported_on=datetime.date(2019, 5, 20),
    )
    text = built_text(MeetingDocument.objects.get(pk=draft.pk))
    assert text.startswith("Mở đầu đã sửa.")
    assert "Báo cáo gần nhất 20/05/2019 (80 %): Đã rà soát 8/10 điểm." in text
    assert "Đề nghị Ban Chỉ đạo đôn đốc các đơn vị." in text


def test_issuing_freezes_the_figures_of_the_report(upcoming, earlier, secretariat):
    draft = draft_report(upcoming, assessment=ASSESSMENT)
    issued = notices.notice_issue(
        document=draft, user=secretariat, issued_on=datetime.date(2019, 5, 28)
    )
    assert "Tình trạng: Quá hạn." in built_text(issued)
    Directive.objects.filter(conclusion__meeting=earlier).update(
        state=TaskState.COMPLETED, completed_on=datetime.date(2019, 5, 29)
    )
    assert "Tình trạng: Quá hạn." in built_text(MeetingDocument.objects.get(pk=issued.pk))
    with pytest.raises(ValidationError):
        notices.notice_draft_update(document=issued, assessment="Sửa sau khi ban hành")


def test_a_report_without_an_assessment_is_refused_with_what_to_fill_in(upcoming, secretariat):
    with pytest.raises(ValidationError) as refused:
        notices.notice_issue(document=draft_report(upcoming), user=secretariat)
    assert "Đánh giá chung, kiến nghị" in " ".join(refused.value.messages)
    assert MeetingDocument.objects.get().is_draft


def test_a_report_is_issued_before_its_meeting_on_the_outgoing_register(
    upcoming, earlier, secretariat
):
    notice = notices.notice_draft_build(meeting=earlier, kind=DocumentKind.NOTICE)
    notices.notice_issue(document=notice, user=secretariat, issued_on=datetime.date(2019, 3, 4))
    report = notices.notice_issue(
        document=draft_report(upcoming, assessment=ASSESSMENT),
        user=secretariat,
        issued_on=datetime.date(2019, 5, 28),  # before the meeting of 01/06
    )
    assert report.number_label == "02/BC-BCĐ" and report.issued_on == datetime.date(2019, 5, 28)
    assert "Thông báo số 01/TB-BCĐ ngày 04/03/2019" in built_text(report)


def test_the_rendered_report_is_signed_like_the_notices(upcoming, secretariat):
    issued = notices.notice_issue(
        document=draft_report(upcoming, assessment=ASSESSMENT), user=secretariat
    )
    rendered = notices.notice_render(document_pk=issued.pk)
    check = signing.pdf_check(rendered.file.read())
    assert [s.field for s in check.signatures] == [
        signing.SIGNER_FIELD,
        signing.ORGANISATION_FIELD,
    ]
    assert all(s.intact and s.trusted for s in check.signatures)
    assert check.signatures[0].reason == f"Ban hành báo cáo số {issued.number_label}"
    assert rendered.download_name.startswith("Báo cáo 01-")
    assert rendered.download_name.endswith(f"ngày {issued.issued_on:%d-%m-%Y}.pdf")


def test_the_report_pdf_groups_by_notice_with_a_totals_table(upcoming, tmp_path):
    text = pdf_text(render_pdf(premeeting_report_build(meeting=upcoming)), tmp_path)
    assert "BÁO CÁO" in text and "Kết luận tại cuộc họp ngày 01/03/2019" in text
    assert "Giao rà soát hạ tầng mạng. Đơn vị chủ trì: Phòng Văn hóa và Thông tin" in text
    assert "Tình trạng: Quá hạn." in text
    overdue = str(GridBucket(GridBucket.OPEN_OVERDUE).label)
    assert f"{overdue} 01" in text and "Tổng số 01" in text


def test_the_report_downloads_as_word_with_its_figures_table(upcoming, secretariat, client_as):
    draft = draft_report(upcoming)
    response = client_as(secretariat).get(reverse("document_docx", args=[draft.pk]))
    assert response.status_code == 200
    docx = Document(io.BytesIO(response.content))
    assert "BÁO CÁO" in [p.text for p in docx.paragraphs]
    figures = next(t for t in docx.tables if t.style.name == "Table Grid")
    header = [c.text for c in figures.rows[0].cells]
    assert header == ["Tình trạng tính đến ngày họp", "Số nhiệm vụ"]
    assert len(figures.rows) == len(GRID_COLUMNS) + 2
    assert [c.text for c in figures.rows[-1].cells] == ["Tổng số", "01"]


def test_the_issued_report_is_on_the_meeting_page_for_members_not_for_units(
    upcoming, secretariat, member, ward_a, client_as
):
    issued = notices.notice_issue(
        document=draft_report(upcoming, assessment=ASSESSMENT), user=secretariat
    )
    notices.notice_render(document_pk=issued.pk)
    link = reverse("document_download", args=[issued.pk])
    page = client_as(member).get(reverse("meeting_detail", args=[upcoming.pk])).content.decode()
    assert link in page and issued.number_label in page
    page = client_as(ward_a).get(reverse("meeting_detail", args=[upcoming.pk]))
    assert link not in page.content.decode()
