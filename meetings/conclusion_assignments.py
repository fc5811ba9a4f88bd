"""Read one conclusion sentence: is it an assignment, which units lead, support, are reported to.

Split from conclusion_parser.py (which assembles topics). Matching runs on lower-cased and folded
copies that keep the sentence's length, so every span maps back to verbatim text.
"""

import datetime
import re
from dataclasses import dataclass, field

from steering.deadlines import DeadlineKind, parse_deadline
from steering.text import aligned_fold, aligned_lower

from .conclusion_areas import expand_areas, is_collective_areas
from .conclusion_vocabulary import (
    ADVERBIAL_OPENER,
    ASSIGNMENT,
    BODY_HEAD,
    BODY_STOP,
    DEADLINE_FILLER,
    DECISION_START,
    IMPERATIVE_START,
    LABEL_START,
    MODAL,
    REPORT,
    REQUEST_NOUN,
    SKIP_AFTER_ASSIGNMENT,
    SUBMIT,
    SUPPORT,
    UNIT_END,
    UNIT_END_NOT_SUPPORT,
    UNIT_HEAD,
)
from .unit_names import STANDING_AGENCY, UnitIndex, UnitRef


@dataclass(frozen=True)
class Sentence:
    text: str
    lower: str
    folded: str

    @classmethod
    def of(cls, text: str) -> "Sentence":
        return cls(text, aligned_lower(text), aligned_fold(text))


@dataclass
class Assignment:
    """What one sentence assigns: no lead means the secretary must pick one."""

    leads: list[UnitRef] = field(default_factory=list)
    expanded_from: str | None = None  # "UBND các phường" when `leads` are that phrase's units
    origins: list[str | None] = field(default_factory=list)  # per lead: the phrase it expands
    supporting: list[UnitRef] = field(default_factory=list)
    report_to: str | None = None


# ---------------------------------------------------------------------------------------------
# Sentence analysis


# "…; UBND tỉnh có ý kiến như sau: Sở … chủ trì": the clause after a long introduction.
_INTRODUCES = re.compile(r"(?:như sau|ý kiến|chỉ đạo|kết luận)$")
# Further subjects in one sentence: "Công an tỉnh bảo đảm …, trong khi Sở KH-CN chủ trì …".
_NEXT_CLAUSE = re.compile(
    r"(?:;|, trong khi|, còn|; đồng thời,?|, đồng thời)\s+"
    r"(?:(?:trên cơ sở đó|sau đó|theo đó|đồng thời),?\s+)?"
)
# "Đánh giá kết quả … nêu rõ: …": reported speech; the clause after the colon is the content.
_REPORTED = re.compile(r"(?:nêu rõ|cho thấy|nhận định|khẳng định|nhấn mạnh|cho biết)\s*$")


def _clause_starts(sentence: Sentence) -> list[int]:
    """Where the main clause may start: the beginning, after a short "…:" lead-in, or after an
    adverbial opener such as "Trong quý I năm 2018," or "Căn cứ bộ tiêu chí mới,"."""
    lower = sentence.lower
    starts = [0]
    colon = lower.find(": ")
    if colon > 0 and (len(lower[:colon].split()) <= 15 or _INTRODUCES.search(lower, 0, colon)):
        starts.append(colon + 2)
    if colon > 0 and _REPORTED.search(lower, 0, colon):
        starts.remove(0)  # "Đánh giá … nêu rõ:" is not the imperative "Đánh giá …"
        if colon + 2 not in starts:
            starts.append(colon + 2)
    if ADVERBIAL_OPENER.match(lower):
        comma = lower.find(", ")
        while comma > 0 and len(lower[:comma].split()) <= 20:
            starts.append(comma + 2)
            comma = lower.find(", ", comma + 2)
            if len(starts) > 6:
                break
    return starts


def _starts_with_imperative(lower: str, pos: int) -> bool:
    if modal := MODAL.match(lower, pos):
        pos = modal.end()
    found = IMPERATIVE_START.match(lower, pos)
    # "Đồng ý …", "Thống nhất …" are decisions: conclusion text unless they assign ("giao").
    return bool(found) and found.group() not in {"đồng ý", "thống nhất"}


