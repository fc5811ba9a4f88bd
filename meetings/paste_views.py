"""Pasting the chair's conclusions: paste → preview every sentence → steer → confirm.

Every sentence the parser returns is a row of the preview, in the pasted order: a directive
suggestion or a paragraph of its topic's conclusion text. The secretariat moves rows between the
two, adds, splits, deletes and edits them (static/js/paste.js; all of it posts as one formset),
and nothing is saved before "Xác nhận và lưu".
"""

import uuid
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from steering.deadlines import DeadlineKind
from steering.models import OrgKind

from . import selectors, services
from .conclusion_parser import DirectiveSuggestion
from .forms import ItemDraftFormSet, ItemKind, PasteForm, TopicDraftFormSet
from .models import PasteMode
from .permissions import meeting_get_for_user


def _topic_items(topic) -> list:
    """The topic's sentences in order (`items`); a parser without them gives its directives."""
    return list(getattr(topic, "items", None) or topic.directives)


def _initial_from_parsed(parsed) -> tuple[list[dict], list[dict]]:
    section_titles = {s.number: s.title for s in getattr(parsed, "sections", [])}
    topics, items = [], []
    for index, topic in enumerate(parsed.topics):
        topics.append(
            {
                "section": topic.section,
                "section_title": getattr(topic, "section_title", "")
                or section_titles.get(topic.section, ""),
                "number": topic.number,
                "title": topic.title,
            }
        )
        topic_items = _topic_items(topic)
        sentences = _group_sentences(topic_items)
        for position, item in enumerate(topic_items):
            row = {"topic": index, "position": position, "content": item.text}
            if isinstance(item, DirectiveSuggestion):
                group = getattr(item, "group", None) or ""
                shared = sentences.get(group, item)
                row.update(
                    kind=ItemKind.DIRECTIVE,
                    content=shared.text,
                    item=item.item,
                    group=group,
                    lead_unit=item.lead_unit_id,
                    suggested_unit=item.lead_unit_id,
                    lead_unit_text=item.lead_unit or "",
                    lead_guessed=getattr(item, "lead_guessed", False),
                    remember_alias=True,
                    supporting_units=[u.id for u in shared.supporting_units if u.id],
                    report_to=shared.report_to or "",
                    deadline_text=shared.deadline_text or "",
                    parsed_kind=DeadlineKind(shared.deadline_kind).label,
                    parsed_due=shared.due_date,
                )
            else:
                row["kind"] = ItemKind.TEXT
            items.append(row)
    return topics, items


def _group_sentences(topic_items) -> dict[str, DirectiveSuggestion]:
    """The suggestion that carries a group's whole sentence (the longest text: a deadline
    sentence that follows may have been joined to one member only)."""
    best: dict[str, DirectiveSuggestion] = {}
    for item in topic_items:
        group = getattr(item, "group", None)
        if group and (group not in best or len(item.text) > len(best[group].text)):
            best[group] = item
    return best


def _drafts(topics, items, units_by_id) -> list[services.TopicDraft]:
    drafts = [
        services.TopicDraft(
            number=t["number"],
            title=t["title"],
            section=t["section"],
            section_title=t["section_title"],
        )
        for t in topics.cleaned_data
    ]
    groups: dict[tuple[int, str], str] = {}
    for form in items.ordered_forms_kept():
        data = form.cleaned_data
        topic = drafts[data["topic"]]
        key = (data["topic"], data["group"])
        if data["group"] and key in groups and data["kind"] == ItemKind.TEXT:
            continue  # a group moved to the text is its sentence, once
        group = groups.setdefault(key, uuid.uuid4().hex[:12]) if data["group"] else ""
        if data["kind"] == ItemKind.TEXT:
            topic.items.append(services.TextDraft(text=data["content"]))
            continue
        lead = units_by_id.get(data["lead_unit"])
        written = data["lead_unit_text"].strip()
        topic.items.append(
            services.DirectiveDraft(
                content=data["content"],
                lead_unit=lead,
                lead_unit_text=written,
                supporting_units=[units_by_id[pk] for pk in data["supporting_units"]],
                report_to=data["report_to"],
                deadline_text=data["deadline_text"],
                item=data["item"],
                group=group,
                new_unit=(
                    services.NewUnit(name=written, kind=data["new_unit_kind"])
                    if lead is None and data["new_unit"]
                    else None
                ),
                remember_alias=bool(
                    lead
                    and written
                    and not group
                    and data["remember_alias"]
                    and lead.pk != data["suggested_unit"]
                ),
            )
        )
    return drafts


def _check_topics(topics, items) -> bool:
    """Every row belongs to a topic of the page (only a forged post fails this)."""
    ok = True
    for form in items.ordered_forms_kept():
        if form.cleaned_data["topic"] >= len(topics.forms):
            form.add_error(None, _("Dòng này không thuộc mục kết luận nào."))
            ok = False
    return ok


def _check_mode(paste, existing: dict) -> bool:
    mode = paste.cleaned_data.get("mode")
    if existing["topics"] and not mode:
        paste.add_error(
            "mode",
            _("Cuộc họp đã có kết luận: chọn “Bổ sung” hoặc “Thay thế” để không lưu trùng lặp."),
        )
        return False
    if mode == PasteMode.REPLACE and not existing["replaceable"]:
        paste.add_error(
            "mode",
            _(
                "Không thể thay thế: đã có nhiệm vụ của cuộc họp này được báo cáo, gia hạn hoặc "
                "thay đổi tình trạng. Hãy chọn “Bổ sung”."
            ),
        )
        return False
    return True


