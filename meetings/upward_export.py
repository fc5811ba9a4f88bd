"""The upward report as files: an Excel workbook in the upper level's layout and the same as an
official-format PDF (WeasyPrint, the notices' stylesheet and header, Mẫu 1.4 "BÁO CÁO").

Workbook: sheet "Tong hop" — one row for the ward with the six category columns under two
header rows (Chưa thực hiện / Đang thực hiện / Đã hoàn thành × Đúng hạn / Quá hạn), then
"Dừng thực hiện" and the total, as the NQ 57 tracking system asks; sheet "Nhiem vu" — every
task with its source, lead unit, deadline and category; sheet "Tieu chi" — the criteria with the
ward's value and colour, and the counts per colour.
"""

import hashlib
import io

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kpis.lights_selectors import PENDING, UNMARKED
from kpis.models import Light, RuleKind
from steering import officialdoc as od
from steering.data_version import CRITERIA_LIGHTS, DIRECTIVES, data_version
from steering.vndates import vn_short_date

from .models import DocumentKind
from .notice_content import committee_header_defaults
from .upward_report import (
    DONE,
    IN_PROGRESS,
    LATE,
    NOT_STARTED,
    ON_TIME,
    PROGRESS,
    TIMING,
    upward_report,
)

LIGHT_COLUMNS = [
    (Light.GREEN, Light.GREEN.label),
    (Light.YELLOW, Light.YELLOW.label),
    (Light.RED, Light.RED.label),
    (PENDING, gettext_lazy("Chờ thẩm định")),
    (UNMARKED, gettext_lazy("Chưa đánh giá")),
]
# Files kept under their content key never go stale, so the lifetime only bounds the cache.
XLSX_CACHE_SECONDS = 3600
FILLS = {Light.GREEN: "C6EFCE", Light.YELLOW: "FFEB9C", Light.RED: "FFC7CE"}


def _title(report) -> str:
    return _("Kết quả thực hiện nhiệm vụ cấp trên giao và bộ tiêu chí của %(unit)s") % {
        "unit": report.area.name if report.area else report.committee.name
    }


def _period_text(report) -> str:
    return _("Kỳ báo cáo: từ ngày %(start)s đến ngày %(end)s") % {
        "start": vn_short_date(report.start),
        "end": vn_short_date(report.end),
    }


def _value_text(criterion, mark) -> str:
    if mark is None or mark.value is None:
        return ""
    if criterion.rule == RuleKind.YES_NO:
        return _("Có") if mark.value == 1 else _("Không")
    text = f"{mark.value.normalize():f}".replace(".", ",")
    return f"{text}%" if criterion.rule == RuleKind.PERCENT else text