def is_deadline_only(sentence: Sentence) -> bool:
    """ "Thời gian: trước ngày 30/11/2019." belongs to the directive before it."""
    folded = sentence.folded.strip(" .;:-–")
    if LABEL_START.match(folded):
        return True
    spec = parse_deadline(sentence.text)
    if spec.kind == DeadlineKind.NONE:
        return False
    rest = sentence.folded.replace(aligned_fold(spec.text), " ", 1)
    return set(re.findall(r"\w+", rest)) <= DEADLINE_FILLER


_UNIT_SEPARATOR = re.compile(r"\s*(?:,|;|(?<!\w)và(?!\w)|(?<!\w)cùng(?!\w))\s*")
_CONJUNCTION = re.compile(r"(?:và|cùng)\s+")


def _units_in(span: str, start: int, sentence: Sentence, index: UnitIndex) -> list[UnitRef]:
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
        pos = _after_titles(sentence, index, pos)
        known = index.match_at(sentence, pos)
        if known and known[0] <= end:
            refs.append(UnitRef(sentence.text[pos : known[0]], known[1].id, True))
            pos = known[0]
            if known[0] < end and not _UNIT_SEPARATOR.match(sentence.lower, pos):
                break  # words after a unit's name that start no new name ("khẩn trưởng")
            continue
        piece_end = end
        for boundary in _UNIT_SEPARATOR.finditer(sentence.lower, pos, end):
            after = boundary.end()
            if after >= end or boundary.start() == pos:
                continue
            if index.match_at(sentence, after) or UNIT_HEAD.match(folded, after):
                piece_end = boundary.start()
                break
        written = sentence.text[pos:piece_end].strip(" ,;")
        if written:
            refs.append(index.resolve(written))
        pos = max(piece_end, pos + 1)
    return refs


# The head of a unit named by title: "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ", "Giám đốc Sở …".
_HEAD_TITLES = re.compile(
    r"(?:(?:bo truong|chu nhiem|giam doc|thu truong|chanh van phong|truong phong)(?:\s*,\s*|\s+))+"
)


def _after_titles(sentence: Sentence, index: UnitIndex, pos: int) -> int:
    """Where the unit starts when `pos` opens with its head's titles; `pos` otherwise."""
    titles = _HEAD_TITLES.match(sentence.folded, pos)
    if titles and index.match_at(sentence, titles.end()):
        return titles.end()
    return pos


def _lead(sentence: Sentence, index: UnitIndex) -> tuple[list[UnitRef], int] | None:
    """Lead unit(s) named after "Giao"/"yêu cầu"/"đề nghị", and where the lead span ends; None
    when the sentence has no such word."""
    assignment = next(
        (
            found
            for found in ASSIGNMENT.finditer(sentence.lower)
            if not REQUEST_NOUN.match(sentence.lower, found.end())
        ),
        None,
    )
    if not assignment:
        return None
    pos = SKIP_AFTER_ASSIGNMENT.match(sentence.lower, assignment.end()).end()
    folded = sentence.folded
    if STANDING_AGENCY.match(folded, pos):
        verb = UNIT_END.search(sentence.lower, pos)
        end = verb.start() if verb else len(sentence.text)
        return [_standing(sentence.text[pos:end], index)], end
    verb = UNIT_END.search(sentence.lower, _after_known_units(sentence, index, pos))
    if verb is None or verb.start() <= pos or len(sentence.text[pos : verb.start()].split()) > 25:
        known = index.match_at(sentence, pos)
        if known:  # "yêu cầu công an quận ..." with no verb we know
            return [UnitRef(sentence.text[pos : known[0]], known[1].id, True)], known[0]
        if regarding := _REGARDING.search(sentence.lower, 0, assignment.start()):
            # "Đối với các sở, ngành đề nghị cung cấp …": the units come first.
            span = (regarding.start("units"), regarding.end("units"))
            return _lead_span(sentence, index, *span), pos
        return [], pos
    return _lead_span(sentence, index, pos, verb.start()), verb.start()


