"""Task state (typed by people) and timeliness (derived): the one function reports must use.

domain-vn §2.3: store the facts (state, deadline kind, due date, completion date) and derive the
displayed status for a given as-of date with a single, tested function. Reports then aggregate to
the official 2×2 grid, đã hoàn thành {đúng hạn, quá hạn} × chưa hoàn thành {trong hạn, quá hạn},
with recurring and no-deadline tasks in their own columns.
"""

import datetime

from django.conf import settings
from django.db import connections, models
from django.db.models import Case, CharField, Count, DateField, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .data_version import cached_under_version
from .deadlines import DeadlineKind


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    PENDING_REVIEW = "pending_review", _("Chờ xác nhận")
    COMPLETED = "completed", _("Đã hoàn thành")
    RETURNED = "returned", _("Trả lại / yêu cầu bổ sung")
    ON_HOLD = "on_hold", _("Tạm dừng")
    CANCELLED = "cancelled", _("Dừng thực hiện")


class Timeliness(models.TextChoices):
    COMPLETED_ON_TIME = "completed_on_time", _("Hoàn thành đúng hạn")
    COMPLETED_LATE = "completed_late", _("Hoàn thành quá hạn")
    COMPLETED_NO_DEADLINE = "completed_no_deadline", _("Hoàn thành (không có thời hạn)")
    RECURRING = "recurring", _("Thường xuyên")
    NO_DEADLINE = "no_deadline", _("Chưa xác định thời hạn")
    OVERDUE = "overdue", _("Quá hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    ON_TRACK = "on_track", _("Trong hạn")
    # Not in §2.3's table: a cancelled task must still land in exactly one category so that
    # totals equal the task count. Reports either leave these out or show them in their own column.
    CANCELLED = "cancelled", _("Dừng thực hiện")


def timeliness(
    *,
    state: str,
    deadline_kind: str,
    due_date: datetime.date | None,
    completed_on: datetime.date | None,
    as_of: datetime.date,
    due_soon_days: int | None = None,
) -> str:
    """The displayed status of one task on `as_of`; the first matching rule wins (§2.3).

    `due_date` is the effective due date: pass the extended one when an extension was approved.
    Only `completed` counts as done (a task awaiting confirmation is still open), and a task
    completed after `as_of` was not yet done on that date, so past reports can be rebuilt.
    "Trước ngày X" includes X: finishing on the due date is on time, and a task due today is not
    overdue yet.
    """
    if due_soon_days is None:
        due_soon_days = due_soon_window()
    if state == TaskState.CANCELLED:
        return Timeliness.CANCELLED
    # A completed task without a completion date is a data error (the model should forbid it);
    # assume it was done on `as_of`, the latest date at which we know it was done.
    done_on = completed_on or as_of
    if state == TaskState.COMPLETED and done_on <= as_of:
        if due_date is None:
            return Timeliness.COMPLETED_NO_DEADLINE
        return Timeliness.COMPLETED_ON_TIME if done_on <= due_date else Timeliness.COMPLETED_LATE
    if deadline_kind == DeadlineKind.RECURRING:
        return Timeliness.RECURRING
    if due_date is None:
        return Timeliness.NO_DEADLINE
    if due_date < as_of:
        return Timeliness.OVERDUE
    if (due_date - as_of).days <= due_soon_days:
        return Timeliness.DUE_SOON
    return Timeliness.ON_TRACK


class GridBucket(models.TextChoices):
    """Report columns. The first four are the official 2×2 grid; the rest keep totals whole."""

    DONE_ON_TIME = "done_on_time", _("Đã hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Đã hoàn thành quá hạn")
    OPEN_WITHIN_DEADLINE = "open_within_deadline", _("Chưa hoàn thành, trong hạn")
    OPEN_OVERDUE = "open_overdue", _("Chưa hoàn thành, quá hạn")
    # Completed with no due date cannot be called on time or late, so it gets its own column
    # rather than inflating "đúng hạn".
    COMPLETED_NO_DEADLINE = "completed_no_deadline", _("Đã hoàn thành (không có thời hạn)")
    RECURRING = "recurring", _("Thường xuyên")
    NO_DEADLINE = "no_deadline", _("Chưa xác định thời hạn")
    CANCELLED = "cancelled", _("Dừng thực hiện")


GRID_COLUMNS: tuple[str, ...] = tuple(GridBucket.values)

_BUCKET_OF: dict[str, str] = {
    Timeliness.COMPLETED_ON_TIME: GridBucket.DONE_ON_TIME,
    Timeliness.COMPLETED_LATE: GridBucket.DONE_LATE,
    Timeliness.COMPLETED_NO_DEADLINE: GridBucket.COMPLETED_NO_DEADLINE,
    Timeliness.RECURRING: GridBucket.RECURRING,
    Timeliness.NO_DEADLINE: GridBucket.NO_DEADLINE,
    Timeliness.OVERDUE: GridBucket.OPEN_OVERDUE,
    Timeliness.DUE_SOON: GridBucket.OPEN_WITHIN_DEADLINE,
    Timeliness.ON_TRACK: GridBucket.OPEN_WITHIN_DEADLINE,
    Timeliness.CANCELLED: GridBucket.CANCELLED,
}


def grid_bucket(value: str) -> str:
    """The report column of a timeliness value; raises KeyError on an unknown value."""
    return _BUCKET_OF[value]


def due_soon_window() -> int:
    """Days ahead in which an open task is "sắp đến hạn" (setting `DUE_SOON_DAYS`)."""
    return settings.DUE_SOON_DAYS


def effective_due_date(
    *, due_date: datetime.date | None, extended_due_date: datetime.date | None
) -> datetime.date | None:
    """The deadline in force: the date an approved extension granted, else the original."""
    return extended_due_date or due_date


# "Overdue first": overdue, due soon, on track (each by effective due date), then no deadline,
# recurring, and last what is closed on the as-of date.
_RANK = {
    Timeliness.OVERDUE: 0,
    Timeliness.DUE_SOON: 1,
    Timeliness.ON_TRACK: 2,
    Timeliness.NO_DEADLINE: 3,
    Timeliness.RECURRING: 4,
}
_CLOSED_RANK = 5


def overdue_first_key(*, status: str, effective_due: datetime.date | None, pk: int):
    """Python twin of `TimelinessQuerySet.overdue_first` (the property test holds them equal)."""
    return (_RANK.get(status, _CLOSED_RANK), effective_due is None, effective_due or 0, pk)


# --- The SQL twin ------------------------------------------------------------------------------


def _status_rules(as_of: datetime.date, soon_days: int) -> list[tuple[Q, str, str]]:
    """(condition, timeliness, report column) in the order of `timeliness()`: first match wins.
    Needs the aliases `effective_due` and `done_on`."""
    completed = Q(state=TaskState.COMPLETED, done_on__lte=as_of)
    horizon = as_of + datetime.timedelta(days=soon_days)
    return [
        (Q(state=TaskState.CANCELLED), Timeliness.CANCELLED, GridBucket.CANCELLED),
        (
            completed & Q(effective_due__isnull=True),
            Timeliness.COMPLETED_NO_DEADLINE,
            GridBucket.COMPLETED_NO_DEADLINE,
        ),
        (
            completed & Q(done_on__lte=F("effective_due")),
            Timeliness.COMPLETED_ON_TIME,
            GridBucket.DONE_ON_TIME,
        ),
        (completed, Timeliness.COMPLETED_LATE, GridBucket.DONE_LATE),
        (Q(deadline_kind=DeadlineKind.RECURRING), Timeliness.RECURRING, GridBucket.RECURRING),
        (Q(effective_due__isnull=True), Timeliness.NO_DEADLINE, GridBucket.NO_DEADLINE),
        (Q(effective_due__lt=as_of), Timeliness.OVERDUE, GridBucket.OPEN_OVERDUE),
        (Q(effective_due__lte=horizon), Timeliness.DUE_SOON, GridBucket.OPEN_WITHIN_DEADLINE),
        (Q(), Timeliness.ON_TRACK, GridBucket.OPEN_WITHIN_DEADLINE),
    ]


class TimelinessQuerySet(models.QuerySet):
    """The status rule in SQL, for tracked tasks (fields of `steering.tracking.TrackedTask`).

    `with_timeliness(as_of)` annotates `effective_due`, `status` (a `Timeliness` value), `bucket`
    (a `GridBucket` value) and `overdue_rank`; `grid(as_of)` counts the report columns in one
    query; `overdue_first(as_of)` is the one order of task lists. Rule for rule the same as
    `timeliness()` (a property test holds them equal on random data and both databases).
    """

    def with_effective_due(self):
        return self.annotate(effective_due=Coalesce("extended_due_date", "due_date"))

    def with_timeliness(self, as_of: datetime.date, *, soon_days: int | None = None):
        soon = due_soon_window() if soon_days is None else soon_days
        rules = _status_rules(as_of, soon)
        rank = {**_RANK}
        return (
            self.with_effective_due()
            .alias(done_on=Coalesce("completed_on", Value(as_of, output_field=DateField())))
            .annotate(
                status=Case(
                    *[When(cond, then=Value(status)) for cond, status, _b in rules[:-1]],
                    default=Value(rules[-1][1]),
                    output_field=CharField(),
                ),
                bucket=Case(
                    *[When(cond, then=Value(bucket)) for cond, _s, bucket in rules[:-1]],
                    default=Value(rules[-1][2]),
                    output_field=CharField(),
                ),
                overdue_rank=Case(
                    *[
                        When(cond, then=Value(rank.get(status, _CLOSED_RANK)))
                        for cond, status, _b in rules[:-1]
                    ],
                    default=Value(rank[rules[-1][1]]),
                    output_field=IntegerField(),
                ),
            )
        )

    def overdue_first(self, as_of: datetime.date):
        """Overdue, due soon, on track (earliest deadline first), no deadline, recurring, then
        closed; ties by primary key so pages never overlap."""
        qs = self if "overdue_rank" in self.query.annotations else self.with_timeliness(as_of)
        return qs.order_by("overdue_rank", F("effective_due").asc(nulls_last=True), "pk")

    def overdue_first_pages(self, as_of: datetime.date) -> "SortedRows":
        """The tasks overdue first, to paginate: see `SortedRows`."""
        return SortedRows(self, as_of)

    def grid(self, as_of: datetime.date) -> dict[str, int]:
        """Tasks per report column, every column present in `GRID_COLUMNS` order; one query.

        A model naming a data version (`data_version_name`, see `steering.data_version`) has
        its grids cached under the exact query and the version's token, which every write to
        its tables changes: one small read instead of a pass over the table, never stale."""
        rows = (
            self.with_timeliness(as_of)
            .order_by()
            .values_list("bucket")
            .annotate(n=Count("pk"))
            .values_list("bucket", "n")
        )
        name = getattr(self.model, "data_version_name", None)
        if name is None:
            return _count_grid(rows)
        return cached_under_version(name, rows, _count_grid, empty=dict.fromkeys(GRID_COLUMNS, 0))


def _count_grid(rows) -> dict[str, int]:
    counts = dict.fromkeys(GRID_COLUMNS, 0)
    for bucket, n in rows:
        counts[bucket] += n
    return counts


class SortedRows:
    """Tasks overdue first, fetched a page at a time in two steps: the page's keys from a narrow
    query on the task table alone (sorted and cut by the database, no joins), then those rows
    with `status`, `effective_due` and the columns the page shows. Sorting the joined rows
    instead made the database join every task before keeping fifty. Paginator-compatible:
    `count()`, slicing, iteration."""

    def __init__(self, tasks, as_of: datetime.date, *, columns=None, grid=None):
        self.tasks, self.as_of = tasks, as_of
        self.columns = columns or (lambda qs: qs)
        # Set when the grid already counted these rows (report column -> tasks): gives the
        # count and the size of each segment of the order without a pass over the table.
        self.grid = grid

    def with_grid(self, grid: dict[str, int]) -> "SortedRows":
        """These rows, counted by `grid` (their tasks per report column)."""
        return SortedRows(self.tasks, self.as_of, columns=self.columns, grid=grid)

    def select_related(self, *fields) -> "SortedRows":
        return self._with(lambda qs: qs.select_related(*fields))

    def prefetch_related(self, *lookups) -> "SortedRows":
        return self._with(lambda qs: qs.prefetch_related(*lookups))

    def annotate(self, **annotations) -> "SortedRows":
        """Columns of the page's rows only (the keys' query does not compute them)."""
        return self._with(lambda qs: qs.annotate(**annotations))

    def _with(self, step) -> "SortedRows":
        columns = self.columns
        return SortedRows(
            self.tasks,
            self.as_of,
            columns=lambda qs: step(columns(qs)),
            grid=self.grid,
        )

    def counts(self) -> dict[str, int]:
        """These tasks per report column: the grid given, else counted (and cached)."""
        if self.grid is None:
            self.grid = self.tasks.grid(self.as_of)
        return self.grid

    def count(self) -> int:
        return sum(self.counts().values())

    def exists(self) -> bool:
        return self.tasks.exists()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        if index.step is None and (index.start or 0) >= 0 and (index.stop or -1) >= 0:
            keys = self._keys(index.start or 0, index.stop)
        else:
            keys = list(self.tasks.overdue_first(self.as_of).values_list("pk", flat=True)[index])
        model = self.tasks.model
        rows = self.columns(model._default_manager.filter(pk__in=keys).with_timeliness(self.as_of))
        by_key = {row.pk: row for row in rows}
        return [by_key[key] for key in keys]

    def _keys(self, start: int, stop: int) -> list[int]:
        """The keys of rows `start:stop` in one query. On PostgreSQL, a UNION ALL of the
        segments of `_segments`, each read in the order of the index on (effective due date,
        id) and cut at `stop`, so the database stops after the page's rows instead of ranking
        every task; segments the grid shows to lie wholly before the page are left out.
        Elsewhere (SQLite, no ordered parts in a UNION) one ranked query."""
        tasks = self.tasks
        if not connections[tasks.db].features.supports_slicing_ordering_in_compound:
            ranked = tasks.overdue_first(self.as_of).values_list("pk", flat=True)
            return list(ranked[start:stop])
        if "effective_due" not in tasks.query.annotations:
            tasks = tasks.with_effective_due()
        parts, before = [], 0  # `before`: rows of the segments already in `parts`
        for number, ((condition, order), size) in enumerate(
            zip(_segments(self.as_of), _segment_sizes(self.counts()), strict=True)
        ):
            if not parts and start >= size:  # the page lies past this segment
                start, stop = start - size, stop - size
                continue
            if size == 0:
                continue
            segment = tasks.filter(condition).order_by(*order)
            parts.append(
                segment.annotate(segment=Value(number)).values_list(
                    "pk", "segment", "effective_due"
                )[: stop - before]
            )
            before += size
            if before >= stop:  # the page ends in this segment
                break
        if not parts or stop <= start:
            return []
        if len(parts) == 1:
            return [pk for pk, _segment, _due in parts[0][start:stop]]
        combined = parts[0].union(*parts[1:], all=True)
        # PostgreSQL sorts NULLs last by default: the segments' own orders.
        rows = combined.order_by("segment", "effective_due", "pk")[start:stop]
        return [pk for pk, _segment, _due in rows]


def _segment_sizes(grid: dict[str, int]) -> list[int]:
    """Tasks in each segment of `_segments`, from their report columns: open with a deadline
    (overdue or within it), no deadline, recurring, and the rest (closed)."""
    sizes = [
        grid.get(GridBucket.OPEN_OVERDUE, 0) + grid.get(GridBucket.OPEN_WITHIN_DEADLINE, 0),
        grid.get(GridBucket.NO_DEADLINE, 0),
        grid.get(GridBucket.RECURRING, 0),
    ]
    return [*sizes, sum(grid.values()) - sum(sizes)]


def _segments(as_of: datetime.date) -> list[tuple[Q, tuple]]:
    """The overdue-first order (`overdue_first`) as consecutive segments, each with a condition
    and an order that the (effective due date, id) index serves: open tasks with a deadline
    (overdue, due soon and on track are consecutive ranges of the effective due date), open
    without a deadline, open recurring, then closed on `as_of`. Needs `effective_due`."""
    open_states = [
        s for s in TaskState.values if s not in (TaskState.COMPLETED, TaskState.CANCELLED)
    ]
    is_open = Q(state__in=open_states) | Q(state=TaskState.COMPLETED, completed_on__gt=as_of)
    recurring = Q(deadline_kind=DeadlineKind.RECURRING)
    due_last = (F("effective_due").asc(nulls_last=True), "pk")
    return [
        (is_open & ~recurring & Q(effective_due__isnull=False), ("effective_due", "pk")),
        (is_open & ~recurring & Q(effective_due__isnull=True), ("pk",)),
        (is_open & recurring, due_last),
        (~is_open, due_last),
    ]
