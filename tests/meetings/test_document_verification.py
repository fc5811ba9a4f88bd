"""Verification: any PDF → a document issued here and unchanged since signing, or why not."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from meetings import notices
from meetings.document_signing import Outcome, document_verify
from meetings.models import DocumentKind, MeetingState
from steering import signing
from steering.models import Person
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ISSUE_DAY = datetime.date(2019, 10, 17)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def issued(world, secretariat):
    meeting = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 10, 17, 1, tzinfo=datetime.UTC),
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    DirectiveFactory(conclusion=conclusion, lead_unit=world.vhtt, content="Giao rà soát mạng")
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
    document = notices.notice_issue(document=draft, user=secretariat, issued_on=ISSUE_DAY)
    return notices.notice_render(document_pk=document.pk)


def test_the_issued_file_is_authentic_with_number_date_and_signer(issued):
    verdict = document_verify(data=issued.file.read())
    assert verdict.outcome == Outcome.AUTHENTIC
    assert verdict.document.pk == issued.pk
    assert verdict.document.number_label == "01/TB-BCĐ"
    assert verdict.document.issued_on == ISSUE_DAY
    assert [s.trusted for s in verdict.signatures] == [True, True]


def test_one_changed_byte_makes_it_altered(issued):
    data = bytearray(issued.file.read())
    data[data.index(b"stream") + 40] ^= 0x01  # inside the page content, under both signatures
    verdict = document_verify(data=bytes(data))
    assert verdict.outcome == Outcome.ALTERED
    assert "thay đổi sau khi ký" in verdict.message


def test_content_appended_after_the_last_signature_is_reported(issued):
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(issued.file.read()))
    writer.root["/Lang"] = TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    verdict = document_verify(data=out.getvalue())
    assert verdict.outcome == Outcome.ALTERED
    assert "thêm nội dung sau chữ ký số" in verdict.message
    assert verdict.document.pk == issued.pk  # the signed part is still recognised
    assert NameObject  # imported for the writer's API


def test_a_copy_signed_by_another_key_is_an_unknown_signer(issued, tmp_path):
    from pyhanko.sign import signers

    pdf, slot = notices.document_pdf_signable(document=issued)
    other = signing.demo_keys_create(tmp_path / "other", signer_name="Kẻ Giả Mạo")
    load = signers.SimpleSigner.load
    keys = signing.SigningKeys(
        signer=load(str(other.key("signer")), str(other.cert("signer")), [str(other.ca_cert)]),
        organisation=load(
            str(other.key("organisation")), str(other.cert("organisation")), [str(other.ca_cert)]
        ),
        trust_roots=[],
    )
    forged, _level = signing.pdf_sign(
        pdf,
        keys=keys,
        slot=slot,
        signature_png=signing.demo_signature_png(),
        seal_png=signing.demo_seal_png(),
        reason="Ban hành thông báo số 01/TB-BCĐ",
    )
    verdict = document_verify(data=forged)
    assert verdict.outcome == Outcome.UNKNOWN_SIGNER
    assert "Kẻ Giả Mạo (DEMO)" in verdict.message
    assert verdict.document is None


def test_an_unsigned_pdf_is_not_ours(issued):
    draft_pdf = notices.document_pdf(document=issued)
    assert document_verify(data=draft_pdf).outcome == Outcome.UNSIGNED


def test_a_file_that_is_not_a_pdf_says_so():
    assert document_verify(data=b"PK\x03\x04 a zip").outcome == Outcome.NOT_PDF


# --- The page and the command -----------------------------------------------------------------


def test_the_page_says_authentic_for_the_issued_file(issued, member, client_as):
    upload = SimpleUploadedFile("tb.pdf", issued.file.read(), content_type="application/pdf")
    response = client_as(member).post(reverse("document_verify"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-outcome="authentic"' in page and "01/TB-BCĐ" in page and "17/10/2019" in page


def test_the_page_explains_a_missing_file(member, client_as):
    response = client_as(member).post(reverse("document_verify"), {})
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in response.content.decode()


def test_the_verification_page_takes_a_constant_number_of_queries(
    issued, member, client_as, django_assert_max_num_queries
):
    client = client_as(member)
    data = issued.file.read()
    with django_assert_max_num_queries(12):
        client.post(reverse("document_verify"), {"file": SimpleUploadedFile("a.pdf", data)})


def test_the_command_prints_the_document_and_fails_on_a_tampered_copy(issued, tmp_path, capsys):
    good = tmp_path / "good.pdf"
    good.write_bytes(issued.file.read())
    call_command("verify_document", str(good))
    out = capsys.readouterr().out
    assert out.startswith("authentic:") and "01/TB-BCĐ" in out and "17/10/2019" in out
    bad = tmp_path / "bad.pdf"
    data = bytearray(good.read_bytes())
    data[data.index(b"stream") + 40] ^= 0x01
    bad.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="thay đổi sau khi ký"):
        call_command("verify_document", str(bad))


# --- A document signed in the office's own system ---------------------------------------------


@pytest.fixture
def draft(world):
    meeting = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 10, 17, 1, tzinfo=datetime.UTC),
        state=MeetingState.HELD,
    )
    return notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)


def _foreign_signed_pdf(document, tmp_path) -> bytes:
    """The notice as the office's system would sign it: keys of another CA."""
    from pyhanko.sign import signers

    pdf, slot = notices.document_pdf_signable(document=document)
    other = signing.demo_keys_create(tmp_path / "office", signer_name="Văn thư cơ quan")
    signer = signers.SimpleSigner.load(
        str(other.key("signer")), str(other.cert("signer")), [str(other.ca_cert)]
    )
    keys = signing.SigningKeys(signer=signer, organisation=signer, trust_roots=[])
    signed, _level = signing.pdf_sign(
        pdf,
        keys=keys,
        slot=slot,
        signature_png=signing.demo_signature_png(),
        seal_png=signing.demo_seal_png(),
        reason="Ký số tại hệ thống quản lý văn bản",
    )
    return signed


