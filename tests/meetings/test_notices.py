"""Notices and minutes: drafting, numbering from the register, snapshots, versions, rendering."""

import datetime
import hashlib
import shutil
import subprocess
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from meetings import notice_content, notices
from meetings.models import (
    DocumentKind,
    DocumentRegister,
    DocumentStatus,
    Meeting,
    MeetingDocument,
    MeetingState,
    RenderState,
)
from steering.models import Person
from steering.officialdoc import render_pdf
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ISSUE_DAY = datetime.date(2019, 10, 17)
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    ).stdout.decode()
    return " ".join(out.split())


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def notice_meeting(world):
    meeting = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 10, 17, 8, tzinfo=datetime.UTC),
        venue="Trụ sở UBND quận",
        chair_title="Phó Chủ tịch UBND quận, Trưởng Ban chỉ đạo",
        attendees_summary="Các đồng chí thành viên Ban chỉ đạo",
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    first = DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.vhtt,
        content="Giao Phòng Văn hóa và Thông tin rà soát hạ tầng mạng",
        deadline_text="trước ngày 30/11/2019",
    )
    first.supporting_units.add(world.ward_a)
    DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.division,
        content="Giao Phòng Nội vụ cập nhật danh sách cán bộ đầu mối",
        deadline_text="Quý IV/2019",
    )
    return meeting


@pytest.fixture
def draft(notice_meeting, secretariat):
    return notices.notice_draft_build(
        meeting=notice_meeting, kind=DocumentKind.NOTICE, user=secretariat
    )


def issue(document, user, day=ISSUE_DAY):
    return notices.notice_issue(document=document, user=user, issued_on=day)


def test_a_draft_takes_its_header_and_signer_from_the_committee(draft, world):
    assert draft.status == DocumentStatus.DRAFT
    assert draft.parent_name == "UBND QUẬN MẪU"
    assert draft.issuer_name == "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ"
    assert draft.symbol == "TB-BCĐ"
    assert draft.signer_authority == "TM. BAN CHỈ ĐẠO"
    assert draft.signer_name == "Trần Văn Chủ"
    assert draft.archive_units == "VT, VHTT"
    assert draft.meeting.state == MeetingState.NOTICE_DRAFTED


def test_building_a_draft_twice_returns_the_same_draft(draft, notice_meeting):
    again = notices.notice_draft_build(meeting=notice_meeting, kind=DocumentKind.NOTICE)
    assert again.pk == draft.pk


def test_a_draft_pdf_is_marked_and_has_no_number(draft, tmp_path):
    text = pdf_text(notices.document_pdf(document=draft), tmp_path)
    assert "DỰ THẢO" in text
    assert "Số: /TB-BCĐ" in text.replace("\u00a0", "")
    assert (
        "Giao Phòng Văn hóa và Thông tin rà soát hạ tầng mạng. Thời gian: trước ngày 30/11/2019."
        in text
    )
    assert not DocumentRegister.objects.exists()


