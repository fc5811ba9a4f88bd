"""Official documents (Thông báo, Biên bản) rendered to PDF per NĐ 30/2020 or the Party format.

A pure renderer: callers (meetings) build an `OfficialDocument` or a `MinutesDocument` from their
models and call `render_pdf` / `render_html`. Nothing here reads the database. Every size and
wording that differs between the state format (Nghị định 30/2020/NĐ-CP, Phụ lục I) and the Party
format (Hướng dẫn 36-HD/VPTW) lives in `DOCUMENT_PROFILES`, so a new guideline is a config change.

    notice = OfficialDocument(
        profile=STATE, parent="UBND QUẬN LONG BIÊN", issuer="BAN CHỈ ĐẠO ỨNG DỤNG CNTT",
        number=5, symbol="TB-BCĐ", place="Long Biên", issued_on=date(2019, 10, 17),
        subject="Kết luận của đồng chí Trưởng Ban …", body=(Paragraph("…"), Topic("1", "Về …"),
        Point("1.1", "Giao …", deadline="trước ngày 30/11/2019")),
        closing="Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện",
        signature=Signature(authority=authority_line(kind="TM", body="Ban Chỉ đạo"),
                            title="TRƯỞNG BAN", name="Nguyễn Văn A"),
        recipients=recipient_lines([Recipient("Thường trực Quận ủy", RecipientPurpose.BAO_CAO)],
                                   archive=("VT", "VHTT")),
    )
    pdf_bytes = render_pdf(notice)   # deterministic: the same input gives the same bytes

A draft passes `number=None`, `issued_on=None`, `is_draft=True`. The Party pattern passes
`profile=PARTY`, `parent="ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"`, `issuer="QUẬN ỦY LONG BIÊN"`,
`symbol="TB/QU"` ("Số 467-TB/QU"). `MinutesDocument` is the Biên bản (Mẫu 1.9).
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime
import enum
import functools
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from django.template.loader import render_to_string

from steering.text import nfc
from steering.vndates import vn_long_date, vn_place_date

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
FONT_DIR = STATIC_DIR / "fonts"
FONT_FAMILY = "Liberation Serif"

STATE = "state"
PARTY = "party"

# Sizes in pt, lengths as CSS. "state" = NĐ 30/2020 Phụ lục I; "party" = HD 36-HD/VPTW.
DOCUMENT_PROFILES: dict[str, dict] = {
    STATE: {
        "page": {"size": "A4", "top": "20mm", "bottom": "20mm", "left": "30mm", "right": "15mm"},
        "header_split": ("40%", "60%"),
        "national_title": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "national_title_size": 13,
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "motto_size": 14,
        "parent_size": 13,
        "issuer_size": 13,
        "issuer_mark": "rule",  # a short solid rule under the issuer name
        "issuer_rule_width": "40%",  # of the longest issuer line
        "number_size": 13,
        "number_format": "Số: {number}/{symbol}",
        "place_date_size": 14,
        "doc_type_size": 14,
        "subject_size": 14,
        "subject_rule_width": "35%",  # of the longest subject line
        "body_size": 14,
        "line_height": 1.2,
        "paragraph_spacing": "6pt",
        "first_line_indent": "1cm",
        "signature_size": 14,
        "recipients_title_size": 12,
        "recipients_size": 11,
        "page_number_size": 13,
        "signature_gap": "25mm",
        "authority": {"TM": "TM.", "KT": "KT.", "TL": "TL.", "Q": "Q.", "TUQ": "TUQ."},
    },
    PARTY: {
        "page": {"size": "A4", "top": "20mm", "bottom": "20mm", "left": "30mm", "right": "15mm"},
        "header_split": ("45%", "55%"),
        "party_heading": "ĐẢNG CỘNG SẢN VIỆT NAM",
        "party_heading_size": 15,
        "parent_size": 14,
        "issuer_size": 14,
        "issuer_mark": "star",  # an asterisk under the issuer instead of a rule
        "number_size": 14,
        "number_format": "Số {number}-{symbol}",
        "place_date_size": 14,
        "doc_type_size": 16,
        "subject_size": 14,
        "subject_rule_width": None,  # the Party format sets no rule under the subject
        "body_size": 14,
        "line_height": 1.2,
        "paragraph_spacing": "6pt",
        "first_line_indent": "1cm",
        "signature_size": 14,
        "recipients_title_size": 12,
        "recipients_size": 11,
        "page_number_size": 14,
        "signature_gap": "25mm",
        "authority": {"TM": "T/M", "KT": "K/T", "TL": "T/L", "Q": "Q.", "TUQ": "TUQ."},
    },
}

DRAFT_MARK = "DỰ THẢO"
CLOSING_MARK = "./."


def _normalise(value):
    """NFC for a string or for the strings in a tuple/list; other values pass through."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list | tuple):
        return tuple(_normalise(v) for v in value)
    return value


