"""The words conclusion notices use to assign work, as patterns (split from
conclusion_assignments.py). Lower case with diacritics where folded forms collide ("lập"/"lắp",
"chờ"/"cho"); folded where the spelling varies ("UBND"/"Ủy ban nhân dân").
"""

import re
from collections.abc import Iterable

# Imperatives that open a directive sentence ("Xây dựng lộ trình ...").
IMPERATIVES = (
    "giao",
    "yêu cầu",
    "đề nghị",
    "đồng ý",
    "thống nhất",
    "xây dựng",
    "hoàn thiện",
    "hoàn thành",
    "hoàn chỉnh",
    "tổ chức",
    "rà soát",
    "tham mưu",
    "hướng dẫn",
    "triển khai",
    "nghiên cứu",
    "đánh giá",
    "lập",
    "lên phương án",
    "bố trí",
    "chỉ đạo",
    "phối hợp",
    "bổ sung",
    "tổng hợp",
    "kiểm tra",
    "đôn đốc",
    "tiếp tục",
    "khẩn trương",
    "báo cáo",
    "xin ý kiến",
    "chuẩn bị",
    "trình",
    "ban hành",
    "đẩy mạnh",
    "tăng cường",
    "nâng cao",
    "duy trì",
    "đảm bảo",
    "bảo đảm",
    "thực hiện",
    "cập nhật",
    "theo dõi",
    "chủ động",
    "quán triệt",
    "công khai",
    "rút kinh nghiệm",
    "đề xuất",
    "lựa chọn",
    "mua sắm",
    "đầu tư",
    "nâng cấp",
    "tuyên truyền",
    "tập trung",
    "khắc phục",
    "sửa đổi",
    "điều chỉnh",
    "phân công",
    "chấn chỉnh",
    "thành lập",
    "kiện toàn",
    "cung cấp",
    "vận hành",
    "xử lý",
    "thí điểm",
    "tập huấn",
    "đào tạo",
    "bồi dưỡng",
    "mở rộng",
    "tích hợp",
    "kết nối",
    "gửi",
    "tiếp thu",
    "bàn giao",
    "giải trình",
    "gương mẫu",  # "Các đồng chí Bộ trưởng … gương mẫu trong sử dụng chữ ký số"
)
# Words that end a unit name after "Giao"/"phối hợp với": the first verb of the content.
UNIT_ENDING_VERBS = (
    *(verb for verb in IMPERATIVES if verb not in {"giao", "yêu cầu", "đề nghị", "chỉ đạo"}),
    "chủ trì",
    "căn cứ",
    "ký",
    "bám sát",
    "tham gia",
    "lên",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "có nhiệm vụ",
    "làm",
    "so sánh",
    "xác định",
    "số hóa",
    "số hoá",
)


def words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(words), key=len, reverse=True)
    alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


IMPERATIVE_START = words_pattern(IMPERATIVES)
UNIT_END = words_pattern(UNIT_ENDING_VERBS)
UNIT_END_NOT_SUPPORT = words_pattern(v for v in UNIT_ENDING_VERBS if v != "phối hợp")

