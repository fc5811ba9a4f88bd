"""What is pasted is kept: paste each fixture notice, confirm the preview unchanged (rows
without a lead unit moved to the conclusion text, as the secretariat would), render the notice
draft, and find every sentence of the input in it."""

import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from meetings import notice_content
from meetings.models import DocumentKind
from steering.officialdoc import render_html, render_pdf
from steering.text import fold
from tests.meetings.test_notices import pdf_text
from tests.meetings.test_paste_flow import confirm_post

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent
TEXTS = sorted((HERE / "corpus").glob("*.txt")) + sorted((HERE / "fixtures").glob("*.txt"))

_MARKER_AT_LINE_START = re.compile(
    r"^\s*(?:[IVX]{1,5}\s*[.)]|\d{1,2}(?:\.\d{1,2})*\.?\)?|[a-zđ][.)]|[-–—+•·*▪►➢✓])\s+"
)
# Numbering the notice writes itself ("1.", "1.2.", "II.", "a)"), bullets and page numbers.
_NUMBERING = re.compile(
    r"(?<!\S)(?:[ivx]{1,5}[.)]|\d{1,3}(?:\.\d{1,2})*[.)]?|[a-zđ]\)|[-–—+•·*▪►➢✓])(?!\S)"
)
_SENTENCE_END = re.compile(r"[.;:!?…]+(?:\s+|$)")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text).lower()
    return " ".join(_NUMBERING.sub(" ", " ".join(text.split())).split())


def conclusion_part(text: str) -> str:
    """The pasted text up to the recipients ("Nơi nhận"), list markers dropped."""
    lines = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        if fold(line.strip()).startswith("noi nhan"):
            break
        lines.append(_MARKER_AT_LINE_START.sub("", line))
    return "\n".join(lines)


def sentences(text: str) -> list[str]:
    pieces = _SENTENCE_END.split(_normalise(conclusion_part(text)))
    return [p.strip(" ,/") for p in pieces if len(p.strip(" ,/")) > 1]


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in {"style", "script", "head"}

    def handle_endtag(self, tag):
        self._skip -= tag in {"style", "script", "head"}

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _TextOf()
    parser.feed(page)
    return html.unescape(" ".join(parser.parts))


def paste_and_confirm(client, meeting, text) -> None:
    url = reverse("conclusions_paste", args=[meeting.pk])
    response = client.post(url, {"text": text, "action": "parse"})
    assert response.status_code == 200
    # What has no lead unit goes to the conclusion text, the secretariat's choice that keeps it;
    # a unit missing from a group is dropped from it (the group's first row keeps the sentence).
    unset, groups = {}, set()
    for form in response.context["items"]:
        group = (form.initial.get("topic"), form.initial.get("group"))
        follower = bool(group[1]) and group in groups
        groups.add(group)
        if form.initial.get("kind") == "directive" and not form.initial.get("lead_unit"):
            unset[f"{form.prefix}-{'DELETE' if follower else 'kind'}"] = (
                "on" if follower else "text"
            )
    saved = client.post(url, confirm_post(response, text, **unset))
    assert saved.status_code == 302, saved.context and saved.context["items"].errors


def missing_sentences(text: str, notice: str) -> list[str]:
    found = _normalise(notice)
    return [s for s in sentences(text) if s not in found]


def test_the_sentence_splitter_sees_a_notices_sentences():
    text = "1. Về hạ tầng: Giao Phòng A rà soát.\n   a) Thời gian: Quý IV/2019.\nNơi nhận:\n- VT."
    assert sentences(text) == ["về hạ tầng", "giao phòng a rà soát", "thời gian", "quý iv/2019"]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_pasted_sentence_is_in_the_notice_draft(path, meeting, client_as, secretariat):
    text = path.read_text(encoding="utf-8")
    paste_and_confirm(client_as(secretariat), meeting, text)
    document = notice_content.meeting_document_preview(meeting=meeting, kind=DocumentKind.NOTICE)
    assert missing_sentences(text, html_text(render_html(document))) == []


def test_every_pasted_sentence_is_in_the_notice_pdf(meeting, client_as, secretariat, tmp_path):
    text = (HERE / "fixtures" / "long_bien_2019_10_conclusions.txt").read_text(encoding="utf-8")
    paste_and_confirm(client_as(secretariat), meeting, text)
    document = notice_content.meeting_document_preview(meeting=meeting, kind=DocumentKind.NOTICE)
    assert missing_sentences(text, pdf_text(render_pdf(document), tmp_path)) == []
