"""A 10,000-row file of indicator reports imported (dry run, then for real) by our path,
`kpis.resources.PeriodReportsResource` (lookups loaded once, checks in Python, batched writes,
all or nothing), against stock django-import-export on the same file in the same run, twice:
a default row-by-row ModelResource (a ForeignKeyWidget query per key and a lookup of the existing
row per row, one savepoint each), and the same ModelResource with the library's own speed
options (`use_bulk`, `batch_size`, `skip_diff`, `force_init_instance`). The three run in
alternating order over ROUNDS rounds (2) so that neither a warm cache nor a loaded machine favours
one; the best time of each is compared. Only on a database it creates (bench/own_database.py).

    .venv/bin/python bench/bench_kpi_import.py [rows] [rounds]
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings_test")
    # It deletes every report row: only ever on a database created for it (bench/own_database.py).
    from own_database import own_database

    own_database("kpi_import")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, run_syncdb=True)


def _world(rows: int):
    import datetime

    from django.contrib.auth import get_user_model

    from kpis.models import Indicator, IndicatorReport, Plan, ReportingPeriod
    from steering.models import OrgKind, OrgUnit, SteeringCommittee

    IndicatorReport.objects.all().delete()
    stamp = time.monotonic_ns()
    district = OrgUnit.objects.create(code=f"BQ-{stamp}", kind=OrgKind.URBAN_DISTRICT, name="Quận")
    ubnd = OrgUnit.objects.create(
        code=f"BQ-{stamp}-UBND", kind=OrgKind.PEOPLES_COMMITTEE, name="UBND", parent=district
    )
    committee = SteeringCommittee.objects.create(code=f"b{stamp}", name="BCĐ", owner_unit=ubnd)
    plan = Plan.objects.create(
        committee=committee,
        number="1/KH",
        date=datetime.date(2023, 1, 1),
        issuer=ubnd,
        title="Kế hoạch",
        year=2023,
    )
    indicators = [
        Indicator.objects.create(plan=plan, code=f"CT{i:02d}", ordinal=i, name=f"Chỉ tiêu {i}")
        for i in range(1, 21)
    ]
    periods = [
        ReportingPeriod.objects.create(
            plan=plan,
            kind="month",
            year=2023,
            number=m,
            submission_deadline=datetime.date(2023, m, 28),
            lock_date=datetime.date(2023, m, 28),
        )
        for m in range(1, 11)
    ]
    units_needed = -(-rows // (len(indicators) * len(periods)))
    units = [
        OrgUnit.objects.create(
            code=f"BQ-{stamp}-P{u:03d}", kind=OrgKind.WARD, name=f"Phường {u}", parent=district
        )
        for u in range(units_needed)
    ]
    user, _ = get_user_model().objects.get_or_create(username="bench")
    data = []
    for unit in units:
        for period in periods:
            for ind in indicators:
                if len(data) < rows:
                    den = 100 + len(data) % 400
                    data.append((unit.code, ind.code, period, den * 9 // 10, den))
    return plan, user, data


def _dataset(headers, rows):
    import tablib

    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append(row)
    return dataset


def _default_resource(**speed_options):
    from import_export import fields, resources
    from import_export.widgets import ForeignKeyWidget

    from kpis.models import Indicator, IndicatorReport, ReportingPeriod
    from steering.models import OrgUnit

    meta = {
        "model": IndicatorReport,
        "fields": ("unit", "indicator", "period", "numerator", "denominator"),
        "import_id_fields": ("unit", "indicator", "period"),
        **speed_options,
    }

    class DefaultResource(resources.ModelResource):
        unit = fields.Field(
            attribute="unit", column_name="ma_don_vi", widget=ForeignKeyWidget(OrgUnit, "code")
        )
        indicator = fields.Field(
            attribute="indicator",
            column_name="ma_chi_tieu",
            widget=ForeignKeyWidget(Indicator, "code"),
        )
        period = fields.Field(
            attribute="period", column_name="ma_ky", widget=ForeignKeyWidget(ReportingPeriod, "pk")
        )
        numerator = fields.Field(attribute="numerator", column_name="tu_so")
        denominator = fields.Field(attribute="denominator", column_name="mau_so")

        Meta = type("Meta", (), meta)

    return DefaultResource()


# django-import-export's documented options for large imports: bulk_create in batches, no
# per-row diff, no lookup of an existing row (the table is empty before every run).
STOCK_SPEED_OPTIONS = {
    "use_bulk": True,
    "batch_size": 1000,
    "skip_diff": True,
    "force_init_instance": True,
}


def _run(resource_factory, dataset):
    from kpis.models import IndicatorReport

    IndicatorReport.objects.all().delete()
    start = time.perf_counter()
    dry = resource_factory().import_data(dataset, dry_run=True)
    assert not dry.has_errors() and not dry.has_validation_errors(), dry.row_errors()[:3]
    real = resource_factory().import_data(dataset, dry_run=False, use_transactions=True)
    assert not real.has_errors() and not real.has_validation_errors()
    elapsed = time.perf_counter() - start
    assert IndicatorReport.objects.count() == len(dataset)
    return elapsed


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    _setup()
    from kpis.resources import PeriodReportsResource

    plan, user, data = _world(rows)
    ours = _dataset(
        ["ma_don_vi", "ma_chi_tieu", "ma_ky", "tu_so", "mau_so", "gia_tri", "giai_trinh"],
        [(u, i, f"{p.year}-{p.kind}-{p.number}", n, d, "", "") for u, i, p, n, d in data],
    )
    stock = _dataset(
        ["ma_don_vi", "ma_chi_tieu", "ma_ky", "tu_so", "mau_so"],
        [(u, i, p.pk, n, d) for u, i, p, n, d in data],
    )
    contenders = [
        ("stock, default row by row", lambda: _default_resource(), stock),
        (
            "stock, use_bulk + batch_size + skip_diff + force_init_instance",
            lambda: _default_resource(**STOCK_SPEED_OPTIONS),
            stock,
        ),
        ("PeriodReportsResource (ours)", lambda: PeriodReportsResource(plan=plan, user=user), ours),
    ]
    times: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
    for number in range(rounds):
        order = contenders if number % 2 == 0 else contenders[::-1]
        for name, factory, dataset in order:
            times[name].append(_run(factory, dataset))
    best = {name: min(values) for name, values in times.items()}
    ours_s = best["PeriodReportsResource (ours)"]
    print(f"kpi import, {rows} rows, dry run + import, best of {rounds} alternating rounds:")
    for name, seconds in best.items():
        runs = ", ".join(f"{value:.2f}" for value in times[name])
        versus = "" if seconds is ours_s else f"; ours {seconds / ours_s:.1f}× faster"
        print(f"  {name:<66} {seconds:8.2f} s  ({runs}){versus}")


if __name__ == "__main__":
    main()
