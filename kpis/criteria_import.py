"""A traffic-light criteria set imported from Excel: its groups, criteria, rules and thresholds.

One sheet, one row per criterion; a row with a group code and no criterion code opens a group
("I | Hạ tầng số"), as the published tables are laid out. Headers may be the Vietnamese labels
or their ASCII keys. The file is read by `workbook.sheet_read` (archive and XML checks first);
every row is checked before anything is written, and one error refuses the whole file with a
Vietnamese message naming the row and the column.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from steering.numbers import NumberError, parse_vn_number
from steering.text import nfc

from .models import CriteriaMethod, CriteriaSet, Criterion, CriterionGroup, RuleKind
from .workbook import sheet_read

MAX_ROWS = 500

# key: Vietnamese header (what the template shows)
COLUMNS = {
    "nhom": gettext_lazy("Nhóm"),
    "ten_nhom": gettext_lazy("Tên nhóm"),
    "ma_tieu_chi": gettext_lazy("Mã tiêu chí"),
    "tieu_chi": gettext_lazy("Tiêu chí"),
    "quy_tac": gettext_lazy("Quy tắc"),
    "nguong_xanh": gettext_lazy("Ngưỡng Xanh"),
    "nguong_vang": gettext_lazy("Ngưỡng Vàng"),
    "don_vi_tinh": gettext_lazy("Đơn vị tính"),
    "cach_danh_gia": gettext_lazy("Cách đánh giá"),
}
REQUIRED = ("ma_tieu_chi", "tieu_chi", "quy_tac")

RULE_WORDS = {
    RuleKind.AT_LEAST: ("≥", ">=", "tối thiểu", "càng cao càng tốt", "số lượng"),
    RuleKind.AT_MOST: ("≤", "<=", "tối đa", "càng thấp càng tốt"),
    RuleKind.PERCENT: ("%", "tỷ lệ", "tỉ lệ", "tỷ lệ %", "tỉ lệ %"),
    RuleKind.YES_NO: ("có/không", "có / không", "có-không", "đạt/không đạt"),
}


@dataclass
class ImportedSet:
    criteria_set: CriteriaSet
    groups: int
    criteria: int


def _header_keys(header: list[str]) -> list[str]:
    """Each header cell as its key ("" when unknown), Vietnamese label or ASCII key alike."""
    by_label = {nfc(str(label)).lower(): key for key, label in COLUMNS.items()}
    return [key if key in COLUMNS else by_label.get(key, key) for key in header]


def _rule(text: str) -> str | None:
    word = " ".join(str(text).lower().split())
    for rule, words in RULE_WORDS.items():
        if word in words or word == rule:
            return rule
    return None


def _threshold(value, *, rule):
    if isinstance(value, str):
        value = value.strip().rstrip("%").strip() if rule == RuleKind.PERCENT else value.strip()
        if value == "":
            return None
    return parse_vn_number(value)


def _where(number: int, key: str) -> str:
    return _("Dòng %(row)s, cột “%(col)s”") % {"row": number, "col": COLUMNS[key]}


def criteria_rows_read(content: bytes) -> tuple[list[dict], list[str]]:
    """(groups and criteria as dicts, errors in Vietnamese). Nothing is written."""
    labels = {k: str(v) for k, v in COLUMNS.items()}
    labels |= {nfc(v).lower(): v for v in list(labels.values())}
    sheet = sheet_read(content, max_rows=MAX_ROWS, labels=labels)
    errors = [f"{_('Dòng')} {row}, {where}: {message}" for row, where, message in sheet.errors]
    if errors:
        return [], errors
    header = _header_keys(sheet.header)
    missing = [str(COLUMNS[k]) for k in REQUIRED if k not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing:
        errors.append(_("Thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)})
    if unknown:
        errors.append(_("Cột không dùng được: %(cols)s.") % {"cols": ", ".join(unknown)})
    if errors:
        errors.append(_("Hãy dùng tệp mẫu tải về từ trang nhập bộ tiêu chí."))
        return [], errors
    items: list[dict] = []
    groups: dict[str, str] = {}
    codes: dict[str, int] = {}
    current_group = None
    for number, cells in sheet.rows:
        record = dict(zip(header, (list(cells) + [""] * len(header))[: len(header)], strict=True))
        text = {k: nfc(str(v)).strip() if v is not None else "" for k, v in record.items()}
        code = text.get("ma_tieu_chi", "")
        group_code = text.get("nhom", "")
        if not code:
            name = text.get("ten_nhom") or text.get("tieu_chi")
            if not group_code:
                errors.append(
                    _("Dòng %(row)s: thiếu mã tiêu chí (hoặc mã nhóm nếu đây là dòng nhóm).")
                    % {"row": number}
                )
                continue
            if not name:
                errors.append(
                    _("%(where)s: thiếu tên nhóm.") % {"where": _where(number, "ten_nhom")}
                )
                continue
            if group_code in groups and groups[group_code] != name:
                errors.append(
                    _("%(where)s: nhóm “%(code)s” đã có tên khác (“%(other)s”).")
                    % {
                        "where": _where(number, "nhom"),
                        "code": group_code,
                        "other": groups[group_code],
                    }
                )
                continue
            groups[group_code] = name
            current_group = group_code
            items.append({"kind": "group", "code": group_code, "name": name[:500]})
            continue
        if len(code) > 20:
            errors.append(
                _("%(where)s: mã dài quá 20 ký tự.") % {"where": _where(number, "ma_tieu_chi")}
            )
            continue
        if code in codes:
            errors.append(
                _("%(where)s: mã “%(code)s” trùng với dòng %(other)s.")
                % {"where": _where(number, "ma_tieu_chi"), "code": code, "other": codes[code]}
            )
            continue
        codes[code] = number
        if group_code and group_code not in groups:
            errors.append(
                _("%(where)s: nhóm “%(code)s” chưa có dòng tên nhóm phía trên.")
                % {"where": _where(number, "nhom"), "code": group_code}
            )
            continue
        if not text.get("tieu_chi"):
            errors.append(
                _("%(where)s: thiếu nội dung tiêu chí.") % {"where": _where(number, "tieu_chi")}
            )
            continue
        rule = _rule(text.get("quy_tac", ""))
        if rule is None:
            errors.append(
                _(
                    "%(where)s: “%(value)s” không phải quy tắc hợp lệ; dùng một trong: "
                    "“≥” (càng cao càng tốt), “≤” (càng thấp càng tốt), “%%” (tỷ lệ), “Có/Không”."
                )
                % {"where": _where(number, "quy_tac"), "value": text.get("quy_tac", "")}
            )
            continue
        thresholds = {}
        bad = False
        for key in ("nguong_xanh", "nguong_vang"):
            try:
                thresholds[key] = _threshold(record.get(key, ""), rule=rule)
            except NumberError as exc:
                errors.append(f"{_where(number, key)}: {exc}")
                bad = True
        if bad:
            continue
        green, yellow = thresholds["nguong_xanh"], thresholds["nguong_vang"]
        message = _rule_problem(rule, green, yellow)
        if message:
            errors.append(f"{_('Dòng')} {number}: {message}")
            continue
        items.append(
            {
                "kind": "criterion",
                "group": group_code or current_group,
                "code": code,
                "name": text["tieu_chi"],
                "rule": rule,
                "green": green,
                "yellow": yellow,
                "measure": text.get("don_vi_tinh", "")[:50],
                "guidance": text.get("cach_danh_gia", ""),
                "row": number,
            }
        )
    if not errors and not any(i["kind"] == "criterion" for i in items):
        errors.append(_("Tệp không có tiêu chí nào."))
    return items, errors


def _rule_problem(rule: str, green, yellow) -> str | None:
    if rule == RuleKind.YES_NO:
        if green is not None or yellow is not None:
            return _("tiêu chí Có/Không không dùng ngưỡng; hãy để trống hai cột ngưỡng.")
        return None
    if green is None or yellow is None:
        return _("cần cả Ngưỡng Xanh và Ngưỡng Vàng.")
    if rule == RuleKind.AT_MOST and green > yellow:
        return _("với quy tắc “≤”, Ngưỡng Xanh phải nhỏ hơn hoặc bằng Ngưỡng Vàng.")
    if rule != RuleKind.AT_MOST and green < yellow:
        return _("Ngưỡng Xanh phải lớn hơn hoặc bằng Ngưỡng Vàng.")
    if rule == RuleKind.PERCENT and not (yellow >= 0 and green <= 100):
        return _("ngưỡng tỷ lệ phải từ 0 đến 100.")
    if abs(green) >= 10**12 or abs(yellow) >= 10**12:
        return _("ngưỡng quá lớn.")
    return None


@transaction.atomic
def criteria_set_import(
    *,
    committee,
    name: str,
    year: int,
    content: bytes,
    basis: str = "",
    applies_to_kinds: list[str] | None = None,
) -> ImportedSet:
    """Create a traffic-light criteria set from the workbook, or raise ValidationError with
    every problem found; nothing is written unless the whole file is valid."""
    items, errors = criteria_rows_read(content)
    name = nfc(name.strip())
    if CriteriaSet.objects.filter(committee=committee, name=name, year=year).exists():
        errors.insert(
            0,
            _("Ban chỉ đạo đã có bộ tiêu chí “%(name)s” năm %(year)s; đặt tên khác.")
            % {"name": name, "year": year},
        )
    if errors:
        raise ValidationError(errors)
    try:
        criteria_set = CriteriaSet.objects.create(
            committee=committee,
            name=name,
            year=year,
            basis=basis,
            method=CriteriaMethod.LIGHTS,
            applies_to_kinds=applies_to_kinds if applies_to_kinds is not None else _ward_kinds(),
            self_scoring=True,
        )
        groups: dict[str, CriterionGroup] = {}
        ordinal = 0
        for item in items:
            if item["kind"] == "group":
                groups[item["code"]] = CriterionGroup.objects.create(
                    criteria_set=criteria_set,
                    ordinal=len(groups) + 1,
                    code=item["code"],
                    name=item["name"],
                )
                continue
            ordinal += 1
            Criterion.objects.create(
                criteria_set=criteria_set,
                group=groups.get(item["group"]) if item["group"] else None,
                ordinal=ordinal,
                code=item["code"],
                name=item["name"],
                rule=item["rule"],
                green_threshold=item["green"],
                yellow_threshold=item["yellow"],
                measure=item["measure"],
                guidance=item["guidance"],
            )
    except IntegrityError as exc:  # a constraint the checks above should already have caught
        raise ValidationError(_("Không lưu được bộ tiêu chí: %(e)s") % {"e": exc}) from exc
    return ImportedSet(criteria_set=criteria_set, groups=len(groups), criteria=ordinal)


def _ward_kinds() -> list[str]:
    from steering.models import OrgKind

    return [OrgKind.WARD, OrgKind.COMMUNE]


TEMPLATE_ROWS = [
    ("I", "Hạ tầng số", "", "", "", "", "", "", ""),
    ("I", "", "1", "Tỷ lệ cán bộ, công chức được trang bị máy tính", "%", 100, 90, "%", ""),
    (
        "I",
        "",
        "2",
        "Có mạng nội bộ kết nối mạng truyền số liệu chuyên dùng",
        "Có/Không",
        "",
        "",
        "",
        "",
    ),
    ("II", "Chính quyền số", "", "", "", "", "", "", ""),
    ("II", "", "3", "Số hồ sơ trễ hạn trong tháng", "≤", 0, 5, "hồ sơ", ""),
    ("II", "", "4", "Số dịch vụ công trực tuyến toàn trình", "≥", 50, 30, "dịch vụ", ""),
]


def criteria_import_template() -> bytes:
    """The import template: the headers and a few example rows, one of each rule."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tieu chi"
    sheet.append([str(label) for label in COLUMNS.values()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in TEMPLATE_ROWS:
        sheet.append(list(row))
    for letter, width in zip("ABCDEFGHI", (8, 24, 12, 60, 12, 12, 12, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