# An assignment anywhere in the sentence. "giao ban" is a meeting, "do Thành phố giao." is passive.
ASSIGNMENT = re.compile(
    r"(?<!được )(?<!bàn )(?<!chuyển )(?<!\w)giao(?= [^\W\d_])"
    r"(?! (?:ban|dịch|thông|tiếp|diện|lưu|nhận|lại|kết|hữu|thoa|ước"
    # "do Thành phố giao đã hoàn thành": a unit name never starts with these
    r"|đã|đang|sẽ|tại|trong|từ|theo|và|là|thì|năm|tháng|về|nhưng|nên|của|trước|sau|như)(?!\w))"
    r"|(?<!đáp ứng )(?<!so với )(?<!theo )(?<!các )(?<!những )(?<!đúng )(?<!có )(?<!về )"
    r"(?<!\w)yêu cầu(?= \w)"
    r"|(?<!theo )(?<!các )(?<!có )(?<!\w)đề nghị(?= \w)"
)
# "Xét đề nghị của Bộ …", "theo yêu cầu tại …": the request as a noun.
REQUEST_NOUN = re.compile(r"\s+(?:của|tại|này|đó|nêu)(?!\w)")
# "Thủ tướng yêu cầu giao Văn phòng Chính phủ chủ trì": "giao" after "yêu cầu" is not a name.
SKIP_AFTER_ASSIGNMENT = re.compile(r"\s*(?:giao\s+)?(?:nhiệm vụ(?: cụ thể)? )?(?:cho )?")
# Openers that may precede the imperative: "Trong quý I năm 2018, tổ chức ...".
ADVERBIAL_OPENER = re.compile(
    r"(?:trong|căn cứ|để|với|đối với|sau khi|trên cơ sở|từ|đến|trước|đồng thời|ngoài ra"
    r"|bên cạnh đó|riêng|về|tại|hiện nay|đặc biệt)(?!\w)"
    r"|(?:triển khai|thực hiện)(?: thực hiện)? (?:kết luận|quyết định|nghị quyết|công văn"
    r"|thông báo|chỉ thị|kế hoạch|văn bản|chỉ đạo|ý kiến)"
)
DECISION_START = re.compile(r"(?:đồng ý|thống nhất|nhất trí)(?!\w)")
MODAL = re.compile(r"(?:cần phải|cần|phải|sẽ)\s+")

SUPPORT = re.compile(r"(?<!\w)phối hợp(?: chặt chẽ)?(?: với| cùng)?\s+")

# Heads of a unit name, to tell "Phòng A, Phòng B" (two units) from "các phòng, ban, ngành" (one).
UNIT_HEAD = re.compile(
    r"(?:phong|van phong|ubnd|uy ban|hdnd|hoi dong|cong an|trung tam|ban|dang uy|mat tran"
    r"|quan doan|hoi|lien doan|chi cuc|doi|bao hiem|kho bac|chi nhanh|vien|benh vien|truong"
    r"|cac|so|bo|to|quan uy|thanh uy|cuc)\s+[^\s,;]",
)
# Bodies reported to: "báo cáo Ban Thường vụ Quận ủy xem xét".
BODY_HEAD = re.compile(
    r"(?:ban|thuong truc|thuong vu|hdnd|ubnd|uy ban|hoi dong|truong ban|truong|pho|chu tich"
    r"|bi thu|thanh uy|quan uy|huyen uy|tinh uy|dang uy|so|bo|van phong|thu tuong|chinh phu|to"
    r"|dong chi|d/c|cap co tham quyen|lanh dao|co quan|bcd)(?!\w)"
)
REPORT = re.compile(
    r"(?<!\w)(?:báo cáo|đề xuất|gửi (?:báo cáo|kết quả)(?=\s+(?:về|cho|đến|tới)\s))"
    r"\s+(?:(?:lên|với|cho|gửi|về|đến|tới)\s+)?(?!số\s)"
)
# "chương trình", "quy trình", "lộ trình" are nouns, not "submit to".
SUBMIT = re.compile(
    r"(?<!chương )(?<!quy )(?<!lộ )(?<!công )(?<!tờ )(?<!giải )(?<!quá )(?<!\w)trình"
    r"\s+(?:(?:lên|với|cho|gửi|về)\s+)?"
)
BODY_STOP = re.compile(
    r"\s+(?:xem xét|phê duyệt|cho ý kiến|xin|trong|trước|tại|để|theo|thông qua|quyết định"
    r"|kết quả|về|vào|chậm nhất|định kỳ|thường xuyên|hằng|hàng|sau khi|khi|nội dung|ban hành)"
    r"(?!\w)|[.;:(]|,\s+|$"
)

LABEL_START = re.compile(
    r"^(?:thoi gian|thoi han|han|han chot|tien do)(?: (?:hoan thanh|thuc hien|bao cao))?\s*[:\-–]"
)
# "Thời gian hoàn thành trước ngày 15 tháng 6 năm 2024." (no colon) is a bare deadline too.
DEADLINE_FILLER = {
    "hoan",
    "thanh",
    "xong",
    "thuc",
    "hien",
    "bao",
    "cao",
    "ket",
    "qua",
    "thoi",
    "gian",
    "han",
}
