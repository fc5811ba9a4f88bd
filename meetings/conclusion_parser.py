"""Turn pasted conclusion text into topics, conclusion text and directive suggestions.

Nothing pasted is lost: every sentence becomes either a directive suggestion or part of its
topic's conclusion text (assessments, decisions, context), in its original order. Assignments come
in the forms of domain-vn §1.9: "Giao/Đề nghị/Yêu cầu <đơn vị> …", subject first ("Phòng Tư pháp
rà soát …", "UBND các phường A, B bổ sung …", "Cơ quan thường trực tổng hợp …"), "<X> chủ trì,
phối hợp với <Y> …", "báo cáo <cấp trên> <thời hạn>". A sentence with several lead units gives one
suggestion per unit, sharing a group; one without a unit is still a suggestion, flagged. Nothing
is saved here, so a wrong guess costs the secretary one correction.

Pure Python: units come in as `UnitName` values built by the caller from OrgUnit rows.
"""

import datetime
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from steering.deadlines import DeadlineKind, parse_deadline
from steering.text import fold

from .conclusion_assignments import (
    Sentence,
    addressee,
    analyse,
    heading_addressee,
    is_bare_head,
    is_deadline_only,
    is_heads_by_title,
    is_strong_assignment,
)
from .conclusion_structure import (
    Block,
    blocks_of,
    conclusion_sentences,
    split_sentences,
    topic_heading,
)
from .unit_names import UnitIndex, UnitName, UnitRef

__all__ = [
    "DirectiveSuggestion",
    "ParsedConclusions",
    "ParsedTopic",
    "TextItem",
    "UnitName",
    "UnitRef",
    "conclusion_sentences",
    "parse_conclusions",
]


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
    group: str | None = None  # shared by the suggestions one sentence made (one per lead unit)
    sentence: str = ""  # the whole original sentence (with a deadline sentence that follows)
    needs_lead_unit: bool = False  # an assignment that names no unit: the secretary picks one
    expanded_from: str | None = None  # "UBND các phường": this lead is one of that phrase's units
    # The sentence names no unit; its lead is the previous assignment's in the same paragraph,
    # a guess the preview marks for the secretary to confirm.
    lead_guessed: bool = False


@dataclass
class TextItem:
    """Conclusion text that assigns nothing: an assessment, a decision, context."""

    text: str


TopicItem = TextItem | DirectiveSuggestion


@dataclass
class ParsedTopic:
    """A topic ("1. Về …"), a Roman section holding content directly (number and title empty,
    `section`/`section_title` set), or the preamble before the first heading (all empty)."""

    number: str
    title: str
    section: str = ""
    items: list[TopicItem] = field(default_factory=list)
    section_title: str = ""

    @property
    def directives(self) -> list[DirectiveSuggestion]:
        return [item for item in self.items if isinstance(item, DirectiveSuggestion)]

    @property
    def text(self) -> str:
        return "\n".join(item.text for item in self.items if isinstance(item, TextItem))


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
                    "text": topic.text,
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
        "group": directive.group,
    }


# ---------------------------------------------------------------------------------------------
# Assembly


@dataclass
class _Options:
    index: UnitIndex
    meeting_date: datetime.date | None
    next_meeting_date: datetime.date | None
    groups: "itertools.count[int]" = field(default_factory=lambda: itertools.count(1))
    # Units an introduction addressed the following points to ("chỉ đạo Bộ … như sau:").
    addressees: list[UnitRef] = field(default_factory=list)
    # The addressees come from a heading naming only them ("1. Các bộ, ngành, địa phương."):
    # they hold until the next heading, not for the rest of the notice.
    heading_addressees: bool = False
    # Under "I. MỤC ĐÍCH, YÊU CẦU" (aims, assessment) a sentence naming no unit assigns nothing.
    aims: bool = False
    # After "…, lưu ý:" points naming no unit are notes on that task, not tasks of their own.
    notes: bool = False


# Section and topic titles whose content is aims or assessment, not tasks.
_AIMS_TITLE = re.compile(
    r"^(?:muc dich|yeu cau|muc tieu|quan diem|danh gia|ket qua|tinh hinh|can cu)(?!\w)"
)
# "… được tổ chức hằng năm nhằm …. Nâng cao nhận thức …": the aims of the sentence before.
_PURPOSE = re.compile(r"(?<!\w)(?:nhằm|mục đích|mục tiêu)(?!\w)")
_NOTES_FOLLOW = re.compile(r"(?:lưu ý|trong đó lưu ý|chú ý)\s*:\s*$")