_REGARDING = re.compile(r"(?:^|[.;:]\s+)đối với\s+(?P<units>\S.*?)\s*,?\s*$")
# Words between a subject and its verb that are not part of the unit's name.
_TRAILING_MODAL = re.compile(
    r"(?:\s*,?\s*(?:cần phải|cần|phải|sẽ|cũng|tích cực|tiếp tục|khẩn trương|chủ động|nghiêm túc|sớm"
    r"|có trách nhiệm|chịu trách nhiệm|theo (?:lĩnh vực|chức năng|nhiệm vụ)[^,]*))+\s*,?\s*$"
)
# "Sở Thông tin và Truyền thông được Ủy ban nhân dân tỉnh giao chủ trì …": the subject leads.
_PASSIVE = re.compile(
    r"(?<!nhiệm vụ )(?<!việc )(?<!\w)được\s+(?:[^,.;]{0,60}?\s)?giao(?:\s+nhiệm vụ)?(?!\w)"
)


def _passive(sentence: Sentence, index: UnitIndex, starts: list[int]) -> tuple[int, int] | None:
    """The subject span before "được … giao", and where the assignment words end."""
    found = _PASSIVE.search(sentence.lower)
    if not found:
        return None
    for start in starts:
        if start >= found.start():
            break
        if _NOT_SUBJECT.match(sentence.folded, start):
            continue
        head = _subject_head(sentence, start) or index.match_at(sentence, start)
        between = sentence.lower[start : found.start()]
        if head and len(between.split()) <= 15 and not _STATEMENT.search(between):
            return start, found.start()
        if head and re.search(r"(?<!\w)cũng\s*$", between) and not _STATEMENT.search(between[:-5]):
            return start, found.start()
    return None


def _standing(written: str, index: UnitIndex) -> UnitRef:
    written = written.strip(" ,;:")
    agency = index.standing_agency
    if agency is not None:
        return UnitRef(written, agency.id, True)
    return index.resolve(written)


def _lead_span(sentence: Sentence, index: UnitIndex, start: int, end: int) -> list[UnitRef]:
    if modal := _TRAILING_MODAL.search(sentence.lower, start, end):
        end = max(start, modal.start())
    span = sentence.text[start:end]
    refs = _units_in(span, start, sentence, index)
    expandable = bool(index.areas(("ward", "commune"), None))
    if refs and not any(
        ref.matched or (expandable and is_collective_areas(ref.name)) for ref in refs
    ):
        # An unknown name ("Phòng Quản lý hồ sơ số, lưu trữ") stays whole.
        return [UnitRef(span.strip(" ,;:"))]
    # "các phòng, ban, ngành, UBND các phường": each kind apart — the wards expand, the
    # unmatched "các phòng, ban, ngành" stays a lead of its own for the secretary to resolve.
    return refs


def _after_known_units(sentence: Sentence, index: UnitIndex, pos: int) -> int:
    """Skip the units named at `pos` ("Ban Quản lý dự án đầu tư xây dựng, Phòng …"), whose
    names may hold verbs, so that the verb search starts after them."""
    while True:
        known = index.match_at(sentence, _after_titles(sentence, index, pos))
        if known is None:
            return pos
        pos = known[0]
        separator = _UNIT_SEPARATOR.match(sentence.lower, pos)
        following = separator and _after_titles(sentence, index, separator.end())
        if separator is None or index.match_at(sentence, following) is None:
            return pos
        pos = separator.end()


# ---------------------------------------------------------------------------------------------
# Subject first: "Phòng Tư pháp rà soát …", "UBND các phường A, B bổ sung …"