# --- What the page shows ----------------------------------------------------------------------


@dataclass
class Entry:
    """One assignment or paragraph on the page: a row, or a group's rows (one sentence, several
    lead units) shown together."""

    forms: list
    group: str = ""
    count_label: str = ""

    @property
    def first(self):
        return self.forms[0]

    @property
    def followers(self):
        return self.forms[1:]


@dataclass
class TopicView:
    index: int
    form: object
    entries: list[Entry] = field(default_factory=list)


def _value(form, name):
    value = form[name].value()
    return value if value not in (None, "") else None


def _int(value, default=0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _count_label(forms, units_by_id) -> str:
    units = [units_by_id.get(_int(_value(form, "lead_unit"), -1)) for form in forms]
    kinds = {getattr(unit, "kind", None) for unit in units}
    count = len(forms)
    if kinds == {OrgKind.WARD}:
        return _("%(count)d phường") % {"count": count}
    if kinds == {OrgKind.COMMUNE}:
        return _("%(count)d xã") % {"count": count}
    return _("%(count)d đơn vị") % {"count": count}


def _layout(topics, items, units_by_id) -> list[TopicView]:
    views = [TopicView(index, form) for index, form in enumerate(topics.forms)]
    rows = sorted(
        enumerate(items.forms),
        key=lambda pair: (
            _int(_value(pair[1], "topic")),
            _int(_value(pair[1], "position")),
            pair[0],
        ),
    )
    for _index, form in rows:
        topic = _int(_value(form, "topic"), -1)
        if not 0 <= topic < len(views):
            continue
        entries = views[topic].entries
        group = _value(form, "group") or ""
        if group and entries and entries[-1].group == group:
            entries[-1].forms.append(form)
        else:
            entries.append(Entry([form], group=group))
    for view in views:
        for entry in view.entries:
            if entry.group and len(entry.forms) > 1:
                entry.count_label = _count_label(entry.forms, units_by_id)
            elif entry.group:
                entry.group = ""  # a group of one is a plain row
    return views


def _summary(items) -> dict:
    counts = {"directives": 0, "texts": 0, "unset": 0}
    for form in items.forms:
        if _value(form, "kind") == ItemKind.TEXT:
            counts["texts"] += 1
        else:
            counts["directives"] += 1
            if not _value(form, "lead_unit"):
                counts["unset"] += 1
    return counts


@login_required
def conclusions_paste(request, pk: int):
    """Paste → preview the parsed structure → correct → confirm. Nothing is saved before."""
    meeting = meeting_get_for_user(user=request.user, pk=pk, perm="meetings.manage_meeting")
    units = list(selectors.meeting_scope_units(meeting=meeting))
    units_by_id = {unit.pk: unit for unit in units}
    choices = [(unit.pk, unit.name) for unit in units]
    existing = selectors.meeting_paste_existing(meeting=meeting)
    action = request.POST.get("action")
    paste = PasteForm(request.POST or None)
    topics = items = None
    duplicates = 0
    if request.method == "POST" and action == "confirm":
        topics = TopicDraftFormSet(request.POST, prefix="topic")
        items = ItemDraftFormSet(request.POST, prefix="item", unit_choices=choices)
        valid = paste.is_valid() & topics.is_valid() & items.is_valid()
        if valid and _check_topics(topics, items) and _check_mode(paste, existing):
            drafts = _drafts(topics, items, units_by_id)
            try:
                services.conclusions_record(
                    meeting=meeting,
                    topics=drafts,
                    user=request.user,
                    mode=paste.cleaned_data.get("mode") or PasteMode.APPEND,
                )
            except ValidationError as exc:
                paste.add_error(None, exc)
            else:
                count = sum(isinstance(i, services.DirectiveDraft) for t in drafts for i in t.items)
                messages.success(
                    request,
                    _("Đã lưu %(topics)d mục kết luận và %(directives)d nhiệm vụ.")
                    % {"topics": len(drafts), "directives": count},
                )
                return redirect(meeting)
        messages.error(request, _("Chưa lưu: hãy xem các lỗi được đánh dấu bên dưới."))
    elif request.method == "POST" and paste.is_valid():
        parsed = selectors.parse_for_meeting(meeting=meeting, text=paste.cleaned_data["text"])
        topic_rows, item_rows = _initial_from_parsed(parsed)
        topics = TopicDraftFormSet(prefix="topic", initial=topic_rows)
        items = ItemDraftFormSet(prefix="item", unit_choices=choices, initial=item_rows)
        if existing["directives"]:
            duplicates = selectors.meeting_directive_duplicates(
                meeting=meeting,
                contents=[r["content"] for r in item_rows if r["kind"] == ItemKind.DIRECTIVE],
            )
        if not parsed.topics:
            messages.warning(request, _("Không nhận ra mục kết luận nào trong nội dung đã dán."))
    context = {
        "meeting": meeting,
        "paste": paste,
        "existing": existing,
        "duplicates": duplicates,
        "topics": topics,
        "items": items,
    }
    if topics is not None:
        context["layout"] = _layout(topics, items, units_by_id)
        context["summary"] = _summary(items)
        context["empty_item"] = items.empty_form
    return render(request, "meetings/conclusions_paste.html", context)
