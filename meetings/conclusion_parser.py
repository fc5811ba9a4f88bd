"""Turn pasted conclusion text into topics and directive suggestions for the secretary to review.

Conclusion notices follow one shape (domain-vn §1.9): optional Roman sections ("II. NHIỆM VỤ
TRỌNG TÂM"), numbered topics ("1. Về hệ thống camera an ninh"), then points ("1.1.", "a)", "- "
or plain paragraphs) whose sentences assign work: "Giao <đơn vị chủ trì> chủ trì, phối hợp với
<đơn vị phối hợp> <nội dung>, báo cáo <cấp trên> <thời hạn>." Every such sentence becomes one
suggestion; nothing is saved here, so a wrong guess costs the secretary one correction.

Pure Python: units come in as `UnitName` values built by the caller from OrgUnit rows.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from steering.deadlines import DeadlineKind, parse_deadline
from steering.text import aligned_fold, aligned_lower, fold, nfc

from .unit_names import STANDING_AGENCY, UnitIndex, UnitName, UnitRef

__all__ = ["ParsedConclusions", "UnitName", "UnitRef", "parse_conclusions"]


@dataclass
class DirectiveSuggestion:
    text: str
    lead_unit: str | None = None  # as written
    lead_unit_id: int | None = None
    lead_unit_matched: bool = False
    supporting_units: list[UnitRef] = field(default_factory=list)
    report_to: str | None = None
    deadline_text: str | None = None
    deadline_kind: str = DeadlineKind.NONE.value
    due_date: datetime.date | None = None
    item: str = ""  # position in the notice, e.g. "II.1.1", for the task's source reference


@dataclass
class ParsedTopic:
    number: str
    title: str
    section: str = ""
    directives: list[DirectiveSuggestion] = field(default_factory=list)


@dataclass
class ParsedSection:
    number: str
    title: str


@dataclass
class ParsedConclusions:
    topics: list[ParsedTopic] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)

    @property
    def directives(self) -> list[DirectiveSuggestion]:
        return [directive for topic in self.topics for directive in topic.directives]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "topics": [
                {
                    "number": topic.number,
                    "title": topic.title,
                    "directives": [_directive_json(d) for d in topic.directives],
                }
                for topic in self.topics
            ]
        }


def _directive_json(directive: DirectiveSuggestion) -> dict[str, Any]:
    return {
        "text": directive.text,
        "lead_unit": directive.lead_unit,
        "lead_unit_matched": directive.lead_unit_matched,
        "supporting_units": [unit.name for unit in directive.supporting_units],
        "report_to": directive.report_to,
        "deadline_text": directive.deadline_text,
        "deadline_kind": directive.deadline_kind,
        "due_date": directive.due_date.isoformat() if directive.due_date else None,
    }


# ---------------------------------------------------------------------------------------------
# Text helpers. Every helper keeps offsets: lowered/folded copies have the sentence's length.


def _clean_line(line: str) -> str:
    line = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", line)
    return " ".join(line.split())


@dataclass(frozen=True)
class _Sentence:
    text: str
    lower: str
    folded: str

    @classmethod
    def of(cls, text: str) -> "_Sentence":
        return cls(text, aligned_lower(text), aligned_fold(text))


# ---------------------------------------------------------------------------------------------
# Vocabulary (lower case, with diacritics: folded forms collide, e.g. "lập"/"lắp", "chờ"/"cho").

# Imperatives that open a directive sentence ("Xây dựng lộ trình ...").
_IMPERATIVES = (
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
)
# Words that end a unit name after "Giao"/"phối hợp với": the first verb of the content.
_UNIT_ENDING_VERBS = (
    *(verb for verb in _IMPERATIVES if verb not in {"giao", "yêu cầu", "đề nghị", "chỉ đạo"}),
    "chủ trì",
    "căn cứ",
    "ký",
    "bám sát",
    "tham gia",
    "lên",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "làm",
    "so sánh",
    "xác định",
    "số hóa",
    "số hoá",
)


def _words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(words), key=len, reverse=True)
    alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_IMPERATIVE_START = _words_pattern(_IMPERATIVES)
_UNIT_END = _words_pattern(_UNIT_ENDING_VERBS)
_UNIT_END_NOT_SUPPORT = _words_pattern(v for v in _UNIT_ENDING_VERBS if v != "phối hợp")

# An assignment anywhere in the sentence. "giao ban" is a meeting, "do Thành phố giao." is passive.
_ASSIGNMENT = re.compile(
    r"(?<!được )(?<!bàn )(?<!chuyển )(?<!\w)giao(?= [^\W\d_])"
    r"(?! (?:ban|dịch|thông|tiếp|diện|lưu|nhận|lại|kết|hữu|thoa|ước"
    # "do Thành phố giao đã hoàn thành": a unit name never starts with these
    r"|đã|đang|sẽ|tại|trong|từ|theo|và|là|thì|năm|tháng|về|nhưng|nên|của|trước|sau|như)(?!\w))"
    r"|(?<!đáp ứng )(?<!theo )(?<!các )(?<!những )(?<!đúng )(?<!có )(?<!về )(?<!\w)yêu cầu(?= \w)"
    r"|(?<!theo )(?<!các )(?<!có )(?<!\w)đề nghị(?= \w)"
)
_SKIP_AFTER_ASSIGNMENT = re.compile(r"\s*(?:nhiệm vụ(?: cụ thể)? )?(?:cho )?")
# Openers that may precede the imperative: "Trong quý I năm 2018, tổ chức ...".
_ADVERBIAL_OPENER = re.compile(
    r"(?:trong|căn cứ|để|với|đối với|sau khi|trên cơ sở|từ|đến|trước|đồng thời|ngoài ra"
    r"|bên cạnh đó|riêng|về|tại|hiện nay|đặc biệt)(?!\w)"
)
_DECISION = re.compile(r"(?:^|[,:;] )(?:đồng ý|thống nhất)(?!\w)")
_MODAL = re.compile(r"(?:cần phải|cần|phải|sẽ)\s+")

_SUPPORT = re.compile(r"(?<!\w)phối hợp(?: chặt chẽ)?(?: với| cùng)?\s+")

# Heads of a unit name, to tell "Phòng A, Phòng B" (two units) from "các phòng, ban, ngành" (one).
_UNIT_HEAD = re.compile(
    r"(?:phong|van phong|ubnd|uy ban|hdnd|hoi dong|cong an|trung tam|ban|dang uy|mat tran"
    r"|quan doan|hoi|lien doan|chi cuc|doi|bao hiem|kho bac|chi nhanh|vien|benh vien|truong"
    r"|cac|so|bo|to|quan uy|thanh uy|cuc)\s+[^\s,;]",
)
# Bodies reported to: "báo cáo Ban Thường vụ Quận ủy xem xét".
_BODY_HEAD = re.compile(
    r"(?:ban|thuong truc|thuong vu|hdnd|ubnd|uy ban|hoi dong|truong ban|truong|pho|chu tich"
    r"|bi thu|thanh uy|quan uy|huyen uy|tinh uy|dang uy|so|bo|van phong|thu tuong|chinh phu|to"
    r"|dong chi|d/c|cap co tham quyen|lanh dao|co quan|bcd)(?!\w)"
)
_REPORT = re.compile(r"(?<!\w)báo cáo\s+(?:(?:lên|với|cho|gửi|về)\s+)?")
# "chương trình", "quy trình", "lộ trình" are nouns, not "submit to".
_SUBMIT = re.compile(
    r"(?<!chương )(?<!quy )(?<!lộ )(?<!công )(?<!tờ )(?<!giải )(?<!quá )(?<!\w)trình"
    r"\s+(?:(?:lên|với|cho|gửi|về)\s+)?"
)
_BODY_STOP = re.compile(
    r"\s+(?:xem xét|phê duyệt|cho ý kiến|xin|trong|trước|tại|để|theo|thông qua|quyết định"
    r"|kết quả|về|vào|chậm nhất|định kỳ|thường xuyên|hằng|hàng|sau khi|khi|nội dung|ban hành)"
    r"(?!\w)|[.;:(]|,\s+|$"
)

_LABEL_START = re.compile(
    r"^(?:thoi gian|thoi han|han|han chot|tien do)(?: (?:hoan thanh|thuc hien|bao cao))?\s*[:\-–]"
)
_DEADLINE_FILLER = {"hoan", "thanh", "xong", "thuc", "hien", "bao", "cao", "ket", "qua"}

# Sections I to XIX; upper case only, so "v.v." or "i)" never open a section.
_ROMAN = re.compile(r"^(?P<n>(?=[IVX])X?(?:IX|IV|V?I{0,3}))\s*[.)]\s*(?P<rest>\S.*)$")
_POINT = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})+)\.?\)?\s+(?P<rest>\S.*)$")
_TOPIC = re.compile(r"^(?P<n>\d{1,2})\s*[.)]\s+(?P<rest>\S.*)$")
_LETTER = re.compile(r"^(?P<n>[a-zđ])(?:\)|\.(?= ))\s*(?P<rest>\S.*)$")
_BULLET = re.compile(r"^[-–—+•·*▪►➢✓]\s*(?P<rest>\S.*)$")
_ABBREVIATIONS = {"tp", "đ/c", "ts", "ths", "pgs", "gs", "v.v", "tt", "ks", "bs", "ông", "bà"}


# ---------------------------------------------------------------------------------------------
# Lines, blocks and sentences


@dataclass
class _Block:
    kind: str  # section, topic, point, letter, bullet, para
    number: str
    text: str


def _classify(line: str) -> _Block:
    if found := _ROMAN.match(line):
        return _Block("section", found["n"], found["rest"])
    if found := _POINT.match(line):
        return _Block("point", found["n"], found["rest"])
    if found := _TOPIC.match(line):
        return _Block("topic", found["n"], found["rest"])
    if found := _LETTER.match(line):
        return _Block("letter", found["n"], found["rest"])
    if found := _BULLET.match(line):
        return _Block("bullet", "", found["rest"])
    return _Block("para", "", line)


def _ends_sentence(text: str) -> bool:
    return text.rstrip("\"'”’)»").endswith((".", ":", ";", "!", "?", "…"))


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    gap = False
    for raw in nfc(text).splitlines():
        line = _clean_line(raw)
        if not line:
            gap = True  # a blank line always ends a paragraph
            continue
        if fold(line).startswith("noi nhan"):
            break  # the recipients list ends the body
        block = _classify(line)
        previous = blocks[-1] if blocks else None
        if previous and not gap and block.kind == "para" and _continues(previous, line):
            previous.text = f"{previous.text} {line}"
            continue
        blocks.append(block)
        gap = False
    return blocks


def _continues(previous: _Block, line: str) -> bool:
    """True when `line` is a wrapped continuation of `previous` (PDF copies break lines)."""
    first = line[0]
    if first.islower():
        return True
    if previous.kind == "section":
        return line.isupper()
    if previous.kind == "topic":
        return False
    return not _ends_sentence(previous.text)


def _split_sentences(text: str) -> list[str]:
    """Split at ".", "!", "?" or "…" followed by a capital, a digit or a bullet.

    A lower-case continuation ("phường … làm tiêu chí") and "TP. Hà Nội" do not end a sentence.
    """
    sentences: list[str] = []
    start = 0
    length = len(text)
    i = 0
    while i < length:
        ch = text[i]
        if ch in ".!?…":
            end = i + 1
            while end < length and text[end] in ".!?…\"'”’)»":
                end += 1
            if end < length and text[end] == " ":
                following = end + 1
                while following < length and text[following] in "\"'“‘(«":
                    following += 1
                nxt = text[following] if following < length else ""
                word = text[start:i].rsplit(" ", 1)[-1].lower()
                starts_anew = nxt.isupper() or nxt.isdigit() or (nxt and nxt in "-–•+")
                if starts_anew and word not in _ABBREVIATIONS:
                    sentences.append(text[start:end].strip())
                    start = end + 1
                    i = end
                    continue
            i = end
            continue
        i += 1
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return [sentence for sentence in sentences if sentence]


# ---------------------------------------------------------------------------------------------
# Sentence analysis


def _clause_starts(sentence: _Sentence) -> list[int]:
    """Where the main clause may start: the beginning, after a short "…:" lead-in, or after an
    adverbial opener such as "Trong quý I năm 2018," or "Căn cứ bộ tiêu chí mới,"."""
    lower = sentence.lower
    starts = [0]
    colon = lower.find(": ")
    if colon > 0 and len(lower[:colon].split()) <= 15:
        starts.append(colon + 2)
    if _ADVERBIAL_OPENER.match(lower):
        comma = lower.find(", ")
        while comma > 0 and len(lower[:comma].split()) <= 20:
            starts.append(comma + 2)
            comma = lower.find(", ", comma + 2)
            if len(starts) > 6:
                break
    return starts


def _starts_with_imperative(lower: str, pos: int) -> bool:
    if modal := _MODAL.match(lower, pos):
        pos = modal.end()
    return bool(_IMPERATIVE_START.match(lower, pos))


def _is_directive(sentence: _Sentence) -> bool:
    lower = sentence.lower
    if _ASSIGNMENT.search(lower) or _DECISION.search(lower):
        return True
    return any(_starts_with_imperative(lower, start) for start in _clause_starts(sentence))


def _is_deadline_only(sentence: _Sentence) -> bool:
    """ "Thời gian: trước ngày 30/11/2019." belongs to the directive before it."""
    folded = sentence.folded.strip(" .;:-–")
    if _LABEL_START.match(folded):
        return True
    spec = parse_deadline(sentence.text)
    if spec.kind == DeadlineKind.NONE:
        return False
    rest = sentence.folded.replace(aligned_fold(spec.text), " ", 1)
    return set(re.findall(r"\w+", rest)) <= _DEADLINE_FILLER


_UNIT_SEPARATOR = re.compile(r"\s*(?:,|;|(?<!\w)và(?!\w)|(?<!\w)cùng(?!\w))\s*")
_CONJUNCTION = re.compile(r"(?:và|cùng)\s+")


def _units_in(span: str, start: int, sentence: _Sentence, index: UnitIndex) -> list[UnitRef]:
    """Split "Phòng Tài chính - Kế hoạch, Văn phòng HĐND và UBND quận" into units."""
    refs: list[UnitRef] = []
    folded = sentence.folded
    end = start + len(span)
    pos = start
    while pos < end:
        while pos < end and sentence.text[pos] in " ,;":
            pos += 1
        if (found := _CONJUNCTION.match(sentence.lower, pos)) and pos < end:
            pos = found.end()
        if pos >= end:
            break
        known = index.match_at(folded, pos)
        if known and known[0] <= end:
            refs.append(UnitRef(sentence.text[pos : known[0]], known[1].id, True))
            pos = known[0]
            continue
        piece_end = end
        for boundary in _UNIT_SEPARATOR.finditer(sentence.lower, pos, end):
            after = boundary.end()
            if after >= end or boundary.start() == pos:
                continue
            if index.match_at(folded, after) or _UNIT_HEAD.match(folded, after):
                piece_end = boundary.start()
                break
        written = sentence.text[pos:piece_end].strip(" ,;")
        if written:
            refs.append(index.resolve(written))
        pos = max(piece_end, pos + 1)
    return refs


def _lead(sentence: _Sentence, index: UnitIndex) -> tuple[list[UnitRef], int]:
    """Lead unit(s) named after "Giao"/"yêu cầu"/"đề nghị", and where the lead span ends."""
    assignment = _ASSIGNMENT.search(sentence.lower)
    if not assignment:
        return [], 0
    pos = _SKIP_AFTER_ASSIGNMENT.match(sentence.lower, assignment.end()).end()
    folded = sentence.folded
    if STANDING_AGENCY.match(folded, pos):
        verb = _UNIT_END.search(sentence.lower, pos)
        end = verb.start() if verb else len(sentence.text)
        written = sentence.text[pos:end].strip(" ,;:")
        agency = index.standing_agency
        if agency is not None:
            return [UnitRef(written, agency.id, True)], end
        return [index.resolve(written)], end
    verb = _UNIT_END.search(sentence.lower, pos)
    if verb is None or verb.start() <= pos or len(sentence.text[pos : verb.start()].split()) > 15:
        known = index.match_at(folded, pos)
        if known:  # "yêu cầu công an quận ..." with no verb we know
            return [UnitRef(sentence.text[pos : known[0]], known[1].id, True)], known[0]
        return [], pos
    span = sentence.text[pos : verb.start()]
    refs = _units_in(span, pos, sentence, index)
    if refs and not refs[0].matched:
        # An unknown first name ("các phòng, ban, ngành, UBND các phường") stays whole.
        return [UnitRef(span.strip(" ,;:"))], verb.start()
    return refs, verb.start()


def _supporting(sentence: _Sentence, index: UnitIndex, after: int) -> list[UnitRef]:
    support = _SUPPORT.search(sentence.lower, after)
    if not support:
        return []
    verb = _UNIT_END_NOT_SUPPORT.search(sentence.lower, support.end())
    end = verb.start() if verb else len(sentence.text)
    if len(sentence.text[support.end() : end].split()) > 25:
        return []
    return _units_in(sentence.text[support.end() : end], support.end(), sentence, index)


def _report_to(sentence: _Sentence, index: UnitIndex) -> str | None:
    for verb in (_REPORT, _SUBMIT):
        for found in verb.finditer(sentence.lower):
            start = found.end()
            if not (
                _BODY_HEAD.match(sentence.folded, start) or index.match_at(sentence.folded, start)
            ):
                continue
            end = start
            while True:
                stop = _BODY_STOP.search(sentence.lower, end + 1)
                end = stop.start() if stop else len(sentence.text)
                text = sentence.text[end:]
                # "Thường trực, Ban Thường vụ Quận ủy": a comma followed by another body.
                comma = re.match(r",\s+", text)
                if comma and _BODY_HEAD.match(sentence.folded, end + comma.end()):
                    end += comma.end()
                    continue
                break
            body = sentence.text[start:end].strip(" ,;:")
            if body and len(body.split()) <= 12:
                return body
    return None


# ---------------------------------------------------------------------------------------------
# Assembly


@dataclass
class _Options:
    index: UnitIndex
    meeting_date: datetime.date | None
    next_meeting_date: datetime.date | None


def _suggest(text: str, item: str, options: _Options) -> DirectiveSuggestion:
    sentence = _Sentence.of(text)
    leads, lead_end = _lead(sentence, options.index)
    supporting = _supporting(sentence, options.index, lead_end) if leads else []
    if len(leads) > 1:
        # "Giao Phòng A và Phòng B ...": the first named leads, the others support.
        supporting = [*leads[1:], *supporting]
    lead = leads[0] if leads else None
    suggestion = DirectiveSuggestion(
        text=text,
        lead_unit=lead.name if lead else None,
        lead_unit_id=lead.id if lead else None,
        lead_unit_matched=lead.matched if lead else False,
        supporting_units=supporting,
        report_to=_report_to(sentence, options.index),
        item=item,
    )
    _set_deadline(suggestion, options)
    return suggestion


def _set_deadline(suggestion: DirectiveSuggestion, options: _Options) -> None:
    spec = parse_deadline(
        suggestion.text,
        reference_date=options.meeting_date,
        next_meeting_date=options.next_meeting_date,
    )
    suggestion.deadline_text = spec.text or None
    suggestion.deadline_kind = spec.kind
    suggestion.due_date = spec.due_date


def _point_directives(text: str, item: str, options: _Options) -> list[DirectiveSuggestion]:
    directives: list[DirectiveSuggestion] = []
    for raw in _split_sentences(text):
        sentence = _Sentence.of(raw)
        if directives and _is_deadline_only(sentence):
            directives[-1].text = f"{directives[-1].text} {raw}"
            _set_deadline(directives[-1], options)
        elif _is_directive(sentence):
            directives.append(_suggest(raw, item, options))
    return directives


def _topic_title(rest: str) -> tuple[str, str]:
    """Split a topic line into its title and any content written on the same line."""
    folded = aligned_fold(rest)
    colon = rest.find(": ")
    if (
        folded.startswith("ve ")
        and colon > 0
        and not re.search(r"(?:thoi gian|thoi han|han|tien do)\s*$", folded[:colon])
    ):
        return rest[:colon].strip(), rest[colon + 2 :].strip()
    if rest.endswith(":"):
        return rest[:-1].strip(), ""
    sentences = _split_sentences(rest)
    title = sentences[0] if sentences else rest
    if not title.endswith(("..", "…")):
        title = title.removesuffix(".")
    if folded.startswith("ve "):
        return title, rest[len(sentences[0]) :].strip() if sentences else ""
    return title, rest  # a topic line that is itself a directive


def _item(*parts: str) -> str:
    return ".".join(part for part in parts if part)


def parse_conclusions(
    text: str,
    *,
    units: Sequence[UnitName],
    standing_agency: UnitName | None = None,
    meeting_date: datetime.date | None = None,
    next_meeting_date: datetime.date | None = None,
) -> ParsedConclusions:
    """Suggest topics and directives from pasted conclusion text; never raises on odd input.

    `meeting_date` anchors deadlines without a year and relative ones ("trong 10 ngày"). Text
    before the first numbered topic goes to an unnumbered topic, kept only if it assigns work.
    """
    options = _Options(UnitIndex(units, standing_agency), meeting_date, next_meeting_date)
    result = ParsedConclusions()
    section = ""
    preamble = ParsedTopic(number="", title="")
    topic: ParsedTopic | None = None
    for block in _blocks(text or ""):
        if block.kind == "section":
            section = block.number
            result.sections.append(ParsedSection(block.number, block.text.rstrip(":").strip()))
            topic = None
            continue
        if block.kind == "topic":
            title, body = _topic_title(block.text)
            topic = ParsedTopic(number=block.number, title=title, section=section)
            result.topics.append(topic)
            if body:
                item = _item(section, block.number)
                topic.directives.extend(_point_directives(body, item, options))
            continue
        target = topic or preamble
        if block.kind == "point":
            item = _item(section, block.number)
        elif block.kind == "letter":
            item = _item(section, target.number, block.number)
        else:
            item = _item(section, target.number)
        target.directives.extend(_point_directives(block.text, item, options))
    if preamble.directives:
        result.topics.insert(0, preamble)
    return result
