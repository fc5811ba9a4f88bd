"""The notice pages: draft, edit, preview, issue, status panel, retry, download, versions."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from meetings import notice_content, notices
from meetings.models import DocumentKind, MeetingDocument, MeetingState, RenderState
from steering.models import Person
from tests.downloads import downloaded_name
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db
ISSUE_DAY = datetime.date(2019, 10, 17)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(world):
    meeting = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 10, 17, 8, tzinfo=datetime.UTC),
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    DirectiveFactory(conclusion=conclusion, lead_unit=world.vhtt, content="Giao rà soát mạng")
    return meeting


@pytest.fixture
def draft(meeting):
    return notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)


@pytest.fixture
def issued(draft, secretariat):
    return notices.notice_issue(document=draft, user=secretariat, issued_on=ISSUE_DAY)


def _url(name, document):
    return reverse(name, args=[document.pk])


def test_the_secretariat_starts_a_draft_from_the_meeting_page(meeting, secretariat, client_as):
    client = client_as(secretariat)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Văn bản của cuộc họp" in page
    response = client.post(reverse("document_draft_create", args=[meeting.pk, "notice"]))
    document = MeetingDocument.objects.get()
    assert response.url == _url("document_detail", document)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert _url("document_detail", document) in page


def test_an_unknown_document_kind_is_a_404(meeting, secretariat, client_as):
    url = reverse("document_draft_create", args=[meeting.pk, "memo"])
    assert client_as(secretariat).post(url).status_code == 404


def test_editing_a_draft_saves_the_signer_and_extra_recipients(draft, secretariat, client_as):
    response = client_as(secretariat).post(
        _url("document_edit", draft),
        {
            "parent_name": "UBND QUẬN MẪU",
            "issuer_name": "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ",
            "symbol": "TB-BCĐ",
            "place_name": "Mẫu",
            "subject": "Kết luận của đồng chí Trưởng Ban",
            "closing": "Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện",
            "signer_authority": "KT. TRƯỞNG BAN",
            "signer_title": "PHÓ TRƯỞNG BAN",
            "signer_position": "",
            "signer_name": "Lê Văn Phó",
            "recipients_extra": "Sở Thông tin và Truyền thông (để b/c)",
            "archive_units": "VT, VHTT",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.signer_authority, draft.signer_name) == ("KT. TRƯỞNG BAN", "Lê Văn Phó")
    lines = notice_content.recipient_lines(document=draft)
    assert lines[:2] == [
        "- Thường trực UBND quận Mẫu (để b/c);",
        "- Sở Thông tin và Truyền thông (để b/c);",
    ]


def test_an_invalid_draft_form_explains_and_saves_nothing(draft, secretariat, client_as):
    response = client_as(secretariat).post(_url("document_edit", draft), {"symbol": ""})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    draft.refresh_from_db()
    assert draft.symbol == "TB-BCĐ"


def test_an_issued_document_has_no_edit_form(issued, secretariat, client_as):
    response = client_as(secretariat).get(_url("document_edit", issued))
    assert response.status_code == 302


@time_machine.travel(datetime.datetime(2019, 10, 20, 3, tzinfo=datetime.UTC))
def test_issuing_from_the_page_gives_the_number_and_queues_the_pdf(
    draft, secretariat, client_as, django_capture_on_commit_callbacks
):
    client = client_as(secretariat)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(_url("document_issue", draft), {"issued_on": "2019-10-18"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.number_label, draft.render_state) == ("01/TB-BCĐ", RenderState.QUEUED)
    assert len(callbacks) == 1
    page = client.get(_url("document_detail", draft)).content.decode()
    assert "01/TB-BCĐ" in page and "Đang chờ tạo tệp" in page


@time_machine.travel(datetime.datetime(2019, 10, 20, 3, tzinfo=datetime.UTC))
def test_an_issue_date_in_the_future_is_explained_and_takes_no_number(
    draft, secretariat, client_as
):
    response = client_as(secretariat).post(
        _url("document_issue", draft), {"issued_on": "2019-12-01"}
    )
    assert response.status_code == 400
    assert "Ngày ban hành không được sau ngày hôm nay." in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft and draft.number is None


def test_the_status_panel_polls_while_queued_and_stops_when_ready(issued, chair, client_as):
    client = client_as(chair)
    queued = client.get(_url("document_status", issued)).content.decode()
    assert 'hx-trigger="every 2s"' in queued and "Đang chờ tạo tệp" in queued
    assert "Thử lại" not in queued
    notices.notice_render(document_pk=issued.pk)
    ready = client.get(_url("document_status", issued)).content.decode()
    assert "hx-trigger" not in ready
    assert _url("document_download", issued) in ready
    assert MeetingDocument.objects.get(pk=issued.pk).sha256 in ready


def test_a_failed_render_shows_the_error_and_a_retry_button_to_the_secretariat(
    issued, secretariat, chair, client_as, django_capture_on_commit_callbacks
):
    MeetingDocument.objects.filter(pk=issued.pk).update(
        render_state=RenderState.FAILED, render_attempts=5, render_error="OSError: disk full"
    )
    assert "Thử lại" not in client_as(chair).get(_url("document_status", issued)).content.decode()
    client = client_as(secretariat)
    page = client.get(_url("document_status", issued)).content.decode()
    assert "OSError: disk full" in page and "Thử lại" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("document_retry", issued), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    panel = response.content.decode()
    assert "Đang chờ tạo tệp" in panel and 'hx-trigger="every 2s"' in panel
    issued.refresh_from_db()  # the job ran after the commit (inline in the test settings)
    assert (issued.render_state, issued.render_attempts) == (RenderState.READY, 6)


def test_download_is_an_attachment_with_nosniff(issued, member, client_as):
    notices.notice_render(document_pk=issued.pk)
    response = client_as(member).get(_url("document_download", issued))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert downloaded_name(response) == "Thông báo 01-TB-BCĐ ngày 17-10-2019.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_pdf_not_rendered_yet_is_a_404(issued, member, client_as):
    assert client_as(member).get(_url("document_download", issued)).status_code == 404


def test_units_without_a_task_in_the_meeting_and_outsiders_cannot_download(
    issued, ward_a, outsider, client_as
):
    notices.notice_render(document_pk=issued.pk)
    assert client_as(ward_a).get(_url("document_download", issued)).status_code == 403
    assert client_as(outsider).get(_url("document_download", issued)).status_code == 404


def test_the_draft_download_is_marked_as_a_draft(draft, secretariat, client_as):
    response = client_as(secretariat).get(_url("document_download", draft))
    assert downloaded_name(response) == "Dự thảo thông báo cuộc họp ngày 17-10-2019.pdf"
    assert response.content.startswith(b"%PDF")


def test_the_preview_links_its_stylesheet_and_has_no_inline_style(draft, member, client_as):
    client = client_as(member)
    html = client.get(_url("document_preview", draft)).content.decode()
    css_url = reverse("document_css", args=["state"])
    assert f'<link rel="stylesheet" href="{css_url}">' in html
    assert "<style" not in html and "style=" not in html
    assert "DỰ THẢO" in html and "Giao rà soát mạng" in html
    css = client.get(css_url)
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert "/static/fonts/LiberationSerif-Regular.ttf" in css.content.decode()


def test_an_unknown_profile_stylesheet_is_a_404(member, client_as):
    response = client_as(member).get(reverse("document_css", args=["church"]))
    assert response.status_code == 404


def test_superseding_from_the_page_opens_the_new_draft_and_lists_both_versions(
    issued, secretariat, client_as
):
    client = client_as(secretariat)
    response = client.post(_url("document_supersede", issued))
    correction = MeetingDocument.objects.get(version=2)
    assert response.url == _url("document_detail", correction)
    page = client.get(response.url).content.decode()
    assert "Phiên bản 1" in page and "Phiên bản 2" in page
    assert "thay thế" in page and _url("document_detail", issued) in page


def test_the_detail_and_status_pages_take_a_constant_number_of_queries(
    issued, secretariat, client_as, django_assert_max_num_queries
):
    client = client_as(secretariat)
    for _ in range(3):
        issued = notices.notice_supersede(document=issued, user=secretariat)
        issued = notices.notice_issue(document=issued, user=secretariat, issued_on=ISSUE_DAY)
    with django_assert_max_num_queries(12):
        assert client.get(_url("document_detail", issued)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(_url("document_status", issued)).status_code == 200


def test_the_admin_lists_documents_and_registers_read_only(issued, admin_user, client_as):
    client = client_as(admin_user)
    assert client.get(reverse("admin:meetings_meetingdocument_changelist")).status_code == 200
    assert client.get(reverse("admin:meetings_documentregister_changelist")).status_code == 200
    change = client.get(reverse("admin:meetings_meetingdocument_change", args=[issued.pk]))
    assert change.status_code == 200
    assert client.get(reverse("admin:meetings_meetingdocument_add")).status_code == 403


@time_machine.travel(datetime.datetime(2019, 10, 20, 3, tzinfo=datetime.UTC))
def test_the_issue_form_offers_today_in_the_date_picker_format(draft, secretariat, client_as):
    page = client_as(secretariat).get(_url("document_detail", draft)).content.decode()
    assert 'type="date"' in page and 'value="2019-10-20"' in page


def test_a_ward_with_a_task_in_the_meeting_reads_the_issued_notice_from_its_task(
    meeting, draft, secretariat, ward_a, ward_b, client_as, world
):
    directive = DirectiveFactory(
        conclusion=meeting.conclusions.get(), lead_unit=world.ward_a, content="Giao phường A"
    )
    client = client_as(ward_a)
    assert client.get(_url("document_detail", draft)).status_code == 403  # a draft: not yet
    page = client.get(reverse("directive_detail", args=[directive.pk])).content.decode()
    assert "Thông báo kết luận" not in page

    issued = notices.notice_issue(document=draft, user=secretariat, issued_on=ISSUE_DAY)
    notices.notice_render(document_pk=issued.pk)

    page = client.get(reverse("directive_detail", args=[directive.pk])).content.decode()
    assert _url("document_detail", issued) in page and "Số 01/TB-BCĐ ngày 17/10/2019" in page
    assert client.get(_url("document_detail", issued)).status_code == 200
    response = client.get(_url("document_download", issued))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # A correction being drafted is not shown to the unit until it is issued.
    client_as(secretariat).post(_url("document_supersede", issued))
    page = client_as(ward_a).get(_url("document_detail", issued)).content.decode()
    assert "Dự thảo" not in page
    # A ward with no task in that meeting is not among the recipients.
    assert client_as(ward_b).get(_url("document_download", issued)).status_code == 403


def test_the_signer_is_laid_out_in_lines_as_on_the_notice(draft, secretariat, client_as):
    import re

    draft.signer_authority, draft.signer_title = "T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN"
    draft.signer_position, draft.signer_name = "CHỦ TỊCH UBND QUẬN", "Đỗ Mạnh Hải"
    draft.save()
    page = client_as(secretariat).get(_url("document_detail", draft)).content.decode()
    block = re.search(r'data-testid="signer-block">(.*?)</div></dd>', page, re.S).group(1)
    lines = [re.sub(r"<[^>]+>", "", line).strip() for line in block.split("</div>") if line]
    assert lines == ["T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN", "CHỦ TỊCH UBND QUẬN", "Đỗ Mạnh Hải"]