def upward_report_key(*, committee, user, start, end) -> str:
    """The key of the report's content as `user` gets it now: committee, period, reader, the
    day it is dated, the language and the data versions of the directives and of the criteria
    lights, read *before* anything is counted (a write committed meanwhile can only make the
    file newer than its key). Two indexed reads. Every write to a directive, meeting, unit,
    committee, criterion or mark changes a version (database triggers), hence the key."""
    parts = [
        committee.pk,
        user.pk,
        start.isoformat(),
        end.isoformat(),
        timezone.localdate().isoformat(),
        translation.get_language() or "",
        data_version(DIRECTIVES),
        data_version(CRITERIA_LIGHTS),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def upward_report_xlsx_file(*, committee, user, start, end) -> tuple[object, bytes]:
    """(report area or None, workbook bytes): the figures are read and the workbook written
    once per content key; the same download again while nothing changed is a cache read."""
    from steering.selectors import committee_area

    key = "upward-xlsx:" + upward_report_key(committee=committee, user=user, start=start, end=end)
    data = cache.get(key)
    if data is None:
        report = upward_report(committee=committee, user=user, start=start, end=end)
        data = upward_report_xlsx(report)
        cache.set(key, data, XLSX_CACHE_SECONDS)
        return report.area, data
    return committee_area(committee=committee), data


def upward_report_xlsx(report) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    workbook = openpyxl.Workbook()

    summary = workbook.active
    summary.title = "Tong hop"
    summary.append([_title(report)])
    summary.append([_period_text(report)])
    summary.append([])
    head = [_("STT"), _("Đơn vị"), _("Tổng số nhiệm vụ")]
    summary.append(
        [*head, *[str(PROGRESS[p]) for p in PROGRESS for _t in TIMING], _("Dừng thực hiện")]
    )
    summary.append(["", "", "", *[str(TIMING[t]) for _p in PROGRESS for t in TIMING], ""])
    for column in (1, 2, 3, 10):
        summary.merge_cells(start_row=4, start_column=column, end_row=5, end_column=column)
    for i in range(3):
        summary.merge_cells(start_row=4, start_column=4 + 2 * i, end_row=4, end_column=5 + 2 * i)
    summary.append(
        [
            1,
            report.area.name if report.area else report.committee.name,
            report.total,
            *[
                report.count(p, t)
                for p in (NOT_STARTED, IN_PROGRESS, DONE)
                for t in (ON_TIME, LATE)
            ],
            report.stopped,
        ]
    )
    for row in summary.iter_rows(min_row=4, max_row=6, max_col=10):
        for cell in row:
            cell.border = border
            cell.alignment = center
            if cell.row < 6:
                cell.font = bold
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([])
    summary.append([_("Giao trong kỳ"), report.assigned_in_period])
    summary.column_dimensions["B"].width = 32
    for letter in "CDEFGHIJ":
        summary.column_dimensions[letter].width = 14

    tasks = workbook.create_sheet("Nhiem vu")
    tasks.append(
        [
            _("STT"),
            _("Nhiệm vụ"),
            _("Ban chỉ đạo giao"),
            _("Ngày giao"),
            _("Đơn vị chủ trì"),
            _("Thời hạn"),
            _("Ngày hoàn thành"),
            _("Tình trạng"),
            _("Đúng hạn / quá hạn"),
        ]
    )
    for number, row in enumerate(report.rows, 1):
        directive = row.directive
        due = directive.effective_due
        tasks.append(
            [
                number,
                directive.content,
                directive.committee.name,
                row.assigned_on,
                directive.lead_unit.name if directive.lead_unit_id else directive.lead_unit_text,
                due if due else directive.deadline_text,
                directive.completed_on if row.category and row.category[0] == DONE else None,
                str(PROGRESS[row.category[0]]) if row.category else _("Dừng thực hiện"),
                str(TIMING[row.category[1]]) if row.category else "",
            ]
        )
    for cell in tasks[1]:
        cell.font = bold
        cell.border = border
    for column in ("D", "F", "G"):
        for cell in tasks[column][1:]:
            cell.number_format = "DD/MM/YYYY"
    tasks.column_dimensions["B"].width = 70
    tasks.column_dimensions["C"].width = 36
    tasks.column_dimensions["E"].width = 30

    lights = workbook.create_sheet("Tieu chi")
    for block in report.criteria:
        lights.append([f"{block.criteria_set.name} — {block.month:02d}/{block.year}"])
        lights[lights.max_row][0].font = bold
        lights.append([str(label) for _k, label in LIGHT_COLUMNS])
        lights.append([block.counts[key] for key, _l in LIGHT_COLUMNS])
        lights.append([_("Nhóm"), _("Mã"), _("Tiêu chí"), _("Giá trị"), _("Trạng thái")])
        for cell in lights[lights.max_row]:
            cell.font = bold
        for criterion, mark in block.rows:
            lights.append(
                [
                    criterion.group.code if criterion.group_id else "",
                    criterion.code,
                    criterion.name,
                    _value_text(criterion, mark),
                    mark.get_light_display() if mark and mark.light else "",
                ]
            )
            if mark and mark.light in FILLS:
                lights.cell(lights.max_row, 5).fill = PatternFill(
                    "solid", start_color=FILLS[mark.light]
                )
        lights.append([])
    if not report.criteria:
        lights.append([_("Không có bộ tiêu chí nào đánh giá đơn vị trong tháng này.")])
    lights.column_dimensions["C"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upward_report_document(report, *, issued_on=None) -> od.OfficialDocument:
    """Header, title and signature of the report (the body is rendered as tables)."""
    defaults = committee_header_defaults(report.committee, DocumentKind.NOTICE)
    symbol = defaults["symbol"].replace("TB", "BC", 1)
    return od.OfficialDocument(
        profile=defaults["profile"],
        parent=defaults["parent_name"],
        issuer=defaults["issuer_name"],
        number=None,
        symbol=symbol,
        place=defaults["place_name"],
        issued_on=issued_on or timezone.localdate(),
        doc_type="BÁO CÁO",
        subject=f"{_title(report)}\n({_period_text(report)[0].lower()}{_period_text(report)[1:]})",
        signature=od.Signature(
            authority=od.authority_line(kind="TM", body="Ban Chỉ đạo", profile=defaults["profile"]),
            title="TRƯỞNG BAN",
        ),
        recipients=od.recipient_lines(
            [od.Recipient("Ban Chỉ đạo cấp trên", od.RecipientPurpose.BAO_CAO)]
        ),
    )


def upward_report_html(report, *, issued_on=None) -> str:
    document = upward_report_document(report, issued_on=issued_on)
    return render_to_string(
        "meetings/upward_report_pdf.html",
        {
            "doc": document,
            "p": document.config,
            "css": od.render_css(document.profile),
            "report": report,
            "light_columns": LIGHT_COLUMNS,
        },
    )


def upward_report_pdf(report, *, issued_on=None) -> bytes:
    """PDF bytes; local `file:` URLs only (fonts), never the network. The layout of a ward's
    300 tasks takes seconds (WeasyPrint): called by the render job on the worker
    (meetings/upward_pdf.py), never in a request."""
    return _render_pdf(upward_report_html(report, issued_on=issued_on))


def _render_pdf(source: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    html = HTML(
        string=source,
        base_url=od.STATIC_DIR.as_uri() + "/",
        url_fetcher=URLFetcher(allowed_protocols=("file",), timeout=5),
    )
    return html.write_pdf(font_config=FontConfiguration())