# Units as a sentence's subject: a unit kind followed by its name, or a collective ("các đơn vị",
# "UBND các phường", "các thành viên Ban Chỉ đạo").
_SUBJECT_HEAD = re.compile(
    r"(?:(?:cac|moi|tung) (?:phong|van phong|ubnd|uy ban nhan dan|co quan|don vi|thanh vien"
    r"|to|so|bo|nganh|phuong|xa|quan|huyen|dia phuong|doanh nghiep|truong|trung tam|hoi"
    r"|doan the|ban|chi bo|dang uy|cap uy)(?!\w)"
    r"|(?:phong|van phong|ubnd|uy ban nhan dan|hdnd|cong an|trung tam|ban quan ly|ban dan van"
    r"|ban tuyen giao|ban to chuc|thanh vien|to cong tac|to giup viec|to chuyen gia|bo|so"
    r"|doan thanh nien|hoi|truong|chi cuc|kho bac|bao hiem|vien|dang uy|mat tran|bch quan su"
    r"|ban chi huy|chi nhanh|buu dien|vien thong|tap doan|tong cong ty|cong ty|dai"
    r"|tong cuc|cuc|uy ban|nhom|bo phan)\s+(?=[^\s,;.])"
    r"|(?:ubnd (?:\d+|cac) (?:phuong|xa)|lanh dao (?:cac|ubnd)|thu truong cac)(?!\w)"
    r"|cac dong chi (?=(?:bo truong|thu truong|chu tich|giam doc|truong|pho)(?!\w)))"
)
# "Các đồng chí Bộ trưởng, Thủ trưởng các cơ quan ngang bộ, …, Chủ tịch UBND các tỉnh …": the
# heads of collectives named by title, a subject that may run long before its verb.
_HEADS_BY_TITLE = re.compile(
    r"cac dong chi (?:bo truong|thu truong|chu tich|giam doc|truong|pho)(?!\w)"
)
# Folded heads that are also common words ("số" liệu, "bộ" tiêu chí, "tổ" chức): check the accents.
_AMBIGUOUS_HEAD = re.compile(r"(?:(?:cac|moi|tung) )?(?:so|bo|to|dai)(?!\w)")
_ACCENTED_HEAD = re.compile(
    r"(?:(?:các|mỗi|từng) )?(?:sở|bộ(?! tiêu| phận một)|tổ(?! chức)|đài)(?!\w)"
)


def _subject_head(sentence: Sentence, pos: int) -> bool:
    if _AMBIGUOUS_HEAD.match(sentence.folded, pos):
        return bool(_ACCENTED_HEAD.match(sentence.lower, pos))
    return bool(_SUBJECT_HEAD.match(sentence.folded, pos))


# The committee, its chair or the meeting as subject: assessments and decisions, not assignments.
_NOT_SUBJECT = re.compile(
    r"(?:ban chi dao|bcd|truong ban|pho truong ban|dong chi|hoi nghi|cuoc hop|ket qua|nhin chung"
    r"|thu tuong|pho thu tuong|chu tich|pho chu tich|bo truong"
    r"|tong so|thuong truc ban chi dao (?:danh gia|ghi nhan|thong nhat)|ubnd (?:quan|huyen|thanh"
    r" pho|tinh|phuong|xa) (?:danh gia|ghi nhan|bieu duong|thong nhat))(?!\w)"
)
# Words between the subject and its verb that make the sentence a statement, not an order.
_STATEMENT = re.compile(
    r"(?<!\w)(?:đã|đang|chưa|được|vẫn|còn|là|đều|bước đầu|cơ bản|luôn|không|thì|mới"
    r"|có(?! trách nhiệm))(?!\w)"
)
_PRAISE = re.compile(
    r"(?:đánh giá cao|ghi nhận|biểu dương|cho ý kiến|nhất trí|thống nhất|đồng ý)(?!\w)"
)


def _subject_first(sentence: Sentence, index: UnitIndex, pos: int) -> tuple[int, int] | None:
    """The subject span of "<đơn vị> <động từ> …" starting at `pos`, or None."""
    folded = sentence.folded
    standing = STANDING_AGENCY.match(folded, pos)
    titled = _after_titles(sentence, index, pos)
    if _NOT_SUBJECT.match(folded, pos) and titled == pos:
        return None
    if not (standing or index.match_at(sentence, titled) or _subject_head(sentence, pos)):
        return None
    after = standing.end() if standing else _after_known_units(sentence, index, pos)
    verb = UNIT_END.search(sentence.lower, after)
    if verb is None or verb.start() <= pos:
        return None
    between = sentence.lower[after : verb.start()]
    longest = 35 if _HEADS_BY_TITLE.match(folded, pos) else 20
    if len(sentence.text[pos : verb.start()].split()) > longest or _STATEMENT.search(between):
        return None
    if titled != pos and re.search(r"(?<!\w)sẽ(?!\w)", between):
        return None  # "Bộ trưởng … cũng sẽ báo cáo thêm": the meeting's programme
    if _PRAISE.match(sentence.lower, verb.start()) or "(" in between:
        return None
    return pos, verb.start()