class _Normalised:
    """Dataclass mix-in: every text field is NFC on construction (pasted Word text may be NFD)."""

    def __post_init__(self):
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            normalised = _normalise(value)
            if normalised is not value:
                object.__setattr__(self, field.name, normalised)


# --- Body blocks -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Paragraph(_Normalised):
    """Justified body text with a first-line indent."""

    kind: ClassVar[str] = "paragraph"
    text: str


@dataclasses.dataclass(frozen=True)
class SectionHeading(_Normalised):
    """`I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN`: bold, upper case."""

    kind: ClassVar[str] = "section"
    number: str
    title: str

    @property
    def text(self) -> str:
        return f"{self.number}. {self.title.upper()}" if self.number else self.title.upper()


@dataclasses.dataclass(frozen=True)
class Topic(_Normalised):
    """`1. Về hạ tầng, trang thiết bị`: a numbered topic, bold."""

    kind: ClassVar[str] = "topic"
    number: str
    title: str

    @property
    def text(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclasses.dataclass(frozen=True)
class Point(_Normalised):
    """`1.1. Giao … Thời gian: trước ngày 30/11/2019.`: the deadline text is kept verbatim."""

    kind: ClassVar[str] = "point"
    number: str
    text: str
    deadline: str = ""
    deadline_label: str = "Thời gian"

    @property
    def full_text(self) -> str:
        text = self.text.strip()
        prefix = f"{self.number}. " if self.number else ""
        if self.deadline and self.deadline not in text:
            if text and text[-1] not in ".;:!?":
                text += "."
            deadline = self.deadline.strip()
            end = "" if deadline[-1] in ".;!?" else "."
            text = f"{text} {self.deadline_label}: {deadline}{end}"
        return prefix + text


@dataclasses.dataclass(frozen=True)
class BulletList(_Normalised):
    """A plain list, one `- item` per line."""

    kind: ClassVar[str] = "list"
    items: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Table(_Normalised):
    """A small figures table (a report's totals): a header row, the rows, an optional bold
    footer row; the first column is text, the others are figures (centred)."""

    kind: ClassVar[str] = "table"
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: tuple[str, ...] = ()


Block = Paragraph | SectionHeading | Topic | Point | BulletList | Table


# --- Signature and recipients ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Signature(_Normalised):
    """Ô 7: `TM. BAN CHỈ ĐẠO` / `TRƯỞNG BAN` / `PHÓ CHỦ TỊCH UBND QUẬN` / … / `Nguyễn Văn A`."""

    authority: str = ""  # "TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "T/M BAN THƯỜNG VỤ"; may be empty
    title: str = ""  # "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHÁNH VĂN PHÒNG"
    agency_position: str = ""  # a BCĐ using the agency seal adds "PHÓ CHỦ TỊCH UBND QUẬN"
    name: str = ""
    blank_lines: int = 4  # room for the signature and the seal (3-5 lines)

    def __post_init__(self):
        super().__post_init__()
        if not 3 <= self.blank_lines <= 5:
            raise ValueError("blank_lines must be between 3 and 5")


def authority_line(*, kind: str, body: str, profile: str = STATE) -> str:
    """`authority_line(kind="TM", body="Ban Chỉ đạo")` → `TM. BAN CHỈ ĐẠO` (Party: `T/M …`)."""
    prefix = DOCUMENT_PROFILES[profile]["authority"][kind.upper()]
    return f"{prefix} {nfc(body).upper()}"


class RecipientPurpose(enum.StrEnum):
    THUC_HIEN = "thuc_hien"  # to carry it out
    BAO_CAO = "bao_cao"  # to a superior, "(để b/c)"
    BIET = "biet"  # for information
    LUU = "luu"  # archive copy: joins the "Lưu:" line


PURPOSE_SUFFIX = {
    RecipientPurpose.THUC_HIEN: "",
    RecipientPurpose.BAO_CAO: " (để b/c)",
    RecipientPurpose.BIET: "",
}


@dataclasses.dataclass(frozen=True)
class Recipient(_Normalised):
    name: str
    purpose: RecipientPurpose = RecipientPurpose.THUC_HIEN


def recipient_lines(
    recipients: Iterable[Recipient],
    *,
    archive: Sequence[str] = ("VT",),
    copies: int | None = None,
) -> tuple[str, ...]:
    """The `Nơi nhận` list: superiors first, then the rest, each "- …;", last `- Lưu: VT, ….`

    Recipients whose purpose is `LUU` join the archive line after "VT" (the records office).
    """
    order = {RecipientPurpose.BAO_CAO: 0, RecipientPurpose.THUC_HIEN: 1, RecipientPurpose.BIET: 2}
    listed: list[Recipient] = []
    archive_names = [nfc(a).strip() for a in archive if a and a.strip()]
    for recipient in recipients:
        name = recipient.name.strip().rstrip(";.")
        if not name:
            continue
        if recipient.purpose == RecipientPurpose.LUU:
            if name not in archive_names:
                archive_names.append(name)
        elif all(r.name.strip().rstrip(";.") != name for r in listed):
            listed.append(recipient)
    listed.sort(key=lambda r: order[r.purpose])  # stable: keeps the caller's order within a group
    lines = [f"- {r.name.strip().rstrip(';.')}{PURPOSE_SUFFIX[r.purpose]};" for r in listed]
    archive_text = ", ".join(archive_names or ["VT"])
    if copies:
        archive_text += f", {copies:02d}b"
    lines.append(f"- Lưu: {archive_text}.")
    return tuple(lines)


# --- Documents -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Header(_Normalised):
    profile: str = STATE
    parent: str = ""  # ô 2 parent body ("UBND QUẬN LONG BIÊN"; Party: "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI")
    issuer: str  # ô 2 issuer ("BAN CHỈ ĐẠO ỨNG DỤNG CNTT"; Party: "QUẬN ỦY LONG BIÊN")
    number: int | str | None = None  # None while a draft: the number is reserved on signing
    symbol: str  # "TB-BCĐ" (state) or "TB/QU" (Party)
    place: str  # "Long Biên"
    issued_on: datetime.date | None = None
    is_draft: bool = False

    def __post_init__(self):
        super().__post_init__()
        if self.profile not in DOCUMENT_PROFILES:
            raise ValueError(f"unknown document profile {self.profile!r}")

    @property
    def config(self) -> dict:
        return DOCUMENT_PROFILES[self.profile]

    @property
    def number_text(self) -> str:
        if self.number is None or self.number == "":
            number = "\u00a0" * 5  # blank to be filled in by hand/by the register on signing
        elif isinstance(self.number, int):
            number = f"{self.number:02d}"
        else:
            number = str(self.number)
        return self.config["number_format"].format(number=number, symbol=self.symbol)

    @property
    def place_date_text(self) -> str:
        if self.issued_on is None:
            blank = "\u00a0" * 5
            return f"{self.place.strip()}, ngày{blank}tháng{blank}năm 20…"
        return vn_place_date(self.place, self.issued_on)


@dataclasses.dataclass(frozen=True, kw_only=True)
class OfficialDocument(_Header):
    """A "văn bản có tên loại" (Mẫu 1.4): a Thông báo kết luận, a Kế hoạch, a Báo cáo…"""

    doc_type: str = "THÔNG BÁO"
    subject: str = ""  # trích yếu; "\n" forces a line break
    body: tuple[Block, ...] = ()
    closing: str = ""  # "… thông báo để các cơ quan, đơn vị biết, thực hiện" ("./." is added)
    signature: Signature = dataclasses.field(default_factory=Signature)
    recipients: tuple[str, ...] = ()  # lines from `recipient_lines`

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "body", tuple(self.body))

    @property
    def closing_text(self) -> str:
        return _with_closing_mark(self.closing)