def test_issuing_numbers_from_the_register_and_queues_the_render(
    draft, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        issued = issue(draft, secretariat)
    assert (issued.number, issued.year, issued.number_label) == (1, 2019, "01/TB-BCĐ")
    assert issued.render_state == RenderState.QUEUED
    assert len(callbacks) == 1
    assert Meeting.objects.get(pk=draft.meeting_id).state == MeetingState.NOTICE_ISSUED


def test_issued_recipients_list_superiors_units_and_the_archive(draft, secretariat):
    notices.notice_draft_update(document=draft, recipients_extra="Thường trực Quận ủy (để b/c)")
    issued = issue(draft, secretariat)
    assert issued.recipients == [
        "- Thường trực UBND quận Mẫu (để b/c);",
        "- Thường trực Quận ủy (để b/c);",
        "- Các đ/c thành viên Ban Chỉ đạo;",
        "- Phòng Văn hóa và Thông tin quận Mẫu;",
        "- UBND phường An Bình;",
        "- Phòng Nội vụ quận Mẫu;",
        "- Lưu: VT, VHTT.",
    ]


def test_numbers_follow_each_other_within_a_year_and_restart_the_next(world, secretariat):
    numbers = []
    for day in (ISSUE_DAY, ISSUE_DAY + datetime.timedelta(days=3), datetime.date(2020, 1, 6)):
        meeting = MeetingFactory(committee=world.committee, starts_at=_at(day))
        document = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
        numbers.append(issue(document, secretariat, day).number_label)
    assert numbers == ["01/TB-BCĐ", "02/TB-BCĐ", "01/TB-BCĐ"]


def _at(day):
    return datetime.datetime(day.year, day.month, day.day, 8, tzinfo=datetime.UTC)


def test_an_issue_dated_before_the_last_number_of_the_register_is_refused(world, secretariat):
    later = MeetingFactory(committee=world.committee, starts_at=_at(ISSUE_DAY))
    issue(notices.notice_draft_build(meeting=later, kind="notice"), secretariat, ISSUE_DAY)
    earlier = MeetingFactory(committee=world.committee, starts_at=_at(datetime.date(2019, 9, 1)))
    document = notices.notice_draft_build(meeting=earlier, kind="notice")
    with pytest.raises(ValidationError, match="không được trước"):
        issue(document, secretariat, datetime.date(2019, 9, 2))
    document.refresh_from_db()
    assert document.is_draft
    assert DocumentRegister.objects.get().last_number == 1


def test_an_issue_before_the_meeting_or_in_the_future_is_refused(draft, secretariat):
    with pytest.raises(ValidationError):
        issue(draft, secretariat, datetime.date(2019, 1, 1))
    with pytest.raises(ValidationError):
        issue(draft, secretariat, datetime.date.today() + datetime.timedelta(days=2))
    assert not DocumentRegister.objects.exists()


def test_an_issued_document_cannot_be_edited_or_issued_again(draft, secretariat):
    issued = issue(draft, secretariat)
    with pytest.raises(ValidationError):
        notices.notice_draft_update(document=issued, signer_name="Người khác")
    with pytest.raises(ValidationError):
        issue(issued, secretariat)
    assert DocumentRegister.objects.get().last_number == 1


def test_the_issued_pdf_keeps_the_unit_names_of_the_day_it_was_issued(
    draft, secretariat, world, tmp_path
):
    issued = issue(draft, secretariat)
    world.ubnd.parent.name = "Phường Mẫu Mới"
    world.ubnd.parent.save()
    world.vhtt.name = "Phòng Văn hóa, Khoa học và Thông tin"
    world.vhtt.save()
    world.committee.name = "Ban chỉ đạo phát triển khoa học công nghệ"
    world.committee.save()
    notices.notice_render(document_pk=issued.pk)
    issued.refresh_from_db()
    text = pdf_text(issued.file.read(), tmp_path)
    assert "UBND QUẬN MẪU" in text
    assert "BAN CHỈ ĐẠO CHUYỂN ĐỔI" in text  # the header cell wraps "SỐ" to the next line
    assert "Phòng Văn hóa và Thông tin quận Mẫu;" in text
    assert "Khoa học" not in text and "PHƯỜNG MẪU MỚI" not in text


def test_rendering_stores_the_pdf_with_its_sha256(draft, secretariat, tmp_path):
    issued = issue(draft, secretariat)
    notices.notice_render(document_pk=issued.pk)
    issued.refresh_from_db()
    data = issued.file.read()
    assert issued.render_state == RenderState.READY
    assert issued.sha256 == hashlib.sha256(data).hexdigest()
    assert data.startswith(b"%PDF")
    assert issued.file.name == f"officialdocs/{issued.file_key.hex}.pdf"
    text = pdf_text(data, tmp_path)
    assert "Số: 01/TB-BCĐ" in text and "ngày 17 tháng 10 năm 2019" in text
    assert "DỰ THẢO" not in text


def test_a_ready_version_is_not_rendered_again(draft, secretariat, monkeypatch):
    issued = issue(draft, secretariat)
    notices.notice_render(document_pk=issued.pk)
    monkeypatch.setattr(notices, "document_pdf_signable", _explode)
    again = notices.notice_render(document_pk=issued.pk)
    assert again.render_state == RenderState.READY
    assert again.render_attempts == 1


def _explode(**kwargs):
    raise RuntimeError("fonts missing")


def test_a_failed_render_records_the_error_and_the_retry_renders_it(
    draft, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    issued = issue(draft, secretariat)
    monkeypatch.setattr(notices, "document_pdf_signable", _explode)
    with pytest.raises(RuntimeError):
        notices.notice_render(document_pk=issued.pk)
    issued.refresh_from_db()
    assert (issued.render_state, issued.render_attempts) == (RenderState.FAILED, 1)
    assert issued.render_error == "RuntimeError: fonts missing"
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        notices.notice_render_retry(document=issued)
    issued.refresh_from_db()
    assert (issued.render_state, issued.render_attempts) == (RenderState.READY, 2)
    assert issued.render_error == ""


def test_the_task_retries_a_failed_render_with_backoff(draft, secretariat, monkeypatch):
    from celery.exceptions import Retry

    from meetings.tasks import render_document

    issued = issue(draft, secretariat)
    monkeypatch.setattr(notices, "document_pdf_signable", _explode)
    with pytest.raises(Retry) as retry:
        render_document.apply(args=(issued.pk,))
    assert retry.value.when == 5  # a countdown: backoff, not an immediate loop
    issued.refresh_from_db()
    assert issued.render_state == RenderState.FAILED
    monkeypatch.undo()
    render_document.apply(args=(issued.pk,))
    issued.refresh_from_db()
    assert (issued.render_state, issued.render_attempts) == (RenderState.READY, 2)


def test_a_stale_partial_file_from_a_killed_render_is_replaced_by_the_retry(
    draft, secretariat, settings
):
    issued = issue(draft, secretariat)
    folder = settings.MEDIA_ROOT / "officialdocs"
    folder.mkdir(parents=True)
    (folder / f".{issued.file_key.hex}.pdf.abc123.part").write_bytes(b"%PDF half")
    MeetingDocument.objects.filter(pk=issued.pk).update(render_state=RenderState.RENDERING)
    notices.notice_render(document_pk=issued.pk)
    assert [p.name for p in folder.iterdir()] == [f"{issued.file_key.hex}.pdf"]


def test_superseding_makes_a_new_draft_and_both_versions_stay(draft, secretariat, tmp_path):
    first = issue(draft, secretariat)
    notices.notice_render(document_pk=first.pk)
    correction = notices.notice_supersede(document=first, user=secretariat)
    assert (correction.version, correction.supersedes_id, correction.status) == (
        2,
        first.pk,
        DocumentStatus.DRAFT,
    )
    notices.notice_draft_update(document=correction, signer_name="Lê Văn Sửa")
    second = issue(correction, secretariat, ISSUE_DAY + datetime.timedelta(days=1))
    notices.notice_render(document_pk=second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.number_label == "02/TB-BCĐ"
    assert first.superseded_by == second
    assert "Trần Văn Chủ" in pdf_text(first.file.read(), tmp_path)
    assert "Lê Văn Sửa" in pdf_text(second.file.read(), tmp_path)


def test_a_version_is_superseded_once_and_a_draft_cannot_be(draft, secretariat):
    with pytest.raises(ValidationError):
        notices.notice_supersede(document=draft, user=secretariat)
    issued = issue(draft, secretariat)
    notices.notice_supersede(document=issued, user=secretariat)
    with pytest.raises(ValidationError):
        notices.notice_supersede(document=issued, user=secretariat)


def test_the_meeting_cannot_get_a_second_first_version(draft, secretariat, notice_meeting):
    issue(draft, secretariat)
    with pytest.raises(ValidationError):
        notices.notice_draft_build(meeting=notice_meeting, kind=DocumentKind.NOTICE)


def test_minutes_list_attendance_chair_secretary_and_end_time(
    notice_meeting, secretariat, tmp_path
):
    minutes = notices.notice_draft_build(meeting=notice_meeting, kind=DocumentKind.MINUTES)
    notices.notice_draft_update(document=minutes, secretary_name="Nguyễn Thư Ký")
    issued = issue(minutes, secretariat)
    assert issued.number_label == "01/BB-BCĐ"
    notices.notice_render(document_pk=issued.pk)
    issued.refresh_from_db()
    text = pdf_text(issued.file.read(), tmp_path)
    for part in ("BIÊN BẢN", "Thời gian bắt đầu:", "Thành phần tham dự:", "Chủ trì:", "Thư ký:"):
        assert part in text
    assert "Nguyễn Thư Ký" in text
    assert "Cuộc họp kết thúc vào" in text
    assert Meeting.objects.get(pk=notice_meeting.pk).state == MeetingState.HELD


def test_the_sweep_renders_jobs_left_queued_and_skips_fresh_ones(draft, secretariat):
    issued = issue(draft, secretariat)
    assert notices.documents_sweep(inline=True) == []  # just issued: its job may still run
    later = issued.render_queued_at + notices.QUEUED_GRACE + datetime.timedelta(seconds=1)
    assert notices.documents_sweep(now=later, inline=True) == [issued.pk]
    issued.refresh_from_db()
    assert issued.render_state == RenderState.READY


def test_the_sweep_command_renders_in_process_without_a_broker(draft, secretariat, settings):
    issued = issue(draft, secretariat)
    MeetingDocument.objects.filter(pk=issued.pk).update(
        render_queued_at=issued.render_queued_at - datetime.timedelta(hours=1)
    )
    settings.REDIS_URL = ""
    call_command("sweep_documents", verbosity=0)
    issued.refresh_from_db()
    assert issued.render_state == RenderState.READY


def test_render_notice_command_writes_a_draft_pdf_without_reserving_a_number(
    notice_meeting, tmp_path
):
    out = tmp_path / "notice.pdf"
    call_command("render_notice", str(notice_meeting.pk), "--out", str(out))
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "THÔNG BÁO" in text and "DỰ THẢO" in text
    call_command("render_notice", str(notice_meeting.pk), "--out", str(out), "--minutes")
    assert "BIÊN BẢN" in pdf_text(out.read_bytes(), tmp_path)
    assert not MeetingDocument.objects.exists() and not DocumentRegister.objects.exists()


def test_render_notice_command_refuses_an_unknown_meeting(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("render_notice", "999999", "--out", str(tmp_path / "x.pdf"))


def test_each_demo_meeting_renders_its_notice_and_minutes(tmp_path):
    call_command("load_demo", verbosity=0)
    meetings = list(Meeting.objects.select_related("committee"))
    assert len(meetings) == 12  # 3 seed meetings, 9 around the 2025 reform
    for meeting in meetings:
        for kind in DocumentKind.values:
            document = notice_content.meeting_document_preview(meeting=meeting, kind=kind)
            text = pdf_text(render_pdf(document), tmp_path)
            assert document.doc_type in text
    long_bien = Meeting.objects.get(starts_at__date="2019-10-17")
    document = notice_content.meeting_document_preview(meeting=long_bien, kind=DocumentKind.NOTICE)
    assert (document.parent, document.issuer, document.symbol) == (
        "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        "QUẬN ỦY LONG BIÊN",
        "TB/QU",
    )
    ward = Meeting.objects.get(committee__code="bcd57-bode")
    document = notice_content.meeting_document_preview(meeting=ward, kind=DocumentKind.NOTICE)
    assert (document.parent, document.issuer, document.symbol) == (
        "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        "ĐẢNG ỦY PHƯỜNG BỒ ĐỀ",
        "TB/ĐU",
    )


# --- Concurrency -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_people_issuing_at_the_same_moment_get_01_and_02(world, secretariat, monkeypatch):
    monkeypatch.setattr(notices, "_enqueue_render", lambda document: None)
    documents = [
        notices.notice_draft_build(
            meeting=MeetingFactory(committee=world.committee, starts_at=_at(ISSUE_DAY)),
            kind=DocumentKind.NOTICE,
        )
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    errors = []

    def run(document):
        try:
            barrier.wait()
            notices.notice_issue(document=document, user=secretariat, issued_on=ISSUE_DAY)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(MeetingDocument.objects.issued().values_list("number", flat=True))
    assert numbers == [1, 2]
    assert DocumentRegister.objects.get().last_number == 2
