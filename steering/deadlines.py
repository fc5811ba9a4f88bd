"""Deadlines as Vietnamese notices write them, normalised to a kind and a computed due date.

Notices rarely give a date: "trong tháng 11/2019", "Quý IV/2019", "báo cáo tại kỳ họp tháng 7/2020",
"thường xuyên" (domain-vn §2.4). We keep the phrase verbatim (it must reappear unchanged in the
PDF), classify it, and compute a `due_date` that can be recomputed later, e.g. once the next
meeting is scheduled.

Matching runs on a copy of the text that has the same length as the NFC input, so every match maps
back to a verbatim substring. Most patterns run on the folded copy (no case, no diacritics, so
"Quý"/"quý"/"quy" and "hằng"/"hàng" all match); the few words whose folded form collides with a
common word ("ngay" vs "ngày", "chờ" vs "cho") run on the lower-cased copy instead.
"""

import datetime
import re
from collections.abc import Callable, Collection, Container
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import workdays
from .text import aligned_fold, aligned_lower, nfc
from .vndates import (
    add_working_days,
    end_of_half_year,
    end_of_month,
    end_of_quarter,
    end_of_year,
)


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Ngày cụ thể")
    MONTH = "month", _("Trong tháng")
    QUARTER = "quarter", _("Trong quý")
    HALF_YEAR = "half_year", _("Sáu tháng")
    YEAR = "year", _("Trong năm")
    MEETING = "meeting", _("Theo kỳ họp")
    RELATIVE = "relative", _("Trong số ngày kể từ văn bản")
    IMMEDIATE = "immediate", _("Ngay / khẩn trương")
    RECURRING = "recurring", _("Thường xuyên")
    PENDING = "pending", _("Chờ ý kiến / quyết định")
    NONE = "none", _("Không có thời hạn")


# When a sentence holds several phrases the most specific wins; calendar kinds first, because a
# date the notice states outright beats "report at the next meeting" or "urgently".
SPECIFICITY: tuple[str, ...] = (
    DeadlineKind.DATE,
    DeadlineKind.MONTH,
    DeadlineKind.QUARTER,
    DeadlineKind.HALF_YEAR,
    DeadlineKind.YEAR,
    DeadlineKind.MEETING,
    DeadlineKind.RELATIVE,
    DeadlineKind.IMMEDIATE,
    DeadlineKind.PENDING,
    DeadlineKind.RECURRING,
)

# Kinds whose due date is counted from the source document (or meeting) date.
RELATIVE_KINDS = frozenset({DeadlineKind.RELATIVE, DeadlineKind.IMMEDIATE})
# Kinds that never have a due date.
UNDATED_KINDS = frozenset({DeadlineKind.RECURRING, DeadlineKind.PENDING, DeadlineKind.NONE})


@dataclass(frozen=True)
class DeadlineSpec:
    text: str  # the phrase exactly as written in the input, "" when nothing was recognised
    kind: str  # a DeadlineKind value
    due_date: datetime.date | None = None
    days: int | None = None  # relative kind: the N of "trong N ngày"
    meeting_month: tuple[int, int] | None = None  # meeting kind: (year, month) of the named cycle
    working_days: bool = False  # relative kind: "N ngày làm việc"


NO_DEADLINE = DeadlineSpec(text="", kind=DeadlineKind.NONE.value)


@dataclass(frozen=True)
class _Context:
    reference_date: datetime.date | None
    next_meeting_date: datetime.date | None
    immediate_days: int
    holidays: Container[datetime.date]
    working_days: Container[datetime.date]


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    spec: DeadlineSpec