# ---------------------------------------------------------------------------------------------
# The whole sentence


_INTRODUCTION = re.compile(r"ket luan(?: (?:nhu sau|cu the|nhu sau|chi dao))?\s*:$")
# The closing formula: "… thông báo để các cơ quan, đơn vị biết, thực hiện./."
_CLOSING = re.compile(r"thong bao (?:de|cho|toi|den)\s.*\bbiet\b")
# "Triển khai thực hiện Quyết định số …, Ban Chỉ đạo ban hành …": a document opener.
_DOCUMENT_OPENER = re.compile(
    r"(?:trien khai|thuc hien|can cu)(?: thuc hien)? (?:ket luan|quyet dinh|nghi quyet|cong van"
    r"|thong bao|chi thi|ke hoach|van ban|chi dao|y kien)(?!\w)"
)
# "… đã giao Trung tâm … tổ chức khảo sát …, đến nay, đã nhận được …": an earlier assignment
# reported with its outcome is context, not this meeting's task.
_REPORTED_PAST = re.compile(
    r"(?<!\w)đã (?:giao|yêu cầu|đề nghị)(?!\w).*(?:đến nay|vừa qua|thời gian qua)"
)
# "Tuy nhiên, so với yêu cầu thực tiễn, các bộ, ngành … cần tăng tốc": an assessment's turn,
# not a task, unless it assigns outright or names one of the committee's units as subject.
_ASSESSMENT_TURN = re.compile(r"(?:tuy nhien|nhin chung|nhu vay)(?!\w)")


def _decides(sentence: Sentence, starts: list[int]) -> bool:
    return any(DECISION_START.match(sentence.lower, start) for start in starts)


def analyse(
    sentence: Sentence, index: UnitIndex, on: datetime.date | None = None
) -> Assignment | None:
    """The assignment a sentence makes, or None for conclusion text (assessment, decision)."""
    if _INTRODUCTION.search(sentence.folded.rstrip()) or _CLOSING.search(sentence.folded):
        return None  # "… kết luận:" introduces the conclusions; "… thông báo để … biết" closes
    if _REPORTED_PAST.search(sentence.lower):
        return None
    starts = _clause_starts(sentence)
    if _DOCUMENT_OPENER.match(sentence.folded):
        starts = starts[1:]  # the opener is context; the main clause follows it
    if passive := _passive(sentence, index, starts):
        found = _lead_span(sentence, index, *passive), passive[1]
    else:
        found = _lead(sentence, index)
    if found is None and _decides(sentence, starts):
        return None  # "Căn cứ …, thống nhất công nhận …": a decision, conclusion text
    if found is None and _ASSESSMENT_TURN.match(sentence.folded):
        named = any(
            (span := _subject_first(sentence, index, start)) and index.match_at(sentence, span[0])
            for start in starts
        )
        if not named:
            return None
    if found is None:
        for start in starts:
            if span := _subject_first(sentence, index, start):
                if STANDING_AGENCY.match(sentence.folded, span[0]):
                    found = [_standing(sentence.text[span[0] : span[1]], index)], span[1]
                else:
                    found = _lead_span(sentence, index, *span), span[1]
                break
    if found is None:
        if not any(_starts_with_imperative(sentence.lower, start) for start in starts):
            return None
        found = [], 0
    leads, lead_end = found
    assignment = Assignment(report_to=_report_to(sentence, index))
    if leads:
        supporting, support_end = _supporting(sentence, index, lead_end)
        assignment.supporting = [ref for ref in supporting if not ref.name.startswith("(")]
        leads = _chair_named_among_supporters(sentence, assignment, leads, lead_end)
        # "phối hợp với A; B; C rà soát …" is one list: later subjects are looked for after it
        # ("…; trên cơ sở đó, Đài Tiếng nói Việt Nam tiếp thu …").
        further = _further_subjects(sentence, index, max(lead_end, support_end))
        leads = leads + [ref for ref in further if ref not in leads]
    for ref in leads:
        expanded = expand_areas(ref, index, on)
        if expanded:
            assignment.leads.extend(expanded)
            assignment.origins.extend([ref.name] * len(expanded))
            assignment.expanded_from = ref.name
        else:
            assignment.leads.append(ref)
            assignment.origins.append(None)
    return assignment