def _antecedent(ref: UnitRef, previous: list[UnitRef]) -> UnitRef:
    """ "Bộ" in "Bộ cũng có nhiệm vụ …" is the previous lead whose name starts with "Bộ"."""
    head = fold(ref.name.strip(" ,;:"))
    for earlier in previous:
        if earlier.matched and fold(earlier.name).startswith(head + " "):
            return earlier
    return ref


def _suggestions(
    text: str,
    item: str,
    options: _Options,
    inherited: list[DirectiveSuggestion],
    purpose: bool = False,
) -> list[DirectiveSuggestion] | None:
    """One suggestion per lead unit of an assignment sentence; None when it assigns nothing."""
    assignment = analyse(Sentence.of(text), options.index, options.meeting_date)
    if assignment is None:
        return None
    previous = [UnitRef(d.lead_unit or "", d.lead_unit_id, d.lead_unit_matched) for d in inherited]
    leads: list[UnitRef | None] = [
        _antecedent(ref, previous) if is_bare_head(ref) else ref for ref in assignment.leads
    ]
    origins = list(assignment.origins) or [None] * len(leads)
    if options.addressees and leads and all(lead and is_heads_by_title(lead) for lead in leads):
        leads = list(options.addressees)  # "Các đồng chí Bộ trưởng, …" of the units addressed
        origins = [None] * len(leads)
    guessed = False
    if not leads:
        if options.aims or options.notes or purpose:
            return None  # an aim or a note on the task before: conclusion text
        if options.addressees:
            leads = list(options.addressees)
        elif inherited:
            leads, guessed = list(previous), True
            origins = [d.expanded_from for d in inherited]
    leads = leads or [None]
    origins = origins if len(origins) == len(leads) else [None] * len(leads)
    group = f"g{next(options.groups)}" if len(leads) > 1 else None
    suggestions = []
    for lead, origin in zip(leads, origins, strict=True):
        suggestion = DirectiveSuggestion(
            text=text,
            lead_unit=lead.name if lead else None,
            lead_unit_id=lead.id if lead else None,
            lead_unit_matched=lead.matched if lead else False,
            supporting_units=[
                u for u in assignment.supporting if not (lead and lead.id and u.id == lead.id)
            ],
            report_to=assignment.report_to,
            item=item,
            group=group,
            sentence=text,
            needs_lead_unit=lead is None,
            expanded_from=origin if lead else None,
            lead_guessed=guessed,
        )
        _set_deadline(suggestion, options)
        suggestions.append(suggestion)
    return suggestions


# "các nhiệm vụ … có thời hạn hoàn thành trong năm 2025" describes other tasks, not this one.
_DESCRIBED_DEADLINE = re.compile(
    r"(?:nhiệm vụ|văn bản|kế hoạch|đề án|dự án)[^,;.]{0,160}?\s"
    r"(?P<phrase>(?:có|với)\s+thời\s+hạn(?:\s+hoàn\s+thành)?\s+[^,;.]*)",
    re.IGNORECASE,
)


def _set_deadline(suggestion: DirectiveSuggestion, options: _Options) -> None:
    text = suggestion.text
    for found in _DESCRIBED_DEADLINE.finditer(suggestion.text):
        start, end = found.span("phrase")
        text = text[:start] + " " * (end - start) + text[end:]
    spec = parse_deadline(
        text,
        reference_date=options.meeting_date,
        next_meeting_date=options.next_meeting_date,
    )
    suggestion.deadline_text = spec.text or None
    suggestion.deadline_kind = spec.kind
    # "khẩn trương", "ngay", "sớm" set a kind, not a date: the notice states none.
    suggestion.due_date = None if spec.kind == DeadlineKind.IMMEDIATE else spec.due_date


def _add_content(topic: "ParsedTopic", text: str, item: str, options: _Options) -> None:
    """Append a block's sentences to the topic: runs of plain sentences as one text item, each
    assignment as its suggestions; a bare deadline ("Thời gian: …") joins the assignment before.
    A sentence that names no unit continues the last named lead of the same paragraph ("Yêu cầu
    Sở KHCN chủ trì … Rà soát, báo cáo …")."""
    paragraph: TextItem | None = None
    inherited: list[DirectiveSuggestion] = []  # the leads an unnamed sentence continues
    purpose = False  # the sentence before states aims ("… nhằm …")
    for raw in split_sentences(text):
        last = topic.items[-1] if topic.items else None
        if isinstance(last, DirectiveSuggestion) and is_deadline_only(Sentence.of(raw)):
            before = last.text
            for suggestion in topic.items[::-1]:
                if not isinstance(suggestion, DirectiveSuggestion) or suggestion.text != before:
                    break
                suggestion.text = suggestion.sentence = f"{before} {raw}"
                _set_deadline(suggestion, options)
            continue
        suggestions = _suggestions(raw, item, options, inherited, purpose)
        if suggestions:
            if not suggestions[0].needs_lead_unit:
                inherited = suggestions
            if not suggestions[0].lead_guessed and not options.addressees:
                options.notes = bool(_NOTES_FOLLOW.search(raw.lower()))
            topic.items.extend(suggestions)
            paragraph = None
            purpose = False
            continue
        purpose = purpose or bool(_PURPOSE.search(raw.lower()))
        if addressed := addressee(raw, options.index):
            options.addressees = addressed
        if paragraph is not None:
            paragraph.text = f"{paragraph.text} {raw}"
        else:
            paragraph = TextItem(raw)
            topic.items.append(paragraph)