def _compile(pattern: str) -> re.Pattern[str]:
    # Patterns are written with plain spaces for readability; pasted text may have any run.
    return re.compile(pattern.replace(" ", r"\s+"))


ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Words before the core phrase that make it a deadline rather than a description ("năm 2018" in
# "Kế hoạch ứng dụng CNTT năm 2018" is not a deadline; "trong năm 2018" is).
_LEAD = (
    r"(?P<lead>(?:(?:hoan thanh|xong)\s+)?"
    r"(?:truoc|den het|den|cham nhat(?:\s+(?:la|vao|truoc|trong))?|vao|trong(?:\s+vong)?|het|cuoi)"
    r"|hoan thanh|xong)\s+"
    r"(?:\d{1,2}\s*(?:h|gio)\s*(?:\d{2}\s*(?:phut\s*)?)?\s+)?"  # "trước 16h ngày 23/9/2016"
)
# A label in front of the phrase, "Thời gian: Quý IV/2019"; the label is not part of the phrase.
_LABEL_BEFORE = _compile(
    r"(?:thoi gian|thoi han|han|han chot|tien do)(?:\s+(?:hoan thanh|thuc hien|bao cao))?"
    r"\s*[:\-–]\s*$"
)
_EDGE = " \t.,;:!?()[]{}\"'“”‘’«»*-–—/"
_YEAR_SUFFIX = r"(?:\s*[/.\-]\s*(?P<y>\d{4})|\s+nam\s+(?P<y2>\d{4}))"


def _year_of(match: re.Match[str]) -> int | None:
    for group in ("y", "y2"):
        if group in match.re.groupindex and match.group(group):
            return int(match.group(group))
    return None


def _resolve(
    year: int | None,
    ctx: _Context,
    end_of_period: Callable[[int], datetime.date],
) -> datetime.date | None:
    """The period end in `year`, or, without a year, the first one not before the reference date.

    "trước 15/5" written on 20/12/2019 means 15/5/2020: a deadline before the meeting that set it
    would make no sense.
    """
    try:
        if year is not None:
            return end_of_period(year)
        if ctx.reference_date is None:
            return None
        due = end_of_period(ctx.reference_date.year)
        if due < ctx.reference_date:
            due = end_of_period(ctx.reference_date.year + 1)
        return due
    except (ValueError, OverflowError):
        return None


def _valid_month(month: int) -> bool:
    return 1 <= month <= 12


def _valid_day(day: int, month: int) -> bool:
    # 29/2 is valid in some year; the year check happens when the date is built.
    return _valid_month(month) and 1 <= day <= (29 if month == 2 else end_of_month(2001, month).day)


# ---- one builder per kind: (match, ctx) -> DeadlineSpec | None (None rejects the match) ----


def _date_spec(match: re.Match[str], ctx: _Context) -> DeadlineSpec | None:
    day, month = int(match.group("d")), int(match.group("m"))
    year = _year_of(match)
    separator = match.groupdict().get("sep")
    if not _valid_day(day, month) or (year is None and separator not in (None, "/")):
        return None  # "15.5" is a decimal number, not 15 May
    due = _resolve(year, ctx, lambda y: datetime.date(y, month, day))
    if year is not None and due is None:
        return None  # 29/2 of a common year
    return DeadlineSpec(text="", kind=DeadlineKind.DATE, due_date=due)


def _month_spec(match: re.Match[str], ctx: _Context) -> DeadlineSpec | None:
    month = int(match.group("m"))
    if not _valid_month(month):
        return None
    due = _resolve(_year_of(match), ctx, lambda y: end_of_month(y, month))
    return DeadlineSpec(text="", kind=DeadlineKind.MONTH, due_date=due)


def _quarter_spec(match: re.Match[str], ctx: _Context) -> DeadlineSpec | None:
    quarter = ROMAN_QUARTERS[match.group("q")]
    due = _resolve(_year_of(match), ctx, lambda y: end_of_quarter(y, quarter))
    return DeadlineSpec(text="", kind=DeadlineKind.QUARTER, due_date=due)


def _half_year_spec(match: re.Match[str], ctx: _Context) -> DeadlineSpec | None:
    half = 1 if match.group("h") == "dau" else 2
    due = _resolve(_year_of(match), ctx, lambda y: end_of_half_year(y, half))
    return DeadlineSpec(text="", kind=DeadlineKind.HALF_YEAR, due_date=due)


def _year_spec(match: re.Match[str], ctx: _Context) -> DeadlineSpec | None:
    lead = " ".join((match.group("lead") or "").split())
    year = _year_of(match)
    if lead.endswith("den") or lead.endswith("den het"):
        # "đến năm 2025, định hướng đến năm 2030" names a plan horizon, not a deadline.
        return None
    if year is None and not match.group("this") and not re.search(r"(?:cuoi|het)$", lead):
        return None  # a bare "trong năm" is "during the year", no deadline
    due = _resolve(year, ctx, end_of_year)
    return DeadlineSpec(text="", kind=DeadlineKind.YEAR, due_date=due)


def _meeting_month_spec(match: re.Match[str], ctx: _Context) -> DeadlineSpec | None:
    month = int(match.group("m"))
    if not _valid_month(month):
        return None
    due = _resolve(_year_of(match), ctx, lambda y: end_of_month(y, month))
    if due is None:
        return DeadlineSpec(text="", kind=DeadlineKind.MEETING)
    meeting = ctx.next_meeting_date
    if meeting is not None and (meeting.year, meeting.month) == (due.year, due.month):
        due = meeting
    return DeadlineSpec(
        text="", kind=DeadlineKind.MEETING, due_date=due, meeting_month=(due.year, due.month)
    )


def _next_meeting_due(ctx: _Context) -> datetime.date | None:
    reference, meeting = ctx.reference_date, ctx.next_meeting_date
    if meeting is not None and (reference is None or meeting >= reference):
        return meeting
    if reference is None:
        return None
    # Committees meet about monthly; until the meeting is scheduled assume the next month's end.
    year, month = divmod(reference.year * 12 + reference.month, 12)
    try:
        return end_of_month(year, month + 1)
    except ValueError:
        return None


def _next_meeting_spec(match: re.Match[str], ctx: _Context) -> DeadlineSpec | None:
    return DeadlineSpec(text="", kind=DeadlineKind.MEETING, due_date=_next_meeting_due(ctx))


def _relative_spec(match: re.Match[str], ctx: _Context) -> DeadlineSpec | None:
    count = int(match.group("n"))
    working = bool(match.group("wd"))
    weeks = match.group("unit") == "tuan"
    # A working week is five working days.
    days = count * (5 if working else 7) if weeks else count
    due = None
    if ctx.reference_date is not None:
        try:
            if working:
                due = add_working_days(
                    ctx.reference_date,
                    days,
                    holidays=ctx.holidays,
                    working_days=ctx.working_days,
                )
            else:
                due = ctx.reference_date + datetime.timedelta(days=days)
        except OverflowError:
            due = None
    return DeadlineSpec(
        text="", kind=DeadlineKind.RELATIVE, due_date=due, days=days, working_days=working
    )


def _immediate_due(ctx: _Context) -> datetime.date | None:
    if ctx.reference_date is None:
        return None
    try:
        return ctx.reference_date + datetime.timedelta(days=ctx.immediate_days)
    except OverflowError:
        return None


def _immediate_spec(match: re.Match[str], ctx: _Context) -> DeadlineSpec | None:
    return DeadlineSpec(text="", kind=DeadlineKind.IMMEDIATE, due_date=_immediate_due(ctx))


def _undated_spec(kind: str) -> Callable[[re.Match[str], _Context], DeadlineSpec | None]:
    def build(match: re.Match[str], ctx: _Context) -> DeadlineSpec | None:
        return DeadlineSpec(text="", kind=kind)

    return build


# Exclusions for recurring words that name something else: "chi thường xuyên" (recurrent
# budget), "các nhiệm vụ trọng tâm, thường xuyên" (a class of tasks), "họp giao ban định kỳ".
_NOT_RECURRING_BEFORE = _compile(
    r"(?:\bchi|\bnhiệm\s+vụ(?:\s+trọng\s+tâm)?\s*,?(?:\s+và)?|\bgiao\s+ban|\bhọp|\bnguồn)\s*$"
)


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str], _Context], DeadlineSpec | None]
    on_lower: bool = False  # match on the lower-cased text, keeping diacritics
    needs_lead: bool = True  # a lead word, a label or the whole input must frame the phrase
    not_before: re.Pattern[str] | None = None  # runs on the lower-cased text before the match


