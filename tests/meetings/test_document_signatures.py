"""Digital signatures (PAdES) of issued documents: demo keys, a PKCS#11 token (SoftHSM2), the
visible signature and seal, and the library's validator against the demo CA."""

import datetime
import io
import os
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from meetings import notices
from meetings.models import DocumentKind, MeetingState
from steering import signing
from steering.models import Person
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ISSUE_DAY = datetime.date(2019, 10, 17)
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(world):
    meeting = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 10, 17, 1, tzinfo=datetime.UTC),
        chair_title="Phó Chủ tịch UBND quận, Trưởng Ban chỉ đạo",
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    DirectiveFactory(conclusion=conclusion, lead_unit=world.vhtt, content="Giao rà soát mạng")
    return meeting


def issue_and_render(meeting, user):
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
    issued = notices.notice_issue(document=draft, user=user, issued_on=ISSUE_DAY)
    return notices.notice_render(document_pk=issued.pk)


def test_issuing_signs_the_pdf_by_the_signer_then_the_organisation(meeting, secretariat):
    document = issue_and_render(meeting, secretariat)
    data = document.file.read()
    check = signing.pdf_check(data)
    assert [s.field for s in check.signatures] == [
        signing.SIGNER_FIELD,
        signing.ORGANISATION_FIELD,
    ]
    assert all(s.intact and s.trusted for s in check.signatures)  # against the demo CA
    assert check.signatures[-1].covers_whole_file
    assert "DEMO" in check.signatures[0].signer and "DEMO" in check.signatures[1].organisation
    assert check.signatures[0].reason == "Ban hành thông báo số 01/TB-BCĐ"
    assert document.signature_level == "PAdES-B-B"
    assert document.signer_certificate == check.signatures[0].signer


def test_the_signing_time_is_written_in_vietnam_time(meeting, secretariat):
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = issue_and_render(meeting, secretariat).file.read()
    for embedded in PdfFileReader(io.BytesIO(data)).embedded_signatures:
        assert str(embedded.sig_object["/M"]).endswith("+07'00'")  # the signing time, /M
    signed_at = signing.pdf_check(data).signatures[0].signed_at
    assert signed_at.utcoffset() == datetime.timedelta(hours=7)


def test_the_stored_hash_is_the_hash_of_the_signed_file(meeting, secretariat):
    import hashlib

    document = issue_and_render(meeting, secretariat)
    assert document.sha256 == hashlib.sha256(document.file.read()).hexdigest()


def test_the_chain_is_embedded_so_the_pdf_validates_with_only_the_root(meeting, secretariat):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    data = issue_and_render(meeting, secretariat).file.read()
    reader = PdfFileReader(io.BytesIO(data))
    context = ValidationContext(trust_roots=signing.trust_roots(), allow_fetching=False)
    for embedded in reader.embedded_signatures:
        status = signing._outside_event_loop(lambda e=embedded: validate_pdf_signature(e, context))
        assert status.bottom_line, status.pretty_print_details()


def test_the_seal_covers_the_left_third_of_the_signature_at_real_size():
    slot = signing.Slot(0, 300, 200, 550, 265)
    signature, seal = signing.stamp_boxes(slot, signature_ratio=2.5)
    centre = (slot.x1 + slot.x2) / 2
    assert (signature[0] + signature[2]) / 2 == pytest.approx(centre)  # centred in the gap
    width = signature[2] - signature[0]
    assert seal[2] - signature[0] == pytest.approx(width / 3)
    assert seal[2] - seal[0] == pytest.approx(signing.SEAL_DIAMETER_MM * signing.MM)


def test_with_signing_off_the_document_is_issued_unsigned(meeting, secretariat, settings):
    settings.DOCUMENT_SIGNING_BACKEND = ""
    document = issue_and_render(meeting, secretariat)
    assert signing.pdf_check(document.file.read()).signatures == ()
    assert document.signed_at is None and document.signature_level == ""


# --- Uploaded images ---------------------------------------------------------------------------


def _png(mode, colour, size=(300, 120), fmt="PNG"):
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format=fmt)
    return out.getvalue()


def test_a_transparent_png_is_accepted_for_a_signature():
    assert signing.transparent_png_problem(signing.demo_signature_png()) is None
    assert signing.transparent_png_problem(signing.demo_seal_png()) is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_png("RGB", (255, 255, 255)), "nền trong suốt"),
        (_png("RGBA", (255, 255, 255, 255)), "không có vùng trong suốt"),
        (_png("RGB", (255, 255, 255), fmt="JPEG"), "không phải ảnh PNG"),
        (b"%PDF-1.7 not an image", "không phải ảnh PNG"),
    ],
)
def test_an_image_without_transparency_is_refused_with_the_reason(data, reason):
    assert reason in signing.transparent_png_problem(data)


