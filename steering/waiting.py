"""What waits for me: the short lists at the top of each persona's home page.

Each app that depends on steering contributes sources in `<app>/waiting.py` (`SOURCES`, a list of
`WaitingSource`). A source says for whom it applies and gives the querysets of the things waiting;
the home page shows their count and `/waiting/<key>/` lists exactly those rows, so the figure on
the home page always equals the rows behind its link (or the source names another list page that
filters to the same rows, `url`).
"""

import datetime
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

APPS = ("meetings", "kpis")


@dataclass(frozen=True)
class WaitingRow:
    title: str
    url: str
    unit: str = ""
    date: datetime.date | None = None
    note: str = ""
    kind: str = ""
    # A task an ended committee left to the reader's (the 2025 reform): its old lead unit and
    # that unit's parent, for the mark "Kế thừa từ: … (cũ)".
    inherited_from: str = ""
    inherited_from_parent: str = ""


@dataclass(frozen=True)
class WaitingSource:
    key: str
    label: str
    # What the person is expected to do, shown on the list page.
    description: str
    applies: Callable  # (user) -> bool
    # (user, as_of) -> querysets; the count is the sum of their counts, the list their rows.
    parts: Callable
    row: Callable  # (obj, as_of) -> WaitingRow
    # Another page listing the same rows (else /waiting/<key>/); (user) -> str.
    url: Callable | None = None
    date_label: str = ""
    order: int = 50


@dataclass(frozen=True)
class WaitingItem:
    source: WaitingSource
    count: int
    url: str = field(default="")


def waiting_sources() -> list[WaitingSource]:
    sources = []
    for name in APPS:
        if importlib.util.find_spec(f"{name}.waiting"):
            sources.extend(importlib.import_module(f"{name}.waiting").SOURCES)
    return sorted(sources, key=lambda s: s.order)


def _url(source: WaitingSource, user) -> str:
    if source.url is not None:
        return source.url(user)
    return reverse("waiting_list", kwargs={"key": source.key})


def _count(rows) -> int:
    return len(rows) if isinstance(rows, list) else rows.count()


def waiting_items(*, user, as_of: datetime.date) -> list[WaitingItem]:
    """The sources that apply to the user with their counts (one COUNT per queryset)."""
    return [
        WaitingItem(
            source=source,
            count=sum(_count(qs) for qs in source.parts(user, as_of)),
            url=_url(source, user),
        )
        for source in waiting_sources()
        if source.applies(user)
    ]


def waiting_source_get(*, user, key: str) -> WaitingSource:
    """The source for /waiting/<key>/; an unknown key is a 404, one for another persona a 403."""
    for source in waiting_sources():
        if source.key == key:
            if not source.applies(user):
                raise PermissionDenied
            return source
    raise Http404


def waiting_rows(*, source: WaitingSource, user, as_of: datetime.date) -> list[WaitingRow]:
    return [source.row(obj, as_of) for qs in source.parts(user, as_of) for obj in qs]