_CHAIRS = re.compile(r"\s*(?:\(\s*chủ trì\s*\)|chủ trì(?!\w))")


def _chair_named_among_supporters(
    sentence: Sentence, assignment: Assignment, leads: list[UnitRef], lead_end: int
) -> list[UnitRef]:
    """ "A phối hợp với B (chủ trì) …": B leads and A supports."""
    for ref in assignment.supporting:
        at = sentence.text.find(ref.name, lead_end)
        if at >= 0 and _CHAIRS.match(sentence.lower, at + len(ref.name)):
            assignment.supporting = [*leads, *(r for r in assignment.supporting if r is not ref)]
            return [ref]
    return leads


def _further_subjects(sentence: Sentence, index: UnitIndex, after: int) -> list[UnitRef]:
    """Lead units of later clauses that name their own subject ("…; Phòng Tư pháp rà soát …")."""
    refs: list[UnitRef] = []
    for clause in _NEXT_CLAUSE.finditer(sentence.lower, after):
        span = _subject_first(sentence, index, clause.end())
        if span is None or re.search(r";|(?<!\w)trong(?!\w)", sentence.lower[span[0] : span[1]]):
            continue  # "UBND các xã, thị trấn; các cơ quan … trong quá trình": still a list
        if index.match_at(sentence, span[0]) or _subject_named(sentence, span):
            refs.extend(_lead_span(sentence, index, *span))
    return refs


def _subject_named(sentence: Sentence, span: tuple[int, int]) -> bool:
    # "UBND các phường", "các đơn vị": a collective subject; not a bare place word.
    return bool(
        re.match(r"(?:ubnd|uy ban|cac|so|phong|cong an|van phong)\s", sentence.folded[span[0] :])
    )


def _supporting(sentence: Sentence, index: UnitIndex, after: int) -> tuple[list[UnitRef], int]:
    """The units after "phối hợp với", and where their list ends."""
    support = SUPPORT.search(sentence.lower, after)
    if not support:
        return [], after
    # Names may hold verbs ("Bộ Kế hoạch và Đầu tư"): look for the verb after the known ones.
    verb = UNIT_END_NOT_SUPPORT.search(
        sentence.lower, _after_known_units(sentence, index, support.end())
    )
    end = verb.start() if verb else len(sentence.text)
    if len(sentence.text[support.end() : end].split()) > 35:
        return [], after
    return _units_in(sentence.text[support.end() : end], support.end(), sentence, index), end


def _report_to(sentence: Sentence, index: UnitIndex) -> str | None:
    verbs = [*REPORT.finditer(sentence.lower), *SUBMIT.finditer(sentence.lower)]
    for found in sorted(verbs, key=lambda verb: verb.start()):
        start = found.end()
        if known := index.match_at(sentence, start):
            if not re.match(r",\s", sentence.text[known[0] :]):
                return sentence.text[start : known[0]]
        elif not BODY_HEAD.match(sentence.folded, start):
            continue
        end = start
        while True:
            stop = BODY_STOP.search(sentence.lower, end + 1)
            end = stop.start() if stop else len(sentence.text)
            text = sentence.text[end:]
            # "Thường trực, Ban Thường vụ Quận ủy": a comma followed by another body.
            comma = re.match(r",\s+", text)
            if comma and BODY_HEAD.match(sentence.folded, end + comma.end()):
                end += comma.end()
                continue
            break
        body = sentence.text[start:end].strip(" ,;:")
        if body and len(body.split()) <= 12:
            return body
    return None