@dataclasses.dataclass(frozen=True)
class Absentee(_Normalised):
    name: str
    reason: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class MinutesDocument(_Header):
    """Biên bản cuộc họp (Mẫu 1.9)."""

    doc_type: str = "BIÊN BẢN"
    subject: str = ""
    started_at: datetime.datetime | None = None
    venue: str = ""
    attendees: tuple[str, ...] = ()
    absentees: tuple[Absentee, ...] = ()
    chair: str = ""
    secretary: str = ""
    content: tuple[Block, ...] = ()  # reports heard, opinions, conclusions
    ended_at: datetime.datetime | None = None
    secretary_signature: Signature = dataclasses.field(
        default_factory=lambda: Signature(title="THƯ KÝ")
    )
    chair_signature: Signature = dataclasses.field(
        default_factory=lambda: Signature(title="CHỦ TRÌ")
    )
    recipients: tuple[str, ...] = ()

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "absentees", tuple(self.absentees))
        object.__setattr__(self, "content", tuple(self.content))

    @property
    def started_text(self) -> str:
        return _time_text(self.started_at) if self.started_at else "…"

    @property
    def ended_text(self) -> str:
        end = _time_text(self.ended_at) if self.ended_at else "… giờ …, ngày …"
        return _with_closing_mark(f"Cuộc họp kết thúc vào {end}")


def _time_text(moment: datetime.datetime) -> str:
    """`14 giờ 00, ngày 17 tháng 10 năm 2019`."""
    return f"{moment.hour:02d} giờ {moment.minute:02d}, {vn_long_date(moment.date())}"


def _with_closing_mark(text: str) -> str:
    text = text.rstrip()
    if not text:
        return ""
    if text.endswith(CLOSING_MARK):
        return text
    return text.rstrip(".") + CLOSING_MARK


