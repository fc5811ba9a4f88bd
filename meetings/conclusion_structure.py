"""The layout of pasted conclusion text: sections, numbered topics, points and sentences.

Notices are laid out as optional Roman sections ("II. NHIỆM VỤ TRỌNG TÂM"), numbered topics ("1.
Về hệ thống camera an ninh") or numbered paragraphs, then points ("1.1.", "a)", "- " or plain
paragraphs) made of sentences (domain-vn §1.9). Lines copied from a PDF arrive wrapped; they are
joined back here. Nothing is dropped except the recipients list ("Nơi nhận:") that ends a notice.

Pure Python; split from conclusion_parser.py, which reads the sentences.
"""

import re
from dataclasses import dataclass

from steering.text import aligned_fold, fold, nfc

# Sections I to XIX; upper case only, so "v.v." or "i)" never open a section.
_ROMAN = re.compile(r"^(?P<n>(?=[IVX])X?(?:IX|IV|V?I{0,3}))\s*[.)]\s*(?P<rest>\S.*)$")
_POINT = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})+)\.?\)?\s+(?P<rest>\S.*)$")
_TOPIC = re.compile(r"^(?P<n>\d{1,2})\s*[.)]\s+(?P<rest>\S.*)$")
_LETTER = re.compile(r"^(?P<n>[a-zđ])(?:\)|\.(?= ))\s*(?P<rest>\S.*)$")
_BULLET = re.compile(r"^[-–—+•·*▪►➢✓]\s*(?P<rest>\S.*)$")
_ABBREVIATIONS = {"tp", "đ/c", "ts", "ths", "pgs", "gs", "v.v", "tt", "ks", "bs", "ông", "bà"}


def clean_line(line: str) -> str:
    """NFC, no zero-width characters, single spaces: the only changes made to pasted text."""
    line = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", nfc(line))
    return " ".join(line.split())


@dataclass
class Block:
    kind: str  # section, topic, point, letter, bullet, para
    number: str
    text: str


def _classify(line: str) -> Block:
    if found := _ROMAN.match(line):
        return Block("section", found["n"], found["rest"])
    if found := _POINT.match(line):
        return Block("point", found["n"], found["rest"])
    if found := _TOPIC.match(line):
        return Block("topic", found["n"], found["rest"])
    if found := _LETTER.match(line):
        return Block("letter", found["n"], found["rest"])
    if found := _BULLET.match(line):
        return Block("bullet", "", found["rest"])
    return Block("para", "", line)


def ends_sentence(text: str) -> bool:
    return text.rstrip("\"'”’)»").endswith((".", ":", ";", "!", "?", "…"))


def blocks_of(text: str) -> list[Block]:
    """The numbered and plain blocks of the text, wrapped lines joined, up to "Nơi nhận:"."""
    blocks: list[Block] = []
    gap = False
    for raw in nfc(text or "").splitlines():
        line = clean_line(raw)
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


def _continues(previous: Block, line: str) -> bool:
    """True when `line` is a wrapped continuation of `previous` (PDF copies break lines)."""
    first = line[0]
    if first.islower():
        return True
    if previous.kind == "section":
        return line.isupper()
    if previous.kind == "topic":
        return False
    return not ends_sentence(previous.text)


def split_sentences(text: str) -> list[str]:
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
            while end < length and text[end] in ".!?…\"'”’)»/":
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


def conclusion_sentences(text: str) -> list[str]:
    """Every sentence of the pasted text that the parse must keep, in order (titles included).

    For round-trip tests: each one must reappear, whitespace-normalised and NFC, in what is saved.
    """
    sentences: list[str] = []
    for block in blocks_of(text):
        sentences.extend(split_sentences(block.text))
    return sentences


def topic_heading(rest: str) -> tuple[str, str, bool] | None:
    """Split a numbered line into (title, content on the same line, sure), or None when the line
    is content itself ("2. Các đơn vị đã hoàn thành …"). Not `sure` for a short line without a
    full stop, which may still be an assignment ("1. Giao Phòng Tư pháp rà soát").
    """
    folded = aligned_fold(rest)
    colon = rest.find(": ")
    if (
        folded.startswith("ve ")
        and colon > 0
        and not re.search(r"(?:thoi gian|thoi han|han|tien do)\s*$", folded[:colon])
    ):
        return rest[:colon].strip(), rest[colon + 2 :].strip(), True
    if rest.endswith(":") and len(rest.split()) <= 30:
        return rest[:-1].strip(), "", True
    sentences = split_sentences(rest)
    first = sentences[0] if sentences else rest
    if folded.startswith("ve "):
        title = first if first.endswith(("..", "…")) else first.removesuffix(".").removesuffix(":")
        return title, rest[len(first) :].strip(), True
    # "Công tác chuyển đổi số: các đơn vị …": a short label before a colon titles the topic.
    if colon > 0 and len(rest[:colon].split()) <= 8 and not re.search(r"\d$", rest[:colon]):
        return rest[:colon].strip(), rest[colon + 2 :].strip(), False
    if len(sentences) == 1 and not ends_sentence(first) and len(first.split()) <= 15:
        return first, "", False  # "1. Công tác chỉ đạo, điều hành"
    return None