# "… có ý kiến chỉ đạo Bộ Thông tin và Truyền thông như sau:": the points that follow are
# addressed to that unit, which the text names (not a guess).
_ADDRESSES = re.compile(r"(?<!\w)(?:chỉ đạo|yêu cầu|đề nghị|giao)\s+(?:cho\s+)?")
_ADDRESS_END = re.compile(
    r"\s*(?:như sau|thực hiện (?:một số|các) (?:nội dung|nhiệm vụ)(?: sau)?)?\s*:\s*$"
)


def addressee(text: str, index: UnitIndex) -> list[UnitRef]:
    """The units a sentence ending in ":" addresses its following points to, or []."""
    sentence = Sentence.of(text)
    if not sentence.text.rstrip().endswith(":"):
        return []
    for found in _ADDRESSES.finditer(sentence.lower):
        refs, pos = [], found.end()
        while known := index.match_at(sentence, _after_titles(sentence, index, pos)):
            refs.append(UnitRef(sentence.text[pos : known[0]], known[1].id, True))
            pos = known[0]
            separator = _UNIT_SEPARATOR.match(sentence.lower, pos)
            if separator is None:
                break
            pos = separator.end()
        if refs and _ADDRESS_END.match(sentence.lower, pos):
            return refs
    return []


# "1. Các bộ, ngành, địa phương." over points a), b), c): a heading that is only the units the
# points are addressed to (a collective of unit kinds, or the committee's own units).
_UNIT_KINDS = (
    r"(?:bo|nganh|dia phuong|so|phong|ban|co quan|don vi|doan the|tinh|thanh pho|quan|huyen"
    r"|thi xa|phuong|xa|thi tran|to chuc|doanh nghiep)"
)
_COLLECTIVE_HEADING = re.compile(
    rf"^(?:cac|moi|tung) {_UNIT_KINDS}(?:\s*(?:,|;|va)\s*(?:cac )?{_UNIT_KINDS})*$"
)


def heading_addressee(text: str, index: UnitIndex) -> list[UnitRef]:
    """The units a heading names and nothing else ("Các bộ, ngành, địa phương.",
    "Văn phòng Chính phủ."), or []: its points are addressed to them."""
    written = text.strip().rstrip(" .:;")
    if not written or len(written.split()) > 15:
        return []
    sentence = Sentence.of(written)
    if _COLLECTIVE_HEADING.match(sentence.folded):
        return [index.resolve(written)]
    refs, pos = [], 0
    while known := index.match_at(sentence, _after_titles(sentence, index, pos)):
        refs.append(UnitRef(sentence.text[pos : known[0]], known[1].id, True))
        pos = known[0]
        separator = _UNIT_SEPARATOR.match(sentence.lower, pos)
        if separator is None:
            break
        pos = separator.end()
    return refs if refs and pos >= len(written) else []


# "Bộ cũng có nhiệm vụ …" after a sentence about "Bộ Thông tin và Truyền thông": the same unit.
_BARE_HEADS = {
    "bo",
    "so",
    "phong",
    "ban",
    "cuc",
    "vien",
    "trung tam",
    "uy ban",
    "ubnd",
    "van phong",
}


def is_heads_by_title(ref: UnitRef) -> bool:
    """ "Các đồng chí Bộ trưởng, … Chủ tịch UBND các tỉnh": no unit of the committee, but the
    heads of the units a heading or an introduction addressed the points to."""
    return not ref.matched and bool(_HEADS_BY_TITLE.match(aligned_fold(ref.name.strip())))


def is_bare_head(ref: UnitRef) -> bool:
    return not ref.matched and aligned_fold(ref.name.strip(" ,;:")).lower() in _BARE_HEADS


def is_strong_assignment(text: str, index: UnitIndex) -> bool:
    """A short line that assigns outright ("Giao …", "<known unit> <verb> …"), not a title."""
    sentence = Sentence.of(text)
    if ASSIGNMENT.search(sentence.lower):
        return True
    return index.match_at(sentence, 0) is not None and bool(_subject_first(sentence, index, 0))