_MEETING_BODY = (
    r"(?:(?:(?:ky|ki|cuoc|phien|buoi)\s+)?hop(?:\s+giao\s+ban)?|giao\s+ban)"
    r"(?:\s+(?:dinh ky|thuong ky))?(?:\s+(?:cua\s+)?(?:ban chi dao|bcd)(?:\s+\w+){0,4}?)?"
    r"(?:\s+(?:dinh ky|thuong ky))?"
)
_MEETING_LEAD = r"(?P<lead>(?:bao cao(?:\s+ket qua)?\s+)?(?:tai|trong|truoc|vao)\s+)?"

_RULES: tuple[_Rule, ...] = (
    _Rule(
        DeadlineKind.DATE,
        _compile(
            rf"\b(?:{_LEAD})?(?:ngay\s+)?(?<![\d/.\-])(?P<d>\d{{1,2}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})"
            r"(?:(?P=sep)(?P<y>\d{4}))?(?![\d]|[/.\-]\d)"
        ),
        _date_spec,
    ),
    _Rule(
        DeadlineKind.DATE,
        _compile(
            rf"\b(?:{_LEAD})?ngay\s+(?P<d>\d{{1,2}})\s+thang\s+(?P<m>\d{{1,2}})"
            r"(?:\s+nam\s+(?P<y>\d{4}))?(?!\d)"
        ),
        _date_spec,
    ),
    _Rule(
        DeadlineKind.MONTH,
        _compile(
            rf"\b(?:{_LEAD})?thang\s+(?P<m>\d{{1,2}})(?:{_YEAR_SUFFIX})?(?![\d]|\s*[/.\-]\s*\d)"
        ),
        _month_spec,
    ),
    _Rule(
        DeadlineKind.MONTH,
        _compile(rf"\b(?:{_LEAD})?(?<![\d/.\-])(?P<m>\d{{1,2}})/(?P<y>\d{{4}})(?![\d]|/\d)"),
        _month_spec,
    ),
    _Rule(
        DeadlineKind.QUARTER,
        _compile(
            rf"\b(?:{_LEAD})?quy\s+(?P<q>iv|iii|ii|i|[1-4])\b"
            r"(?:\s*[/.\-]\s*(?P<y>\d{4})|\s+(?:nam\s+)?(?P<y2>\d{4}))?(?!\d)"
        ),
        _quarter_spec,
    ),
    _Rule(
        DeadlineKind.HALF_YEAR,
        _compile(
            rf"(?:\b{_LEAD})?(?:(?<!\d)0?6\s+thang|\bsau\s+thang|\bnua)\s+(?P<h>dau|cuoi)"
            r"(?:\s+nam)?(?:\s*/\s*(?P<y>\d{4})|\s+(?P<y2>\d{4}))?\b"
        ),
        _half_year_spec,
    ),
    _Rule(
        DeadlineKind.YEAR,
        _compile(rf"\b(?:{_LEAD})?nam(?:\s+(?P<y>\d{{4}})(?!\d)|(?P<this>\s+nay))?\b"),
        _year_spec,
    ),
    _Rule(
        DeadlineKind.MEETING,
        _compile(
            rf"\b{_MEETING_LEAD}(?P<cycle>ky|ki)\s+hop(?:\s+giao\s+ban)?"
            r"(?:\s+(?:dinh ky|thuong ky))?(?:\s+(?:cua\s+)?(?:ban chi dao|bcd)(?:\s+\w+){0,4}?)?"
            rf"\s+thang\s+(?P<m>\d{{1,2}})(?:{_YEAR_SUFFIX})?(?![\d]|\s*[/.\-]\s*\d)"
        ),
        _meeting_month_spec,
        needs_lead=False,  # "kỳ họp tháng 7/2020" only ever names a meeting cycle
    ),
    _Rule(
        DeadlineKind.MEETING,
        _compile(
            rf"\b{_MEETING_LEAD}{_MEETING_BODY}\s+thang\s+(?P<m>\d{{1,2}})"
            rf"(?:{_YEAR_SUFFIX})?(?![\d]|\s*[/.\-]\s*\d)"
        ),
        _meeting_month_spec,
    ),
    _Rule(
        DeadlineKind.MEETING,
        _compile(
            rf"\b{_MEETING_LEAD}{_MEETING_BODY}"
            r"\s+(?:toi|tiep theo|ke tiep|gan nhat|sau(?!\s+(?:khi|do|nay)))\b"
        ),
        _next_meeting_spec,
        needs_lead=False,
    ),
    _Rule(
        DeadlineKind.RELATIVE,
        _compile(
            r"\bky\s+ban\s+hanh\s*\(\s*(?:trong(?:\s+vong|\s+thoi\s+han|\s+thoi\s+gian)?\s+)?"
            r"(?P<n>\d{1,3})\s+(?P<unit>ngay|tuan)(?P<wd>\s+lam\s+viec)?\s*\)"
        ),
        _relative_spec,
        needs_lead=False,
    ),
    _Rule(
        DeadlineKind.RELATIVE,
        _compile(
            r"\b(?P<lead>trong(?:\s+vong|\s+thoi\s+han|\s+thoi\s+gian)?\s+)?"
            r"(?P<n>\d{1,3})\s+(?P<unit>ngay|tuan)(?P<wd>\s+lam\s+viec)?(?!\s+qua\b)"
            r"(?:\s+(?:ke\s+tu|tinh\s+tu|tu|sau)\s+(?:ngay|khi)\s+"
            r"(?:ky(?:\s+ban\s+hanh)?|ban\s+hanh|nhan(?:\s+duoc)?|hop|ket\s+thuc(?:\s+cuoc\s+hop)?"
            r"|thong\s+bao)(?:\s+(?:van\s+ban|thong\s+bao|ket\s+luan|cuoc\s+hop))?)?\b"
        ),
        _relative_spec,
    ),
    _Rule(
        DeadlineKind.IMMEDIATE,
        _compile(r"\bngay(?:\s+lập\s+tức)?\b(?!\s+(?:từ|cả|thẳng|ngắn)\b)"),
        _immediate_spec,
        on_lower=True,
        needs_lead=False,
    ),
    _Rule(
        DeadlineKind.IMMEDIATE,
        _compile(r"\bkhan\s+(?:truong|cap)\b"),
        _immediate_spec,
        needs_lead=False,
    ),
    # "sớm hoàn thành", "hoàn thành sớm", "sớm nhất": as urgent as "khẩn trương"; not "cảnh báo
    # sớm" or "phát hiện sớm" (early warning, early detection) nor "sớm hơn" (a comparison).
    _Rule(
        DeadlineKind.IMMEDIATE,
        _compile(
            r"(?<!cảnh\x20báo\x20)(?<!phát\x20hiện\x20)(?<!can\x20thiệp\x20)"
            r"(?<!chẩn\x20đoán\x20)(?<!từ\x20)\bsớm\b(?!\s+hơn\b)"
        ),
        _immediate_spec,
        on_lower=True,
        needs_lead=False,
    ),
    _Rule(
        DeadlineKind.PENDING,
        _compile(r"\bchờ\s+[^\s.;,:()\n][^.;,\n()]*"),
        _undated_spec(DeadlineKind.PENDING),
        on_lower=True,
        needs_lead=False,
    ),
    _Rule(
        DeadlineKind.PENDING,
        _compile(
            r"\bxin\s+y\s+kien[^.;\n]{0,200}?\bkhi\s+(?:duoc\s+)?(?:su\s+)?"
            r"(?:nhat tri|dong y|chap thuan|phe duyet|cho phep)[^.;\n]*"
        ),
        _undated_spec(DeadlineKind.PENDING),
        needs_lead=False,
    ),
    _Rule(
        DeadlineKind.RECURRING,
        _compile(r"\b(?:thuong\s+xuyen|hang\s+(?:ngay|tuan|thang|quy|nam)|dinh\s+ky|lien\s+tuc)\b"),
        _undated_spec(DeadlineKind.RECURRING),
        needs_lead=False,
        not_before=_NOT_RECURRING_BEFORE,
    ),
)


