"""The chair's dashboard at 20,000 directives, 30 units and 17 indicators × 30 wards × 24 periods
of KPI reports, against the portal's own near-empty authenticated page (password changed) in the
same run: requests per second of each and their ratio (target ≥ 0.5), with the dashboard's figures
cached (warm) and rebuilt on every request (cold, cache cleared before each).

Runs in-process with Django's test client on a throw-away SQLite database (or DATABASE_URL if set
to PostgreSQL).

    .venv/bin/python bench/bench_dashboard.py [directives]
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UNITS, INDICATORS, PERIODS = 30, 17, 24


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings_test")
    if "DATABASE_URL" not in os.environ:
        database = Path(tempfile.gettempdir()) / "dashboard-bench.sqlite3"
        database.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, run_syncdb=True)


def _world(directives: int):
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model

    from kpis.models import Indicator, IndicatorReport, Plan, ReportingPeriod, ReportState, Target
    from meetings.models import Conclusion, Directive, Meeting
    from projects.models import Health, ITProject, ProjectStatus
    from steering.models import AccessRole, CommitteeRole, OrgKind, OrgUnit, SteeringCommittee
    from steering.timeliness import TaskState

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    stamp = time.monotonic_ns()
    district = OrgUnit.objects.create(code=f"BQ-{stamp}", kind=OrgKind.URBAN_DISTRICT, name="Quận")
    ubnd = OrgUnit.objects.create(
        code=f"BQ-{stamp}-UBND", kind=OrgKind.PEOPLES_COMMITTEE, name="UBND quận", parent=district
    )
    wards = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"BQ-{stamp}-P{i:02d}", kind=OrgKind.WARD, name=f"Phường {i}", parent=district)
        for i in range(UNITS)
    )
    committee = SteeringCommittee.objects.create(
        code=f"b{stamp}", name="BCĐ chuyển đổi số", owner_unit=ubnd
    )
    chair = get_user_model().objects.create(username=f"chair{stamp}")
    CommitteeRole.objects.create(user=chair, committee=committee, role=AccessRole.CHAIR)

    today = datetime.date.today()
    meetings = [
        Meeting.objects.create(
            committee=committee,
            starts_at=datetime.datetime(today.year - 2, 1, 10, 8, tzinfo=tz)
            + datetime.timedelta(days=30 * i),
            title=f"Họp giao ban số {i + 1}",
        )
        for i in range(24)
    ]
    conclusions = [
        Conclusion.objects.create(meeting=m, ordinal=1, title="Kết luận") for m in meetings
    ]
    rows = []
    for i in range(directives):
        due = today + datetime.timedelta(days=(i % 400) - 300)
        state = (TaskState.COMPLETED, TaskState.IN_PROGRESS, TaskState.NOT_STARTED)[i % 3]
        kind = "recurring" if i % 17 == 0 else ("none" if i % 13 == 0 else "date")
        rows.append(
            Directive(
                committee=committee,
                conclusion=conclusions[i % len(conclusions)],
                content=f"Nhiệm vụ số {i}: rà soát, số hóa hồ sơ và báo cáo Ban chỉ đạo",
                lead_unit=wards[i % UNITS],
                deadline_kind=kind,
                due_date=due if kind == "date" else None,
                state=state,
                completed_on=due + datetime.timedelta(days=(i % 7) - 3)
                if state == TaskState.COMPLETED
                else None,
            )
        )
    Directive.objects.bulk_create(rows, batch_size=2000)

    plan = Plan.objects.create(
        committee=committee,
        number=f"{stamp % 1000}/KH-UBND",
        date=datetime.date(today.year - 2, 1, 5),
        issuer=ubnd,
        title="Kế hoạch chuyển đổi số",
        year=today.year - 2,
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            plan=plan, code=f"CT{i:02d}", ordinal=i, name=f"Chỉ tiêu {i}", applies_to_kinds=["ward"]
        )
        for i in range(1, INDICATORS + 1)
    )
    Target.objects.bulk_create(
        Target(indicator=ind, year=year, org_kind=kind, value=Decimal(90))
        for ind in indicators
        for year in (today.year - 2, today.year - 1, today.year)
        for kind in (OrgKind.WARD, OrgKind.URBAN_DISTRICT)
    )
    periods = []
    for n in range(PERIODS):
        year, month = today.year - 2 + n // 12, n % 12 + 1
        deadline = datetime.date(year + (month == 12), month % 12 + 1, 5)
        periods.append(
            ReportingPeriod.objects.create(
                plan=plan,
                kind="month",
                year=year,
                number=month,
                submission_deadline=deadline,
                lock_date=deadline + datetime.timedelta(days=10),
            )
        )
    reports = []
    for p_index, period in enumerate(periods):
        for w_index, ward in enumerate(wards):
            for i_index, ind in enumerate(indicators):
                late = (p_index + w_index + i_index) % 9 == 0
                sent = period.submission_deadline + datetime.timedelta(days=3 if late else -1)
                reports.append(
                    IndicatorReport(
                        unit=ward,
                        indicator=ind,
                        period=period,
                        numerator=80 + (w_index + i_index) % 20,
                        denominator=100,
                        state=ReportState.ACCEPTED,
                        submitted_at=datetime.datetime.combine(sent, datetime.time(9), tzinfo=tz),
                    )
                )
    IndicatorReport.objects.bulk_create(reports, batch_size=2000)
    statuses = list(ProjectStatus.objects.all())
    if statuses:
        for i in range(40):
            ITProject.objects.create(
                code=f"B{stamp}-{i}",
                name=f"Dự án {i}",
                owner_unit=wards[i % UNITS],
                committee=committee,
                status=statuses[i % len(statuses)],
                health=Health.values[i % 3],
            )
    return chair, committee, len(reports)


def _time(client, url, repeat, before=None):
    samples = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main(directives: int = 20_000):
    _setup()
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    start = time.perf_counter()
    chair, committee, reports = _world(directives)
    print(
        f"data: {directives:,} directives, {UNITS} units, "
        f"{INDICATORS} indicators × {UNITS} wards × "
        f"{PERIODS} periods = {reports:,} KPI reports ({time.perf_counter() - start:.0f} s to load)"
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(chair)
    empty = reverse("password_change_done")
    dashboard = f"{reverse('dashboard')}?committee={committee.pk}"
    client.get(empty)
    client.get(dashboard)
    empty_ms = _time(client, empty, 30)
    warm_ms = _time(client, dashboard, 30)
    cold_ms = _time(client, dashboard, 5, before=cache.clear)
    print(f"{'page':<32}{'ms/request':>12}{'req/s':>9}{'vs empty page':>15}")
    for name, ms in (
        ("empty authenticated page", empty_ms),
        ("chair dashboard, warm cache", warm_ms),
        ("chair dashboard, cold cache", cold_ms),
    ):
        print(f"{name:<32}{ms:>12.1f}{1000 / ms:>9.1f}{empty_ms / ms:>15.2f}")
    ratio = empty_ms / warm_ms
    print(
        f"warm throughput ratio {ratio:.2f} (target ≥ 0.5): {'met' if ratio >= 0.5 else 'NOT met'}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
