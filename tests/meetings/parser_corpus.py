"""The labelled corpus of real conclusion notices, and the parser's score on it.

Layout: `tests/meetings/corpus/NAME.txt` is the pasted text (lines starting with "#" name the source
and are not pasted); `NAME.json` holds the hand labels: meeting date, the units the committee has,
and every assignment (lead units, supporting units, report-to, deadline kind, due date).

Reuse: `corpus_names()` lists the notices, `corpus_text(name)` gives the text to paste,
`corpus_parse(name)` parses it as the portal would. `python -m tests.meetings.parser_corpus`
prints the per-field figures.
"""

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from meetings.conclusion_parser import DirectiveSuggestion, ParsedConclusions, parse_conclusions
from meetings.unit_names import UnitName
from steering.text import fold

CORPUS = Path(__file__).parent / "corpus"


def corpus_names() -> list[str]:
    return sorted(path.stem for path in CORPUS.glob("*.txt"))


def corpus_text(name: str) -> str:
    """The text a secretary would paste: the file without its "#" source lines."""
    lines = (CORPUS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#")).strip() + "\n"


@cache
def corpus_labels(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def corpus_units(name: str) -> tuple[list[UnitName], UnitName | None]:
    """The committee's units (ids numbered from 1 in file order) and its standing agency."""
    labels = corpus_labels(name)
    units = [
        UnitName(
            id=number,
            name=unit["name"],
            short_name=unit.get("short_name", ""),
            aliases=tuple(unit.get("aliases", ())),
            kind=unit.get("kind", ""),
            valid_from=_day(unit.get("valid_from")),
            valid_to=_day(unit.get("valid_to")),
        )
        for number, unit in enumerate(labels["units"], start=1)
    ]
    standing = next((u for u in units if u.name == labels.get("standing_agency")), None)
    return units, standing


def corpus_parse(name: str) -> ParsedConclusions:
    units, standing = corpus_units(name)
    return parse_conclusions(
        corpus_text(name),
        units=units,
        standing_agency=standing,
        meeting_date=_day(corpus_labels(name)["meeting_date"]),
    )


# ---- scoring ---------------------------------------------------------------------------------

_MARKER = re.compile(r"^(?:[IVX]+\s*[.)]|\d{1,2}(?:\.\d{1,2})*\s*[.)]?|[a-zđ]\)|[-–—+•*])\s+")
# Independent of the parser's own splitter: a full stop, "!" or "?" before a capital or a digit.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])")


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def input_sentences(text: str) -> list[str]:
    """The sentences of the pasted text up to "Nơi nhận:", list markers removed."""
    lines = []
    for line in text.splitlines():
        line = _normal(line)
        if fold(line).startswith("noi nhan"):
            break
        if line:
            lines.append(_MARKER.sub("", line))
    sentences = []
    # A heading that introduces its content ("1. Về …:") may lose its colon: it ends a sentence.
    for part in re.split(r":\n", "\n".join(lines) + "\n"):
        sentences += _SENTENCE_END.split(" ".join(part.split()))
    return [s.strip() for s in sentences if s.strip()]


def kept_text(parsed: ParsedConclusions) -> str:
    """Everything the parse keeps, in order: headings, conclusion text and directives."""
    pieces: list[str] = []
    for topic in parsed.topics:
        pieces += [topic.section_title, topic.title]
        previous = None
        for item in topic.items:
            if item.text != previous:  # the suggestions of one sentence share its text
                pieces.append(item.text)
            previous = item.text
    return _normal(" ".join(piece for piece in pieces if piece))


def lost_sentences(text: str, parsed: ParsedConclusions) -> list[str]:
    """Input sentences missing from the parse, or found only out of order."""
    kept = kept_text(parsed)
    lost, position = [], 0
    for sentence in input_sentences(text):
        wanted = sentence.rstrip(":").strip()
        found = kept.find(wanted, position)
        if found < 0:
            lost.append(sentence)
        else:
            position = found
    return lost


def _key(name: str) -> str:
    return " ".join(re.findall(r"\w+", fold(name)))


def _lead_keys(suggestions: list[DirectiveSuggestion], units: list[UnitName]) -> set[str]:
    names = {unit.id: unit.name for unit in units}
    keys = set()
    for suggestion in suggestions:
        if suggestion.lead_unit_id in names:
            keys.add(_key(names[suggestion.lead_unit_id]))
        elif suggestion.lead_unit:
            keys.add(_key(suggestion.lead_unit))
    return keys


@dataclass
class Score:
    notices: int = 0
    sentences: int = 0
    sentences_kept: int = 0
    assignments: int = 0
    found: int = 0
    lead_right: int = 0
    support_right: int = 0
    report_to_right: int = 0
    suggested: int = 0  # sentences the parser suggested as directives
    unlabelled: int = 0  # of which no label calls an assignment (the secretary moves them)
    guessed: int = 0  # suggestions whose lead is the previous sentence's, marked as a guess
    kind_right: int = 0
    due_right: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 100.0

    def figures(self) -> dict[str, float]:
        return {
            "sentences kept": self.rate(self.sentences_kept, self.sentences),
            "assignments found": self.rate(self.found, self.assignments),
            "lead units right": self.rate(self.lead_right, self.assignments),
            "deadline kinds right": self.rate(self.kind_right, self.assignments),
            "due dates right": self.rate(self.due_right, self.assignments),
            "supporting units right": self.rate(self.support_right, self.assignments),
            "report-to right": self.rate(self.report_to_right, self.assignments),
        }

    def report(self) -> str:
        head = (
            f"corpus: {self.notices} notices, {self.sentences} sentences, "
            f"{self.assignments} labelled assignments"
        )
        lines = [head] + [f"  {name}: {value:.1f} %" for name, value in self.figures().items()]
        lines.append(
            f"  sentences suggested as directives: {self.suggested}, "
            f"of which not labelled as assignments: {self.unlabelled}"
        )
        lines.append(
            f"  leads guessed from the sentence before (marked for review): {self.guessed}"
        )
        return "\n".join(lines + [f"  miss: {miss}" for miss in self.misses])


def score_notice(name: str, score: Score) -> None:
    text, labels = corpus_text(name), corpus_labels(name)
    units, _ = corpus_units(name)
    parsed = corpus_parse(name)
    score.notices += 1
    sentences = input_sentences(text)
    lost = lost_sentences(text, parsed)
    score.sentences += len(sentences)
    score.sentences_kept += len(sentences) - len(lost)
    score.misses += [f"{name}: sentence lost: {s[:70]}" for s in lost]
    unit_keys = {_key(unit.name) for unit in units}
    wanted_all = [_normal(label["sentence"]) for label in labels["assignments"]]
    suggested = {_normal(d.sentence) for d in parsed.directives}
    score.guessed += len({_normal(d.sentence) for d in parsed.directives if d.lead_guessed})
    score.suggested += len(suggested)
    extra = [s for s in suggested if not any(w in s for w in wanted_all)]
    score.unlabelled += len(extra)
    score.misses += [f"{name}: suggested, not labelled: {s[:70]}" for s in extra]
    for label in labels["assignments"]:
        score.assignments += 1
        wanted = _normal(label["sentence"])
        matches = [d for d in parsed.directives if wanted in _normal(d.sentence)]
        if not matches:
            score.misses.append(f"{name}: not found: {wanted[:70]}")
            continue
        score.found += 1
        first = matches[0]
        expected = {_key(lead) for lead in label["lead"]}
        got = _lead_keys(matches, units)
        if got == expected:
            score.lead_right += 1
        else:
            score.misses.append(f"{name}: lead {sorted(got)} != {sorted(expected)}: {wanted[:50]}")
        names = {unit.id: unit.name for unit in units}
        support = {_key(names.get(u.id, u.name)) for u in first.supporting_units}
        expected_support = {_key(u) for u in label["support"]}
        # A named unit counts by name; a collective as written.
        named = {s for s in expected_support if s in unit_keys}
        if {s for s in support if s in unit_keys} == named:
            score.support_right += 1
        if _key(first.report_to or "") == _key(label["report_to"] or ""):
            score.report_to_right += 1
        if first.deadline_kind == label["deadline_kind"]:
            score.kind_right += 1
        else:
            score.misses.append(
                f"{name}: kind {first.deadline_kind} != {label['deadline_kind']}: {wanted[:50]}"
            )
        due = first.due_date.isoformat() if first.due_date else None
        if due == label["due_date"]:
            score.due_right += 1
        else:
            score.misses.append(f"{name}: due {due} != {label['due_date']}: {wanted[:50]}")


def corpus_split(name: str) -> str:
    """ "holdout" for texts labelled blind (before the parser was run on them), else "tuning"."""
    return corpus_labels(name).get("split", "tuning")


def corpus_kind(name: str) -> str:
    """ "notice" (the document's own text), "news" (a write-up of one) or "seed" (demo-based)."""
    return corpus_labels(name).get("kind", "news")


def corpus_score(split: str | None = None) -> Score:
    """The score on the whole corpus, or on one split ("holdout" / "tuning")."""
    score = Score()
    for name in corpus_names():
        if split is None or corpus_split(name) == split:
            score_notice(name, score)
    return score


if __name__ == "__main__":
    import sys

    print(corpus_score(sys.argv[1] if len(sys.argv) > 1 else None).report())