_LOOKBEHIND = 80  # labels and exclusions sit right before a phrase; never scan a whole document


def _framed(folded: str, start: int, end: int, content: tuple[int, int]) -> bool:
    """True when a label precedes the phrase or the phrase is all there is.

    `content` is the span of `folded` left after trimming punctuation and spaces at both ends.
    """
    if _LABEL_BEFORE.search(folded, max(0, start - _LOOKBEHIND), start):
        return True
    return content[0] >= start and content[1] <= end


def _content_span(text: str) -> tuple[int, int]:
    stripped = text.lstrip(_EDGE)
    first = len(text) - len(stripped)
    return first, first + len(stripped.rstrip(_EDGE))


def _candidates(
    text: str, ctx: _Context, *, kinds: Collection[str], strict: bool
) -> list[_Candidate]:
    folded, lowered = aligned_fold(text), aligned_lower(text)
    content = _content_span(folded)
    found = []
    for rule in _RULES:
        if rule.kind not in kinds:
            continue
        haystack = lowered if rule.on_lower else folded
        for match in rule.pattern.finditer(haystack):
            start, end = match.span()
            while end > start and haystack[end - 1] in " ,:-–":
                end -= 1  # the [^.;,] tails of pending phrases may end on a space
            if start == end:
                continue
            if rule.not_before and rule.not_before.search(
                lowered, max(0, start - _LOOKBEHIND), start
            ):
                continue
            has_lead = bool(match.groupdict().get("lead"))
            if (
                strict
                and rule.needs_lead
                and not has_lead
                and not _framed(folded, start, end, content)
            ):
                continue
            spec = rule.build(match, ctx)
            if spec is None:
                continue
            found.append(_Candidate(start, end, spec))
    return found


