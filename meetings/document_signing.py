"""Issued documents and their digital signatures: signing in the render job, and verifying any
PDF someone brings back ("is this a document issued here, unchanged?").

    signed = document_sign(document=document, pdf=pdf, slot=slot)   # in notices.notice_render
    verdict = document_verify(data=uploaded_bytes)                   # page and verify_document
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib

from django.utils.translation import gettext as _

from steering import signing

from .models import DocumentKind, DocumentSource, MeetingDocument, SigningImage, SigningImageKind


@dataclasses.dataclass(frozen=True)
class Signed:
    pdf: bytes
    level: str
    signed_at: datetime.datetime
    signer_certificate: str


def _latest_image(**owner) -> bytes | None:
    image = SigningImage.objects.filter(**owner).first()
    if image is None:
        return None
    with image.image.open("rb") as handle:
        return handle.read()


def _images(document: MeetingDocument) -> tuple[bytes, bytes]:
    """The signer's signature and the committee's seal as uploaded; the demo images otherwise."""
    signature = seal = None
    if document.meeting.chair_id:
        signature = _latest_image(kind=SigningImageKind.SIGNATURE, person=document.meeting.chair_id)
    seal = _latest_image(kind=SigningImageKind.SEAL, committee=document.committee_id)
    paths = signing.demo_paths()
    if signature is None:
        signature = (
            paths.image("signer").read_bytes()
            if paths.image("signer").exists()
            else signing.demo_signature_png()
        )
    if seal is None:
        seal = (
            paths.image("organisation").read_bytes()
            if paths.image("organisation").exists()
            else signing.demo_seal_png()
        )
    return signature, seal


def document_sign(*, document: MeetingDocument, pdf: bytes, slot) -> Signed | None:
    """The rendered PDF signed by the signer and then the organisation; None when signing is
    off (`DOCUMENT_SIGNING_BACKEND` empty). Raises `signing.SigningError` if the keys refuse."""
    with signing.signing_keys() as keys:
        if keys is None:
            return None
        if slot is None:
            raise signing.SigningError("the document has no signing block")
        signature_png, seal_png = _images(document)
        kind = {DocumentKind.NOTICE: "thông báo", DocumentKind.REPORT: "báo cáo"}.get(
            document.kind, "biên bản"
        )
        signed, level = signing.pdf_sign(
            pdf,
            keys=keys,
            slot=slot,
            signature_png=signature_png,
            seal_png=seal_png,
            reason=f"Ban hành {kind} số {document.number_label}",
            location=document.place_name,
        )
    check = signing.pdf_check(signed)
    first = check.signatures[0] if check.signatures else None
    return Signed(
        pdf=signed,
        level=str(level),
        signed_at=(
            first.signed_at if first and first.signed_at else datetime.datetime.now(signing.VIETNAM)
        ),
        signer_certificate=first.signer if first else "",
    )


# --- Verification ----------------------------------------------------------------------------


class Outcome:
    AUTHENTIC = "authentic"
    ALTERED = "altered"
    UNKNOWN_SIGNER = "unknown_signer"
    NOT_OURS = "not_ours"
    UNSIGNED = "unsigned"
    NOT_PDF = "not_pdf"


@dataclasses.dataclass(frozen=True)
class Verdict:
    outcome: str
    message: str  # in Vietnamese, says exactly why
    document: MeetingDocument | None = None
    signatures: tuple = ()

    @property
    def is_authentic(self) -> bool:
        return self.outcome == Outcome.AUTHENTIC


def _issued_with_hash(digest: str) -> MeetingDocument | None:
    return (
        MeetingDocument.objects.issued()
        .filter(sha256=digest)
        .select_related("meeting", "committee")
        .first()
    )


def document_verify(*, data: bytes) -> Verdict:
    """Whether a PDF is a document issued here, unchanged since signing — or exactly why not."""
    check = signing.pdf_check(data)
    if not check.is_pdf:
        return Verdict(Outcome.NOT_PDF, _("Tệp không phải là tệp PDF đọc được."))
    signatures = check.signatures
    exact = _issued_with_hash(hashlib.sha256(data).hexdigest())
    if not signatures:
        if exact is not None:  # issued while signing was off: the register's hash still vouches
            return Verdict(
                Outcome.AUTHENTIC,
                _("Tệp trùng khớp mã SHA-256 của văn bản đã ban hành (văn bản không ký số)."),
                exact,
            )
        return Verdict(
            Outcome.UNSIGNED,
            _("Tệp không có chữ ký số và không trùng với văn bản nào đã ban hành trên cổng."),
        )
    if exact is not None and exact.source == DocumentSource.UPLOADED:
        return Verdict(
            Outcome.AUTHENTIC,
            _(
                "Tệp trùng khớp bản đã ban hành được tải lên cổng (ký số ở hệ thống quản lý "
                "văn bản của cơ quan)."
            ),
            exact,
            signatures,
        )
    # The revision the last signature signed: the whole file unless something was appended.
    last = max(signatures, key=lambda s: s.revision_end)
    signed_part = _issued_with_hash(hashlib.sha256(data[: last.revision_end]).hexdigest())
    claimed = exact or signed_part
    if not all(s.intact for s in signatures):
        return Verdict(
            Outcome.ALTERED,
            _(
                "Nội dung tệp đã bị thay đổi sau khi ký: chữ ký số không còn khớp với nội dung. "
                "Đây không phải bản gốc đã ban hành."
            ),
            claimed,
            signatures,
        )
    if not all(s.trusted for s in signatures):
        unknown = ", ".join(s.signer or "?" for s in signatures if not s.trusted)
        return Verdict(
            Outcome.UNKNOWN_SIGNER,
            _(
                "Chữ ký số còn nguyên vẹn nhưng chứng thư số của người ký (%(who)s) không do "
                "tổ chức cung cấp dịch vụ chứng thực mà cổng tin cậy cấp: không xác định được "
                "người ký."
            )
            % {"who": unknown},
            claimed,
            signatures,
        )
    if not last.covers_whole_file:
        return Verdict(
            Outcome.ALTERED,
            _(
                "Tệp đã được thêm nội dung sau chữ ký số cuối cùng: phần được ký là văn bản "
                "gốc, phần thêm vào thì không."
            ),
            claimed,
            signatures,
        )
    if exact is None:
        return Verdict(
            Outcome.NOT_OURS,
            _(
                "Chữ ký số hợp lệ nhưng tệp không trùng với văn bản nào đã ban hành trên cổng "
                "(không có trong sổ văn bản)."
            ),
            None,
            signatures,
        )
    return Verdict(
        Outcome.AUTHENTIC,
        _("Văn bản do cổng ban hành, còn nguyên vẹn kể từ khi ký số."),
        exact,
        signatures,
    )
