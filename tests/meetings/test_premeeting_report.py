"""The report before a meeting: the earlier meetings' open directives (exactly those the
dashboard counts for the meeting day) and those completed since the previous meeting."""

import datetime
import io
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from meetings.dashboard import dashboard_build
from meetings.models import Directive, Meeting
from meetings.premeeting_report import OPEN_BUCKETS, premeeting_report_build, premeeting_rows
from steering.officialdoc import render_pdf
from steering.timeliness import TaskState
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db


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


def test_the_secretariat_downloads_the_report_as_pdf_and_word(meeting, secretariat, client_as):
    client = client_as(secretariat)
    pdf = client.get(reverse("premeeting_report", args=[meeting.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    word = client.get(reverse("premeeting_report", args=[meeting.pk, "docx"]))
    assert word.status_code == 200
    docx = Document(io.BytesIO(word.content))
    assert "BÁO CÁO" in [p.text for p in docx.paragraphs]
    assert client.get(reverse("premeeting_report", args=[meeting.pk, "odt"])).status_code == 404


def test_the_report_pdf_groups_by_notice_with_totals(world, tmp_path):
    earlier = MeetingFactory(
        committee=world.committee, starts_at=datetime.datetime(2019, 3, 1, 1, tzinfo=datetime.UTC)
    )
    meeting = MeetingFactory(
        committee=world.committee, starts_at=datetime.datetime(2019, 6, 1, 1, tzinfo=datetime.UTC)
    )
    conclusion = ConclusionFactory(meeting=earlier, number="1", title="Về hạ tầng")
    DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.vhtt,
        content="Giao rà soát hạ tầng mạng",
        deadline_text="trước ngày 30/4/2019",
        due_date=datetime.date(2019, 4, 30),
    )
    path = tmp_path / "bc.pdf"
    path.write_bytes(render_pdf(premeeting_report_build(meeting=meeting)))
    text = " ".join(
        subprocess.run(["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "BÁO CÁO" in text and "Kết luận tại cuộc họp ngày 01/03/2019" in text
    assert "Giao rà soát hạ tầng mạng. Đơn vị chủ trì: Phòng Văn hóa và Thông tin" in text
    assert "Tình trạng: Quá hạn." in text and "Chưa hoàn thành, quá hạn: 01" in text