def _item(*parts: str) -> str:
    return ".".join(part for part in parts if part)


class _Builder:
    """Walks the blocks, keeping the current section, topic and point number."""

    def __init__(self, options: _Options) -> None:
        self.options = options
        self.result = ParsedConclusions()
        self.preamble = ParsedTopic(number="", title="")
        self.section: ParsedSection | None = None
        self.topic: ParsedTopic | None = None
        self.point = ""  # number of the numbered point the following bullets belong to
        self.numbered_points = False  # the current section numbers its points, not topics
        self.section_aims = False  # the current section holds aims or assessment

    @property
    def section_number(self) -> str:
        return self.section.number if self.section else ""

    def new_topic(self, number: str, title: str) -> ParsedTopic:
        section = self.section
        topic = ParsedTopic(
            number=number,
            title=title,
            section=section.number if section else "",
            section_title=section.title if section else "",
        )
        self.result.topics.append(topic)
        self.topic = topic
        self.point = ""
        return topic

    def target(self) -> ParsedTopic:
        if self.topic is None and self.section is not None:
            self.new_topic("", "")  # a section holding content directly is a topic itself
        return self.topic or self.preamble

    def add(self, block: Block) -> None:
        options = self.options
        if block.kind == "section":
            self.section = ParsedSection(block.number, block.text.rstrip(":").strip())
            self.result.sections.append(self.section)
            self.topic = None
            self.numbered_points = False
            self.section_aims = bool(_AIMS_TITLE.match(fold(self.section.title)))
            options.aims = self.section_aims
            options.notes = False
            if options.heading_addressees:
                options.addressees, options.heading_addressees = [], False
            return
        if block.kind == "topic":
            if options.heading_addressees:
                options.addressees, options.heading_addressees = [], False
            if addressed := heading_addressee(block.text, options.index):
                options.addressees, options.heading_addressees = addressed, True
            heading = topic_heading(block.text)
            if heading and self.numbered_points and heading[1]:
                heading = None  # "3. Về chuyển đổi số: Phòng … chủ trì …" among numbered points
            if heading and (heading[2] or not is_strong_assignment(block.text, options.index)):
                title, body, _ = heading
                topic = self.new_topic(block.number, title)
                options.aims = self.section_aims or bool(_AIMS_TITLE.match(fold(title)))
                if body:
                    _add_content(topic, body, _item(self.section_number, block.number), options)
                return
            # A numbered paragraph: a point of its section, or a topic of its own without one.
            if self.section is not None:
                target = self.target()
                self.point = block.number
                self.numbered_points = True
            else:
                target = self.new_topic(block.number, "")
            _add_content(target, block.text, _item(self.section_number, block.number), options)
            return
        target = self.target()
        if block.kind == "point":
            item = _item(self.section_number, block.number)
        elif block.kind == "letter":
            item = _item(self.section_number, target.number or self.point, block.number)
        else:
            item = _item(self.section_number, target.number or self.point)
        _add_content(target, block.text, item, options)

    def finish(self) -> "ParsedConclusions":
        if self.preamble.items:
            self.result.topics.insert(0, self.preamble)
        return self.result


def parse_conclusions(
    text: str,
    *,
    units: Sequence[UnitName],
    standing_agency: UnitName | None = None,
    meeting_date: datetime.date | None = None,
    next_meeting_date: datetime.date | None = None,
) -> ParsedConclusions:
    """Suggest topics, conclusion text and directives from pasted text; never raises.

    `meeting_date` anchors deadlines without a year and relative ones ("trong 10 ngày"), and
    picks the wards valid that day when "UBND các phường" is expanded. Text before the first
    heading goes to an unnumbered preamble topic.
    """
    options = _Options(UnitIndex(units, standing_agency), meeting_date, next_meeting_date)
    builder = _Builder(options)
    for block in blocks_of(text or ""):
        builder.add(block)
    return builder.finish()
