"""The deadline-reminder sweep over 100,000 open directives (30 wards, one officer and one leader
each, a chair): queries per batch of candidates at two batch sizes (constant: one upsert), the
time to record and to deliver the day's digests, and a repeated run (sends nothing).

    .venv/bin/python bench/bench_reminders.py [directives]
"""

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

AS_OF = datetime.date(2026, 6, 15)
BATCH_SIZES = (1000, 5000)


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings_test")
    # It deletes every directive: only ever on a database created for it (bench/own_database.py).
    from own_database import own_database

    own_database("reminders")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _world(count: int):
    from django.contrib.auth import get_user_model

    from meetings.models import Conclusion, Directive, Meeting
    from steering.models import (
        AccessRole,
        CommitteeRole,
        OrgKind,
        OrgUnit,
        OrgUnitLeader,
        Profile,
        SteeringCommittee,
    )

    User = get_user_model()
    stamp = time.monotonic_ns()
    district = OrgUnit.objects.create(code=f"BR-{stamp}", kind=OrgKind.URBAN_DISTRICT, name="Quận")
    ubnd = OrgUnit.objects.create(
        code=f"BR-{stamp}-UBND", kind=OrgKind.PEOPLES_COMMITTEE, name="UBND", parent=district
    )
    committee = SteeringCommittee.objects.create(code=f"r{stamp}", name="BCĐ", owner_unit=ubnd)
    wards = [
        OrgUnit.objects.create(
            code=f"BR-{stamp}-P{i:02d}", kind=OrgKind.WARD, name=f"Phường {i}", parent=district
        )
        for i in range(30)
    ]
    for i, ward in enumerate(wards):
        officer = User.objects.create(username=f"br{stamp}-o{i}", email=f"o{i}@example.vn")
        Profile.objects.create(user=officer, org_unit=ward)
        CommitteeRole.objects.create(
            user=officer, committee=committee, role=AccessRole.UNIT_OFFICER
        )
        leader = User.objects.create(username=f"br{stamp}-h{i}", email=f"h{i}@example.vn")
        OrgUnitLeader.objects.create(org_unit=ward, user=leader)
    chair = User.objects.create(username=f"br{stamp}-chair", email="chair@example.vn")
    CommitteeRole.objects.create(user=chair, committee=committee, role=AccessRole.CHAIR)
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=datetime.datetime(2025, 1, 10, 8, tzinfo=datetime.UTC),
        state="notice_issued",
    )
    conclusion = Conclusion.objects.create(meeting=meeting, ordinal=1, title="Kết luận")
    Directive.objects.bulk_create(
        (
            Directive(
                committee=committee,
                conclusion=conclusion,
                content=f"Nhiệm vụ số {n}: rà soát, cập nhật dữ liệu chuyên ngành",
                lead_unit=wards[n % 30],
                deadline_kind="date",
                # Due from 200 days ago to 40 days ahead: every step of the ladder is present.
                due_date=AS_OF + datetime.timedelta(days=(n % 241) - 200),
            )
            for n in range(count)
        ),
        batch_size=5000,
    )


class QueryCounter:
    """Counts the statements sent (without Django's debug cursor, which formats every query)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _collect(batch_size: int, *, as_of=AS_OF):
    """The sweep's recording half, batch by batch, counting each batch's queries."""
    from django.db import connection

    from steering.models import ReminderPolicy
    from steering.reminders import (
        RecipientDirectory,
        _batched,
        all_candidates,
        plan_dispatches,
        record_dispatches,
    )

    policy = ReminderPolicy.current()
    directory = RecipientDirectory.load()
    per_batch, rows_total = [], 0
    started = time.perf_counter()
    for batch in _batched(all_candidates(as_of), batch_size):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            rows = plan_dispatches(batch, as_of=as_of, policy=policy, directory=directory)
            record_dispatches(rows)
        per_batch.append(counter.count)
        rows_total += len(rows)
    return time.perf_counter() - started, per_batch, rows_total


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100_000
    _setup()
    from django.core import mail
    from django.db import connection
    from django.utils import translation

    from meetings.models import Directive
    from steering.models import DispatchState, Notification, ReminderDispatch
    from steering.notifications import reminders_deliver
    from steering.reminders import reminders_send

    ReminderDispatch.objects.all().delete()
    Notification.objects.all().delete()
    Directive.objects.all().delete()
    started = time.perf_counter()
    _world(count)
    print(f"reminder sweep, {count:,} open directives, {connection.vendor}")
    print(f"  setup (bulk create): {time.perf_counter() - started:.1f} s")
    with translation.override("vi"):
        for size in BATCH_SIZES:
            ReminderDispatch.objects.all().delete()
            seconds, per_batch, rows = _collect(size)
            print(
                f"  record, batch {size:>5}: {len(per_batch):>4} batches, "
                f"queries/batch min {min(per_batch)} max {max(per_batch)}, "
                f"{rows:,} reminders, {seconds:.1f} s"
            )
    mail.outbox = []
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        delivery = reminders_deliver(as_of=AS_OF)
        deliver_s = time.perf_counter() - started
    print(
        f"  deliver: {delivery.sent:,} reminders in {delivery.emails} digests to "
        f"{delivery.recipients} people, {counter.count} queries "
        f"({counter.count / max(delivery.recipients, 1):.1f}/person), {deliver_s:.1f} s"
    )
    print(f"  total (record at batch {BATCH_SIZES[-1]} + deliver): {seconds + deliver_s:.1f} s")
    started = time.perf_counter()
    again = reminders_send(as_of=AS_OF)
    again_s = time.perf_counter() - started
    assert again.sent == 0
    assert not ReminderDispatch.objects.exclude(state=DispatchState.SENT).exists()
    print(f"  repeated sweep the same day: {again.sent} sent, {again_s:.1f} s")


if __name__ == "__main__":
    main()