def test_the_admin_form_refuses_an_opaque_seal(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.admin import SigningImageForm

    form = SigningImageForm(
        data={"kind": "seal", "committee": world.committee.pk},
        files={"image": SimpleUploadedFile("dau.png", _png("RGB", (200, 0, 0)))},
    )
    assert not form.is_valid()
    assert "nền trong suốt" in str(form.errors["image"])


def test_an_uploaded_seal_is_the_one_stamped(meeting, secretariat, world):
    from django.core.files.base import ContentFile

    from meetings.models import SigningImage

    seal = _png("RGBA", (0, 200, 0, 0))
    image = Image.open(io.BytesIO(seal))
    image.putpixel((10, 10), (0, 200, 0, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    SigningImage.objects.create(
        kind="seal", committee=world.committee, image=ContentFile(out.getvalue(), "seal.png")
    )
    data = issue_and_render(meeting, secretariat).file.read()
    assert all(s.intact for s in signing.pdf_check(data).signatures)
    with pytest.raises(ValidationError):
        SigningImage(kind="seal", person=meeting.chair, image="x.png").full_clean()


# --- A PKCS#11 token (SoftHSM2) -----------------------------------------------------------------


@pytest.fixture(scope="module")
def softhsm_token(tmp_path_factory):
    """A SoftHSM2 token holding the demo signer's and organisation's keys and certificates, as a
    government-CA USB token would; the token directory is temporary."""
    util = shutil.which("softhsm2-util")
    if util is None or not os.path.exists(SOFTHSM_MODULE):
        pytest.skip("softhsm2 is not installed (Debian package softhsm2, in TEST_DEBS)")
    import pkcs11
    from asn1crypto import pem, x509
    from pkcs11 import Attribute, CertificateType, ObjectClass

    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read by the library when it is first loaded
    keys = signing.demo_keys_create(base / "keys", signer_name="Người Ký Token")
    label, pin = "portal-test", "1234"
    run = {"check": True, "capture_output": True, "env": {**os.environ}}
    subprocess.run(
        [util, "--init-token", "--free", "--label", label, "--so-pin", "5678", "--pin", pin],
        **run,
    )
    for index, who in enumerate(("signer", "organisation"), start=1):
        subprocess.run(
            [
                *(util, "--import", str(keys.key(who)), "--token", label, "--label", who),
                *("--id", f"{index:02x}", "--pin", pin),
            ],
            **run,
        )
    token = pkcs11.lib(SOFTHSM_MODULE).get_token(token_label=label)
    with token.open(rw=True, user_pin=pin) as session:
        for index, (who, path) in enumerate(
            (
                ("signer", keys.cert("signer")),
                ("organisation", keys.cert("organisation")),
                ("ca", keys.ca_cert),
            ),
            start=1,
        ):
            der = pem.unarmor(path.read_bytes())[2]
            cert = x509.Certificate.load(der)
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: who,
                    Attribute.ID: bytes([index]),
                    Attribute.SUBJECT: cert.subject.dump(),
                    Attribute.VALUE: der,
                }
            )
    return {"label": label, "pin": pin, "keys": keys}


def test_a_pkcs11_token_signs_the_issued_notice(meeting, secretariat, settings, softhsm_token):
    settings.DOCUMENT_SIGNING_BACKEND = "pkcs11"
    settings.PKCS11_MODULE = SOFTHSM_MODULE
    settings.PKCS11_TOKEN_LABEL = softhsm_token["label"]
    settings.PKCS11_PIN = softhsm_token["pin"]
    settings.PKCS11_SIGNER_KEY_LABEL = "signer"
    settings.PKCS11_ORGANISATION_KEY_LABEL = "organisation"
    settings.DOCUMENT_SIGNING_TRUST_ROOTS = [str(softhsm_token["keys"].ca_cert)]
    document = issue_and_render(meeting, secretariat)
    check = signing.pdf_check(document.file.read())
    assert [s.signer for s in check.signatures] == [
        "Người Ký Token (DEMO)",
        "Ban Chỉ đạo ứng dụng CNTT quận Long Biên (DEMO)",
    ]
    assert all(s.intact and s.trusted for s in check.signatures)


def test_a_wrong_token_pin_fails_the_render_with_the_reason(
    meeting, secretariat, settings, softhsm_token
):
    from meetings.models import RenderState

    settings.DOCUMENT_SIGNING_BACKEND = "pkcs11"
    settings.PKCS11_MODULE = SOFTHSM_MODULE
    settings.PKCS11_TOKEN_LABEL = softhsm_token["label"]
    settings.PKCS11_PIN = "0000"
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
    issued = notices.notice_issue(document=draft, user=secretariat, issued_on=ISSUE_DAY)
    with pytest.raises(signing.SigningError):
        notices.notice_render(document_pk=issued.pk)
    issued.refresh_from_db()
    assert issued.render_state == RenderState.FAILED
    assert "PKCS#11" in issued.render_error