# --- Rendering -------------------------------------------------------------------------------


def _font_faces(base_url: str | None) -> list[dict]:
    faces = []
    for suffix, weight, style in (
        ("Regular", "normal", "normal"),
        ("Bold", "bold", "normal"),
        ("Italic", "normal", "italic"),
        ("BoldItalic", "bold", "italic"),
    ):
        name = f"LiberationSerif-{suffix}.ttf"
        url = f"{base_url.rstrip('/')}/{name}" if base_url else (FONT_DIR / name).as_uri()
        faces.append({"url": url, "weight": weight, "style": style})
    return faces


@functools.cache
def render_css(profile: str, *, font_base_url: str | None = None) -> str:
    """The print stylesheet for one profile.

    Fonts load from `file:` URLs of `static/fonts/` (the PDF renderer needs no web server); a view
    serving this stylesheet to browsers passes `font_base_url=static("fonts/")` instead.
    """
    return render_to_string(
        "officialdoc/officialdoc.css",
        {
            "p": DOCUMENT_PROFILES[profile],
            "font_family": FONT_FAMILY,
            "faces": _font_faces(font_base_url),
        },
    )


def _template_for(document: OfficialDocument | MinutesDocument) -> str:
    if isinstance(document, MinutesDocument):
        return "officialdoc/minutes.html"
    return "officialdoc/notice.html"


def render_html(
    document: OfficialDocument | MinutesDocument,
    *,
    stylesheet_url: str | None = None,
) -> str:
    """A standalone HTML page of the document.

    With `stylesheet_url` the page links to it (serve `render_css(profile, font_base_url=…)`
    there, which a strict CSP allows); without it the stylesheet is embedded in a <style>.
    """
    return _render_html(document, stylesheet_url=stylesheet_url, embed_css=not stylesheet_url)


def _favicon_url() -> str:
    from django.templatetags.static import static

    return static("favicon.svg")


def _render_html(document, *, stylesheet_url: str | None, embed_css: bool) -> str:
    context = {
        "doc": document,
        "p": document.config,
        "draft_mark": DRAFT_MARK,
        "stylesheet_url": stylesheet_url,
        "favicon_url": _favicon_url() if stylesheet_url else "",
        "css": render_css(document.profile) if embed_css else "",
    }
    return render_to_string(_template_for(document), context)


class _Renderer(threading.local):
    """WeasyPrint objects reused per thread: a FontConfiguration is not thread-safe, and building
    one per render would copy the @font-face files to a new temp dir every time."""

    def __init__(self):
        self.stylesheets: dict[str, tuple] = {}
        self.fetcher = None

    def get(self, profile: str):
        # Imported lazily: WeasyPrint loads Pango on import, which web requests rarely need.
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        if self.fetcher is None:
            self.fetcher = URLFetcher(allowed_protocols=("file",), timeout=5)
        if profile not in self.stylesheets:
            font_config = FontConfiguration()
            css = CSS(
                string=render_css(profile),
                base_url=STATIC_DIR.as_uri() + "/",
                font_config=font_config,
                url_fetcher=self.fetcher,
            )
            self.stylesheets[profile] = (css, font_config)
        return (*self.stylesheets[profile], self.fetcher)

    def clear(self):
        self.stylesheets.clear()


_renderer = _Renderer()
# Drop the FontConfiguration before interpreter teardown: its __del__ needs modules that are
# gone by then and would print a spurious traceback.
atexit.register(_renderer.clear)


def render_pdf(document: OfficialDocument | MinutesDocument) -> bytes:
    """The PDF bytes (A4, fonts embedded and subset). Local `file:` URLs only: no network."""
    return render_pdf_with_slot(document)[0]


PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (96 per inch)


def render_pdf_with_slot(document: OfficialDocument | MinutesDocument) -> tuple[bytes, object]:
    """The PDF bytes and where the signer's signing block leaves room for the signature (a
    `steering.signing.Slot` in PDF points, or None), read from the laid-out pages."""
    from weasyprint import HTML

    from steering.signing import Slot

    css, font_config, fetcher = _renderer.get(document.profile)
    html = HTML(
        string=_render_html(document, stylesheet_url=None, embed_css=False),
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=fetcher,
    )
    rendered = html.render(stylesheets=[css], font_config=font_config)
    slot = None
    for index, page in enumerate(rendered.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or element.get("data-slot") != "signer":
                continue
            page_height = page.height * PX_TO_PT
            x, y = box.border_box_x() * PX_TO_PT, box.border_box_y() * PX_TO_PT
            width, height = box.border_width() * PX_TO_PT, box.border_height() * PX_TO_PT
            slot = Slot(index, x, page_height - y - height, x + width, page_height - y)
    return rendered.write_pdf(), slot