def _context(
    reference_date: datetime.date | None,
    next_meeting_date: datetime.date | None,
    immediate_days: int,
    holidays: Container[datetime.date] | None,
) -> _Context:
    if immediate_days < 0:
        raise ValueError("immediate_days must not be negative")
    if holidays is None:
        # Vietnam's calendar: public holidays (Tết…), the standing agency's days off and make-up
        # working days. Given holidays instead: those and the weekends only (no make-up days).
        holidays, working_days = workdays.DAYS_OFF, workdays.MAKE_UP_DAYS
    else:
        working_days = frozenset()
    return _Context(reference_date, next_meeting_date, immediate_days, holidays, working_days)


def parse_deadline(
    text: str,
    *,
    reference_date: datetime.date | None = None,
    next_meeting_date: datetime.date | None = None,
    immediate_days: int = 3,
    holidays: Container[datetime.date] | None = None,
) -> DeadlineSpec:
    """Find the deadline phrase in a sentence (or a bare phrase) and compute its due date.

    `reference_date` is the date of the source meeting or notice: it supplies a missing year and
    anchors relative, immediate and next-meeting deadlines; without it those get no due date.
    Among several phrases the most specific kind wins (`SPECIFICITY`), then the first written.
    Working days follow Vietnam's calendar (steering/workdays.py) unless `holidays` is given.
    """
    source = nfc(text or "")
    ctx = _context(reference_date, next_meeting_date, immediate_days, holidays)
    found = _candidates(source, ctx, kinds=SPECIFICITY, strict=True)
    if not found:
        return NO_DEADLINE
    best = min(found, key=lambda c: (SPECIFICITY.index(c.spec.kind), c.start, -c.end))
    return _with_text(best.spec, source[best.start : best.end])


