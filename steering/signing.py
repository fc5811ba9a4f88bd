"""Digital signatures of issued documents (PAdES, pyHanko): keys, visible stamps, validation.

NĐ 30/2020 makes the digitally signed PDF the official electronic document: the signer signs
first, then the organisation (Phụ lục I, ô 7c and 8). Each signature is an incremental update
with its own visible image — the signer's blue signature centred between the title and the
name, the organisation's red seal at real size over the left third of it — and the signing time
in Vietnam's time zone. The CMS carries the certificate chain (PAdES B-B); with a time-stamp
server configured the validation data is embedded too (B-LT).

Keys come from `signing_keys()`:
- `DOCUMENT_SIGNING_BACKEND=demo`: a demo CA, a signer and an organisation certificate ("DEMO"
  in every subject) made once under `DOCUMENT_SIGNING_DIR` (never committed);
- `DOCUMENT_SIGNING_BACKEND=pkcs11`: a PKCS#11 token (the government CA's USB token, SoftHSM2):
  `PKCS11_MODULE`, `PKCS11_TOKEN_LABEL`, `PKCS11_PIN`, `PKCS11_SIGNER_KEY_LABEL`,
  `PKCS11_ORGANISATION_KEY_LABEL` (each certificate carries the label of its key);
- empty: documents are issued unsigned.

Nothing here reads the database; `meetings.signatures` ties it to issued documents.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import enum
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MM = 72 / 25.4  # PDF points per millimetre
SEAL_DIAMETER_MM = 36  # a round seal of a district body (NĐ 99/2016: 35–37 mm)
SIGNATURE_WIDTH_MM = 45
SIGNER_FIELD = "ChuKyNguoiKy"
ORGANISATION_FIELD = "ChuKyCoQuan"
DEMO_MARK = "DEMO"
DEMO_PIN = "1234"


class SigningError(Exception):
    """Signing could not be done (keys missing, token refused, bad image)."""


def _outside_event_loop(function):
    """Run `function()` where pyHanko may start its own event loop (it calls asyncio.run): in
    this thread normally, in a helper thread when this one already runs a loop (a browser test's
    Playwright, an async server)."""
    import asyncio
    import concurrent.futures

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


# --- Keys ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DemoPaths:
    directory: Path

    @property
    def ca_cert(self) -> Path:
        return self.directory / "demo-ca.pem"

    def cert(self, who: str) -> Path:
        return self.directory / f"demo-{who}.pem"

    def key(self, who: str) -> Path:
        return self.directory / f"demo-{who}.key"

    def image(self, who: str) -> Path:
        return self.directory / f"demo-{who}.png"


def _name(common_name: str, organisation: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(*, subject, issuer, public_key, signing_key, is_ca: bool, days: int):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not is_ca,
                content_commitment=not is_ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=is_ca,
                crl_sign=is_ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return builder.sign(signing_key, hashes.SHA256())


def demo_keys_create(
    directory: Path,
    *,
    signer_name: str = "Đỗ Mạnh Hải",
    organisation_name: str = "Ban Chỉ đạo ứng dụng CNTT quận Long Biên",
    ca_name: str = "CA thử nghiệm Cổng điều hành",
) -> DemoPaths:
    """A demo CA with a signer and an organisation certificate, "DEMO" in every subject; kept if
    already there. Also the demo signature and seal images."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    paths = DemoPaths(Path(directory))
    if paths.ca_cert.exists() and paths.cert("organisation").exists():
        return paths
    paths.directory.mkdir(parents=True, exist_ok=True)
    paths.directory.chmod(0o700)
    organisation = f"{organisation_name} ({DEMO_MARK})"
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_subject = _name(f"{DEMO_MARK} - {ca_name}", organisation)
    ca = _certificate(
        subject=ca_subject,
        issuer=ca_subject,
        public_key=ca_key.public_key(),
        signing_key=ca_key,
        is_ca=True,
        days=3650,
    )
    pem = serialization.Encoding.PEM
    paths.ca_cert.write_bytes(ca.public_bytes(pem))
    for who, common_name in (
        ("signer", f"{signer_name} ({DEMO_MARK})"),
        ("organisation", organisation),
    ):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = _certificate(
            subject=_name(common_name, organisation),
            issuer=ca_subject,
            public_key=key.public_key(),
            signing_key=ca_key,
            is_ca=False,
            days=1825,
        )
        key_path = paths.key(who)
        key_path.write_bytes(
            key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
        key_path.chmod(0o600)
        paths.cert(who).write_bytes(cert.public_bytes(pem))
    paths.image("signer").write_bytes(demo_signature_png())
    paths.image("organisation").write_bytes(demo_seal_png())
    log.info("demo signing keys created in %s", paths.directory)
    return paths


def demo_signature_png() -> bytes:
    """A blue handwritten-looking stroke on a transparent background."""
    import math

    from PIL import Image, ImageDraw

    width, height = 600, 240
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [
        (40 + t * 5.2, 130 - 70 * math.sin(t / 9) * math.exp(-t / 160) + 25 * math.sin(t / 2.5))
        for t in range(100)
    ]
    draw.line(points, fill=(20, 40, 170, 255), width=7, joint="curve")
    draw.line([(90, 190), (540, 160)], fill=(20, 40, 170, 255), width=5)
    return _png(image)


def demo_seal_png() -> bytes:
    """A red round seal marked DEMO, transparent outside the rings."""
    from PIL import Image, ImageDraw

    size = 480
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (210, 20, 30, 235)
    draw.ellipse((6, 6, size - 6, size - 6), outline=red, width=14)
    draw.ellipse((70, 70, size - 70, size - 70), outline=red, width=6)
    centre = size / 2
    star = []
    import math

    for i in range(10):
        radius = 70 if i % 2 == 0 else 28
        angle = -math.pi / 2 + i * math.pi / 5
        star.append((centre + radius * math.cos(angle), centre - 40 + radius * math.sin(angle)))
    draw.polygon(star, fill=red)
    draw.rectangle((centre - 120, centre + 60, centre + 120, centre + 110), outline=red, width=6)
    draw.text((centre - 60, centre + 62), DEMO_MARK, fill=red, font_size=44)
    return _png(image)


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def transparent_png_problem(data: bytes) -> str | None:
    """Why an uploaded signature or seal image cannot be used, in Vietnamese; None if it can: a
    PNG (by content, not by name) with an alpha channel that is actually transparent somewhere."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                return _("Tệp không phải ảnh PNG.")
            if image.width < 100 or image.height < 50 or image.width * image.height > 16_000_000:
                return _("Ảnh quá nhỏ hoặc quá lớn (tối thiểu 100 × 50 điểm ảnh).")
            has_alpha = image.mode in {"RGBA", "LA"} or (
                image.mode == "P" and "transparency" in image.info
            )
            if not has_alpha:
                return _("Ảnh PNG phải có nền trong suốt (kênh alpha).")
            alpha = image.convert("RGBA").getchannel("A")
            if alpha.getextrema()[0] == 255:
                return _("Ảnh PNG không có vùng trong suốt: hãy xoá nền trắng.")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return _("Tệp không phải ảnh PNG hợp lệ.")
    return None


# --- Signers ---------------------------------------------------------------------------------


@dataclasses.dataclass
class SigningKeys:
    signer: object  # pyhanko.sign.signers.Signer
    organisation: object
    trust_roots: list  # asn1crypto certificates the signatures chain to


def backend() -> str:
    return (getattr(settings, "DOCUMENT_SIGNING_BACKEND", "") or "").strip().lower()


def demo_paths() -> DemoPaths:
    return DemoPaths(Path(settings.DOCUMENT_SIGNING_DIR))


def _load_cert(path: Path):
    from pyhanko.keys import load_cert_from_pemder

    return load_cert_from_pemder(str(path))


def trust_roots() -> list:
    """The CA certificates accepted on verification: `DOCUMENT_SIGNING_TRUST_ROOTS` (PEM/DER
    files), or the demo CA."""
    files = [Path(p) for p in getattr(settings, "DOCUMENT_SIGNING_TRUST_ROOTS", []) if p]
    if not files and backend() in {"demo", "pkcs11"}:
        paths = demo_paths()
        if paths.ca_cert.exists():
            files = [paths.ca_cert]
    return [_load_cert(path) for path in files]


@contextlib.contextmanager
def signing_keys() -> Iterator[SigningKeys | None]:
    """The signer's and the organisation's keys, or None when signing is off. A PKCS#11
    session is closed on exit."""
    kind = backend()
    if not kind:
        yield None
        return
    if kind == "demo":
        from pyhanko.sign import signers

        paths = demo_keys_create(demo_paths().directory)
        ca = [str(paths.ca_cert)]
        yield SigningKeys(
            signer=signers.SimpleSigner.load(
                str(paths.key("signer")), str(paths.cert("signer")), ca_chain_files=ca
            ),
            organisation=signers.SimpleSigner.load(
                str(paths.key("organisation")),
                str(paths.cert("organisation")),
                ca_chain_files=ca,
            ),
            trust_roots=trust_roots(),
        )
        return
    if kind != "pkcs11":
        raise SigningError(f"unknown DOCUMENT_SIGNING_BACKEND {kind!r}")
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    try:
        session = pkcs11.open_pkcs11_session(
            settings.PKCS11_MODULE,
            token_criteria=TokenCriteria(label=settings.PKCS11_TOKEN_LABEL),
            user_pin=settings.PKCS11_PIN,
        )
    except Exception as exc:
        raise SigningError(f"PKCS#11 token not available: {exc}") from exc
    try:
        yield SigningKeys(
            signer=pkcs11.PKCS11Signer(
                session,
                key_label=settings.PKCS11_SIGNER_KEY_LABEL,
                cert_label=settings.PKCS11_SIGNER_KEY_LABEL,
                other_certs_to_pull=None,  # the CA certificates on the token: the chain
            ),
            organisation=pkcs11.PKCS11Signer(
                session,
                key_label=settings.PKCS11_ORGANISATION_KEY_LABEL,
                cert_label=settings.PKCS11_ORGANISATION_KEY_LABEL,
                other_certs_to_pull=None,  # the CA certificates on the token: the chain
            ),
            trust_roots=trust_roots(),
        )
    finally:
        session.close()


# --- Signing ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Slot:
    """The blank space of a signing block (between title and name), in PDF points from the
    bottom-left corner of its page (0-based)."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


def stamp_boxes(slot: Slot, *, signature_ratio: float) -> tuple[tuple, tuple]:
    """(signature box, seal box): the signature centred in the slot, the seal at real size with
    its right edge a third of the way into the signature, centred on the same line."""
    width = min(SIGNATURE_WIDTH_MM * MM, slot.x2 - slot.x1)
    height = min(width / signature_ratio, slot.y2 - slot.y1)
    width = height * signature_ratio
    centre_x, centre_y = (slot.x1 + slot.x2) / 2, (slot.y1 + slot.y2) / 2
    signature = (
        centre_x - width / 2,
        centre_y - height / 2,
        centre_x + width / 2,
        centre_y + height / 2,
    )
    diameter = SEAL_DIAMETER_MM * MM
    seal_right = signature[0] + width / 3
    seal = (seal_right - diameter, centre_y - diameter / 2, seal_right, centre_y + diameter / 2)
    return signature, seal


def _signer_class():
    from pyhanko.sign import signers

    class VietnamTimePdfSigner(signers.PdfSigner):
        """The signing time (/M) in Asia/Ho_Chi_Minh, whatever the server's zone."""

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = datetime.datetime.now(VIETNAM)
            return session

    return VietnamTimePdfSigner


def _image(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGBA")


class Level(enum.StrEnum):
    B_B = "PAdES-B-B"
    B_LT = "PAdES-B-LT"


def pdf_sign(
    pdf: bytes,
    *,
    keys: SigningKeys,
    slot: Slot,
    signature_png: bytes,
    seal_png: bytes,
    reason: str,
    location: str = "",
) -> tuple[bytes, Level]:
    """The PDF signed by the signer, then by the organisation, each with its visible image."""
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.stamp import StaticStampStyle
    from pyhanko_certvalidator import ValidationContext

    timestamp_url = getattr(settings, "DOCUMENT_SIGNING_TIMESTAMP_URL", "")
    level = Level.B_LT if timestamp_url else Level.B_B
    signature_image, seal_image = _image(signature_png), _image(seal_png)
    signature_box, seal_box = stamp_boxes(
        slot, signature_ratio=signature_image.width / signature_image.height
    )
    signer_class = _signer_class()
    data = pdf
    for field_name, signer, image, box in (
        (SIGNER_FIELD, keys.signer, signature_image, signature_box),
        (ORGANISATION_FIELD, keys.organisation, seal_image, seal_box),
    ):
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=location or None,
            embed_validation_info=level == Level.B_LT,
            validation_context=(
                ValidationContext(trust_roots=keys.trust_roots, allow_fetching=True)
                if level == Level.B_LT
                else None
            ),
        )
        style = StaticStampStyle(background=PdfImage(image), border_width=0, background_opacity=1.0)
        pdf_signer = signer_class(
            meta,
            signer=signer,
            timestamper=timestamps.HTTPTimeStamper(timestamp_url) if timestamp_url else None,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(
                sig_field_name=field_name, on_page=slot.page, box=tuple(round(v, 2) for v in box)
            ),
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        out = io.BytesIO()
        try:
            _outside_event_loop(lambda s=pdf_signer, w=writer, o=out: s.sign_pdf(w, output=o))
        except Exception as exc:
            raise SigningError(f"{field_name}: {type(exc).__name__}: {exc}") from exc
        data = out.getvalue()
    return data, level


# --- Validation ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str  # the certificate's common name
    organisation: str
    signed_at: datetime.datetime | None
    intact: bool  # the signed bytes are unchanged
    trusted: bool  # the certificate chains to one of our trust roots
    covers_whole_file: bool  # nothing was added after this signature
    reason: str
    revision_end: int  # byte offset where the signed revision ends


@dataclasses.dataclass(frozen=True)
class PdfCheck:
    is_pdf: bool
    signatures: tuple[SignatureCheck, ...] = ()
    error: str = ""


def _subject_part(cert, key: str) -> str:
    return str(cert.subject.native.get(key, "")) if cert is not None else ""


def pdf_check(data: bytes) -> PdfCheck:
    """Every signature of a PDF: intact, trusted against our roots, covering the whole file."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if b"%PDF-" not in data[:1024]:
        return PdfCheck(is_pdf=False, error="not a PDF")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        return PdfCheck(is_pdf=False, error=f"{type(exc).__name__}: {exc}")
    roots = trust_roots()
    checks = []
    for sig in embedded:
        cert = None
        intact = trusted = whole = False
        signed_at = None
        try:
            cert = sig.signer_cert
            context = ValidationContext(trust_roots=roots, allow_fetching=False)
            status = _outside_event_loop(lambda s=sig, c=context: validate_pdf_signature(s, c))
            intact = bool(status.intact and status.valid)
            trusted = bool(status.trusted) and intact
            whole = status.coverage.name == "ENTIRE_FILE"
            signed_at = status.signer_reported_dt
        except Exception as exc:  # a damaged signature is "not intact", never a crash
            log.info("signature %s did not validate: %s", sig.field_name, exc)
        byte_range = list(sig.sig_object.get("/ByteRange", [0, 0, 0, 0]))
        reason = str(sig.sig_object.get("/Reason", ""))
        checks.append(
            SignatureCheck(
                field=sig.field_name,
                signer=_subject_part(cert, "common_name"),
                organisation=_subject_part(cert, "organization_name"),
                signed_at=signed_at.astimezone(VIETNAM) if signed_at else None,
                intact=intact,
                trusted=trusted,
                covers_whole_file=whole,
                reason=reason,
                revision_end=int(byte_range[2]) + int(byte_range[3]),
            )
        )
    return PdfCheck(is_pdf=True, signatures=tuple(checks))