@time_machine.travel(datetime.datetime(2019, 10, 20, 3, tzinfo=datetime.UTC))
def test_an_upload_signed_elsewhere_becomes_the_issued_version(
    draft, secretariat, client_as, tmp_path, django_capture_on_commit_callbacks
):
    import hashlib

    from meetings.models import DocumentSource, RenderState

    data = _foreign_signed_pdf(draft, tmp_path)
    upload = SimpleUploadedFile("tb-ky-so.pdf", data, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_as(secretariat).post(
            reverse("document_upload_signed", args=[draft.pk]),
            {"upload-issued_on": "2019-10-18", "upload-file": upload},
        )
    assert response.status_code == 302
    assert callbacks == []  # nothing to render
    draft.refresh_from_db()
    assert (draft.number_label, draft.issued_on) == ("01/TB-BCĐ", datetime.date(2019, 10, 18))
    assert (draft.source, draft.render_state) == (DocumentSource.UPLOADED, RenderState.READY)
    assert draft.sha256 == hashlib.sha256(data).hexdigest()
    assert draft.file.read() == data
    assert draft.signer_certificate == "Văn thư cơ quan (DEMO)"
    verdict = document_verify(data=data)
    assert verdict.outcome == Outcome.AUTHENTIC and verdict.document.pk == draft.pk


@time_machine.travel(datetime.datetime(2019, 10, 20, 3, tzinfo=datetime.UTC))
def test_an_upload_that_is_not_a_pdf_is_refused_and_takes_no_number(draft, secretariat, client_as):
    upload = SimpleUploadedFile("tb.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = client_as(secretariat).post(
        reverse("document_upload_signed", args=[draft.pk]),
        {"upload-issued_on": "2019-10-18", "upload-file": upload},
    )
    assert response.status_code == 400
    assert "Tệp không phải là tệp PDF đọc được." in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft and draft.number is None