def _with_text(spec: DeadlineSpec, text: str) -> DeadlineSpec:
    return DeadlineSpec(
        text=text,
        kind=str(spec.kind),  # a plain str, so specs compare and serialise as values
        due_date=spec.due_date,
        days=spec.days,
        meeting_month=spec.meeting_month,
        working_days=spec.working_days,
    )


def compute_due_date(
    *,
    kind: str,
    text: str,
    reference_date: datetime.date | None,
    next_meeting_date: datetime.date | None = None,
    immediate_days: int = 3,
    holidays: Container[datetime.date] | None = None,
) -> datetime.date | None:
    """Recompute the due date of a stored deadline (`kind` + verbatim `text`).

    The stored kind is trusted: the text is read only for that kind's numbers, and a phrase does
    not need a lead word any more. Call it again when the next meeting is scheduled or the source
    date changes.
    """
    if kind in UNDATED_KINDS:
        return None
    ctx = _context(reference_date, next_meeting_date, immediate_days, holidays)
    if kind == DeadlineKind.IMMEDIATE:
        return _immediate_due(ctx)
    found = _candidates(nfc(text or ""), ctx, kinds={kind}, strict=False)
    if found:
        return min(found, key=lambda c: (c.start, -c.end)).spec.due_date
    if kind == DeadlineKind.MEETING:
        return _next_meeting_due(ctx)  # "báo cáo tại cuộc họp" with no month: the next one
    return None
