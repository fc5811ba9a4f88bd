"""Task state (typed by people) and timeliness (derived): the one function reports must use.

domain-vn §2.3: store the facts (state, deadline kind, due date, completion date) and derive the
displayed status for a given as-of date with a single, tested function. Reports then aggregate to
the official 2×2 grid, đã hoàn thành {đúng hạn, quá hạn} × chưa hoàn thành {trong hạn, quá hạn},
with recurring and no-deadline tasks in their own columns.
"""

import datetime
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

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
    ON_TRACK = "on_track", _("Đang thực hiện trong hạn")
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
    due_soon_days: int = 7,
) -> str:
    """The displayed status of one task on `as_of`; the first matching rule wins (§2.3).

    `due_date` is the effective due date: pass the extended one when an extension was approved.
    Only `completed` counts as done (a task awaiting confirmation is still open), and a task
    completed after `as_of` was not yet done on that date, so past reports can be rebuilt.
    "Trước ngày X" includes X: finishing on the due date is on time, and a task due today is not
    overdue yet.
    """
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


def grid_counts(values: Iterable[str]) -> dict[str, int]:
    """Tasks per report column, every column present and in `GRID_COLUMNS` order.

    The counts always add up to the number of values: the invariant that a report's total equals
    its task count (§2.2) holds by construction.
    """
    counts = dict.fromkeys(GRID_COLUMNS, 0)
    for value in values:
        counts[grid_bucket(value)] += 1
    return counts
