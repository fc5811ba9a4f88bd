"""A sample ward-level traffic-light criteria set, reconstructed from public sources (see
docs/domain/criteria-02-kh-bcdtw.md): the groups and criteria follow a published commune annex
and commune reports; the thresholds are illustrative. Created through the Excel import, so the
demo exercises the same path as a real set."""

import io

from .criteria_import import COLUMNS, ImportedSet, criteria_set_import

BASIS = (
    "Kế hoạch 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương (92 tiêu chí cấp xã); "
    "bộ tiêu chí mẫu dựng lại để minh họa"
)

# (group, group name, code, criterion, rule, green, yellow, measure, guidance)
SAMPLE_ROWS = [
    ("I", "Nhận thức số", "", "", "", "", "", "", ""),
    (
        "I",
        "",
        "1.1",
        "Tỷ lệ cán bộ, công chức được đào tạo, tập huấn, bồi dưỡng kỹ năng số",
        "%",
        100,
        80,
        "%",
        "Số cán bộ, công chức được bồi dưỡng kỹ năng số / tổng số cán bộ, công chức của phường.",
    ),
    (
        "I",
        "",
        "1.2",
        "Tỷ lệ người dân trưởng thành, doanh nghiệp được thông tin, tuyên truyền về chuyển đổi số",
        "%",
        100,
        70,
        "%",
        "",
    ),
    ("II", "Hạ tầng số", "", "", "", "", "", "", ""),
    (
        "II",
        "",
        "2.1",
        "Tỷ lệ cán bộ, công chức được trang bị máy vi tính kết nối mạng",
        "%",
        100,
        90,
        "%",
        "",
    ),
    (
        "II",
        "",
        "2.2",
        "Trụ sở kết nối mạng truyền số liệu chuyên dùng",
        "Có/Không",
        "",
        "",
        "",
        "",
    ),
    ("III", "Chính quyền số", "", "", "", "", "", "", ""),
    (
        "III",
        "",
        "3.1",
        "Tỷ lệ hồ sơ thủ tục hành chính tiếp nhận, giải quyết trên hệ thống một cửa điện tử",
        "%",
        100,
        95,
        "%",
        "",
    ),
    (
        "III",
        "",
        "3.2",
        "Tỷ lệ văn bản đi, đến được xử lý trên môi trường mạng (trừ văn bản mật)",
        "%",
        100,
        90,
        "%",
        "",
    ),
    (
        "III",
        "",
        "3.3",
        "Số hồ sơ thủ tục hành chính giải quyết trễ hạn trong tháng",
        "≤",
        0,
        3,
        "hồ sơ",
        "Theo báo cáo của hệ thống thông tin giải quyết thủ tục hành chính.",
    ),
    (
        "III",
        "",
        "3.4",
        "Tỷ lệ dịch vụ công trực tuyến toàn trình phát sinh hồ sơ",
        "%",
        80,
        50,
        "%",
        "",
    ),
    ("IV", "Xã hội số", "", "", "", "", "", "", ""),
    (
        "IV",
        "",
        "4.1",
        "Số tổ công nghệ số cộng đồng hoạt động thường xuyên",
        "≥",
        10,
        5,
        "tổ",
        "",
    ),
    (
        "IV",
        "",
        "4.2",
        "Tỷ lệ người dân từ 14 tuổi có tài khoản định danh điện tử mức 2",
        "%",
        90,
        70,
        "%",
        "",
    ),
]


def sample_workbook() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([str(label) for label in COLUMNS.values()])
    for row in SAMPLE_ROWS:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sample_ward_criteria_create(*, committee, year: int, name: str | None = None) -> ImportedSet:
    """The sample set for `committee` (wards and communes of its area), flagged as a sample."""
    imported = criteria_set_import(
        committee=committee,
        name=name or "Bộ tiêu chí chuyển đổi số cấp phường, xã (mẫu)",
        year=year,
        basis=BASIS,
        content=sample_workbook(),
    )
    imported.criteria_set.is_sample = True
    imported.criteria_set.save(update_fields=["is_sample"])
    imported.criteria_set.criteria.update(is_sample=True)
    return imported
