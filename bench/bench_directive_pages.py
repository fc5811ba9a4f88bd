"""Directive pages at 1k, 20k and 100k directives (and 32k KPI reports) through gunicorn on
PostgreSQL: median ms per page with the pages interleaved, each page's ratio to its 1k time, the
workers' peak memory, and the dashboard's throughput warm and cold against a trivial page.

    .venv/bin/python bench/bench_directive_pages.py          # or: make bench-pages

Creates its OWN database (BENCH_PAGES_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
steering_bench_pages; the name must start with "steering_bench_pages" and an existing database
must carry this benchmark's marker table, else it refuses), migrates it and loads the demo, then
adds directives by INSERT … SELECT generate_series (states, extensions, completions, supporting
units spread over the demo units) and KPI reports (earlier monthly periods of the demo plan) up
to 32,000. gunicorn runs with production settings (DEBUG off, WhiteNoise) and the cache on Redis
db 4 under the key prefix "benchpages" (BENCH_PAGES_REDIS_URL), removed at the end; gunicorn is
restarted for each size so that a worker's peak RSS (VmHWM) belongs to that size.

Targets (issue 11): every page ≤ 300 ms median and ≤ 1.5× its 1k time at 100k; peak memory
flat; dashboard warm ≥ 0.5 of the trivial page's throughput, cold ≤ 1 s.
Knobs: BENCH_PAGES_SIZES (1000,20000,100000), BENCH_PAGES_ROUNDS (15), BENCH_PAGES_WORKERS (3).
"""

import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_load import _free_port, _reachable, _wait_for  # noqa: E402

PREFIX = "steering_bench_pages"
MARKER = "bench_pages_marker"
KEY_PREFIX = "benchpages"
KPI_REPORTS = 32_000
# The trivial authenticated page the dashboard is compared with ("password changed").
TRIVIAL_PATH = "/accounts/password_change/done/"

SETUP_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
from kpis.models import IndicatorReport
from meetings.models import Directive
from steering.models import SteeringCommittee
committee = SteeringCommittee.objects.get(code="lb-bcd-cntt")
plan_id = IndicatorReport.objects.values_list("period__plan_id", flat=True).order_by().first()
sessions = {}
for user in get_user_model().objects.filter(username__in=["chair", "ward1"]):
    client = Client()
    client.force_login(user)
    sessions[user.username] = client.cookies["sessionid"].value
info = {"sessions": sessions, "plan": plan_id, "committee": committee.pk}
open(PATH, "w").write(json.dumps(info))
"""

# Earlier monthly periods of the demo plan and accepted reports for every (indicator, unit) that
# already reports, until the table holds KPI_REPORTS rows.
KPI_SCRIPT = """
import datetime
from django.db import connection
from kpis.models import IndicatorReport, ReportingPeriod
from kpis.periods import period_bounds
target = TARGET
have = IndicatorReport.objects.count()
sample = ReportingPeriod.objects.filter(reports__isnull=False).order_by("-end").first()
reports = IndicatorReport.objects.filter(period__plan=sample.plan).order_by()
pairs = list(reports.values_list("indicator_id", "unit_id").distinct())
year, month = sample.year, sample.number
while have < target:
    month -= 1
    if month == 0:
        year, month = year - 1, 12
    same = dict(plan=sample.plan, kind=sample.kind, year=year, number=month)
    if ReportingPeriod.objects.filter(**same).exists():
        continue
    start, end = period_bounds(kind=sample.kind, year=year, number=month, cutoff=sample.cutoff)
    period = ReportingPeriod.objects.create(
        plan=sample.plan, kind=sample.kind, year=year, number=month, cutoff=sample.cutoff,
        start=start, end=end, submission_deadline=end + datetime.timedelta(days=5),
        lock_date=end + datetime.timedelta(days=10),
    )
    rows = pairs[: target - have]
    IndicatorReport.objects.bulk_create(
        IndicatorReport(indicator_id=i, unit_id=u, period=period, numerator=80, denominator=100,
                        value=80, state="accepted")
        for i, u in rows
    )
    have += len(rows)
print(IndicatorReport.objects.count())
"""

DIRECTIVES_SQL = """
INSERT INTO meetings_directive (
    content, lead_unit_text, report_to, deadline_text, deadline_kind, due_date,
    extended_due_date, state, completed_on, cancel_reason, progress_percent, version,
    created_at, updated_at, item, search_key, committee_id, conclusion_id, lead_unit_id,
    "group", needs_unit_link
)
SELECT
    'Nhiệm vụ đo tải số ' || g,
    '', '', 'trong kỳ', kind, due,
    CASE WHEN due IS NOT NULL AND g %% 10 = 0 THEN due + 30 END,
    state,
    CASE WHEN state = 'completed' THEN COALESCE(due, DATE '2025-06-01') + (g %% 21 - 12)::int END,
    CASE WHEN state = 'cancelled' THEN 'Không còn cần thiết' ELSE '' END,
    0, 0, now(), now(), '', 'nhiem vu do tai so ' || g,
    %(committee)s,
    (%(conclusions)s::bigint[])[(1 + g %% cardinality(%(conclusions)s::bigint[]))::int],
    (%(units)s::bigint[])[(1 + (g * 7) %% cardinality(%(units)s::bigint[]))::int],
    '', false
FROM (
    SELECT g,
        CASE WHEN g %% 20 = 1 THEN 'recurring' WHEN g %% 20 = 2 THEN 'none' ELSE 'date' END AS kind,
        CASE WHEN g %% 20 IN (1, 2) THEN NULL
             ELSE DATE '2025-01-01' + ((g * 7919) %% 900)::int END AS due,
        CASE
            WHEN g %% 20 IN (3, 4, 5, 6, 7, 8, 9, 10) THEN 'completed'
            WHEN g %% 20 IN (11, 12, 13, 14, 15, 16) THEN 'in_progress'
            WHEN g %% 20 IN (17, 18) THEN 'not_started'
            WHEN g %% 20 = 19 THEN 'pending_review'
            ELSE CASE WHEN g %% 40 = 0 THEN 'cancelled' ELSE 'on_hold' END
        END AS state
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
) AS s
"""

SUPPORT_SQL = """
INSERT INTO meetings_directive_supporting_units (directive_id, orgunit_id)
SELECT d.id, (%(units)s::bigint[])[(1 + (d.id * 3) %% cardinality(%(units)s::bigint[]))::int]
FROM meetings_directive d
WHERE d.id > %(after)s AND d.id %% 5 = 0
  AND (%(units)s::bigint[])[(1 + (d.id * 3) %% cardinality(%(units)s::bigint[]))::int]
      IS DISTINCT FROM d.lead_unit_id
"""


def _admin_url(url: str) -> str:
    return urlparse(url)._replace(path="/postgres").geturl()


def _check_name(url: str, prefix: str = PREFIX) -> None:
    name = urlparse(url).path.lstrip("/")
    if not name.startswith(prefix):
        raise SystemExit(f"refused: the database name must start with {prefix!r} (got {name!r})")


def _own_database(url: str, prefix: str = PREFIX, marker: str = MARKER) -> None:
    """Create the benchmark's database, or replace one that this benchmark made (it carries
    the `marker` table); refuse any other. bench_city_scale uses it with its own names."""
    import psycopg

    _check_name(url, prefix)
    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists:
        with psycopg.connect(url) as conn:
            marked = conn.execute("SELECT to_regclass(%s)", [marker]).fetchone()[0]
        if not marked:
            raise SystemExit(f"refused: {name} exists and was not made by this benchmark")
        with psycopg.connect(_admin_url(url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {marker} (made_at timestamptz DEFAULT now())")
        conn.execute(f"INSERT INTO {marker} DEFAULT VALUES")


def _drop_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout


def _grow_directives(url: str, committee: int, upto: int) -> float:
    """Add directives until the committee has `upto`; seconds taken."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        have = conn.execute(
            "SELECT count(*) FROM meetings_directive WHERE committee_id = %s", [committee]
        ).fetchone()[0]
        if have >= upto:
            return 0.0
        conclusions = [
            r[0]
            for r in conn.execute(
                "SELECT c.id FROM meetings_conclusion c JOIN meetings_meeting m"
                " ON m.id = c.meeting_id WHERE m.committee_id = %s ORDER BY c.id",
                [committee],
            )
        ]
        units = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM steering_orgunit WHERE kind IN ('ward', 'division') ORDER BY id"
            )
        ]
        after = conn.execute("SELECT coalesce(max(id), 0) FROM meetings_directive").fetchone()[0]
        params = {
            "committee": committee,
            "conclusions": conclusions,
            "units": units,
            "first": have + 1,
            "last": upto,
            "after": after,
        }
        conn.execute(DIRECTIVES_SQL, params)
        conn.execute(SUPPORT_SQL, params)
        conn.commit()
        conn.execute("ANALYZE meetings_directive")
        conn.execute("ANALYZE meetings_directive_supporting_units")
    return time.perf_counter() - started


class Server:
    def __init__(self, env, workers: int):
        self.port = _free_port()
        self.host = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.gettempdir()) / f"bench-pages-gunicorn-{self.port}.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "steering.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
                "--error-logfile",
                str(self.log),
            ],
            cwd=ROOT,
            env=env,
        )
        _wait_for(self.host + "/healthz")

    def worker_peak_mb(self) -> float:
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
        ).stdout.split()
        peaks = []
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def _get(host: str, path: str, session: str) -> float:
    cookie = {"Cookie": f"sessionid={session}"}
    request = urllib.request.Request(host + path, headers=cookie)  # noqa: S310 (loopback)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
        body = response.read()
        if response.status != 200 or b'name="password"' in body[:20000]:
            raise RuntimeError(f"{path}: {response.status}")
    return (time.perf_counter() - started) * 1000


def _clear_dashboards(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{KEY_PREFIX}:*:dashboard:*", count=1000))
    if keys:
        client.delete(*keys)


def _clear_all(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{KEY_PREFIX}:*", count=1000))
    if keys:
        client.delete(*keys)


def _throughput(host, path, session, requests=120, threads=3, before=None) -> float:
    """Requests per second with `threads` clients (or one, calling `before` each time)."""
    if before is not None:
        started = time.perf_counter()
        for _ in range(requests):
            before()
            _get(host, path, session)
        return requests / (time.perf_counter() - started)
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda _: _get(host, path, session), range(requests)))
    return requests / (time.perf_counter() - started)


def main() -> int:
    database = os.environ.get(
        "BENCH_PAGES_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{PREFIX}"
    )
    redis_url = os.environ.get("BENCH_PAGES_REDIS_URL", "redis://127.0.0.1:6379/4")
    sizes = [int(s) for s in os.environ.get("BENCH_PAGES_SIZES", "1000,20000,100000").split(",")]
    rounds = int(os.environ.get("BENCH_PAGES_ROUNDS", 15))
    workers = int(os.environ.get("BENCH_PAGES_WORKERS", 3))
    _check_name(database)  # before anything connects
    if not (_reachable(database, 5432) and _reachable(redis_url, 6379)):
        print(f"skipped: PostgreSQL ({database}) or Redis ({redis_url}) is not reachable")
        return 0
    _own_database(database)
    media = tempfile.mkdtemp(prefix="steering-bench-pages-media-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "steering.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-pages-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "false",
        "DATABASE_URL": database,
        "REDIS_URL": "",
        "CACHE_URL": f"{redis_url}?key_prefix={KEY_PREFIX}",
        "MEDIA_ROOT": media,
        "LOG_LEVEL": "WARNING",
    }
    try:
        print(f"preparing {database}: migrate, load_demo, collectstatic …", flush=True)
        _manage(env, "migrate", "--no-input", "-v0")
        _manage(env, "load_demo", "-v0")
        _manage(env, "collectstatic", "--no-input", "-v0")
        reports = _manage(
            env, "shell", "-c", KPI_SCRIPT.replace("TARGET", str(KPI_REPORTS)), capture=True
        )
        print(f"KPI reports: {reports.split()[-1]}", flush=True)
        info_path = Path(tempfile.gettempdir()) / "bench-pages-setup.json"
        _manage(env, "shell", "-c", SETUP_SCRIPT.replace("PATH", repr(str(info_path))))
        info = json.loads(info_path.read_text())
        chair, ward = info["sessions"]["chair"], info["sessions"]["ward1"]
        pages = {
            "chair home": ("/", chair),
            "/directives/": ("/directives/", chair),
            "API": ("/api/v1/directives/", chair),
            "ward my work": ("/my-work/", ward),
            "dashboard": ("/dashboard/", chair),
            "scorecards": ("/scorecards/", chair),
            "KPI matrix": (f"/kpis/plans/{info['plan']}/matrix/", chair),
        }
        results = {}
        for size in sizes:
            seconds = _grow_directives(database, info["committee"], size)
            print(f"\n{size:,} directives (generated in {seconds:.1f} s)", flush=True)
            _clear_all(redis_url)
            server = Server(env, workers)
            try:
                samples = {name: [] for name in pages}
                for round_ in range(rounds + 2):
                    for name, (path, session) in pages.items():
                        ms = _get(server.host, path, session)
                        if round_ >= 2:  # two warm-up rounds
                            samples[name].append(ms)
                medians = {name: statistics.median(v) for name, v in samples.items()}
                trivial_path = TRIVIAL_PATH
                trivial = _throughput(server.host, trivial_path, chair)
                warm = _throughput(server.host, "/dashboard/", chair)
                trivial_seq = _throughput(
                    server.host, trivial_path, chair, requests=30, before=lambda: None
                )
                cold_ms = []

                def cold_once(cold_ms=cold_ms, server=server):
                    _clear_dashboards(redis_url)
                    cold_ms.append(_get(server.host, "/dashboard/", chair))

                for _ in range(15):
                    cold_once()
                cold_rate = 1000 / statistics.mean(cold_ms)
                results[size] = {
                    "medians": medians,
                    "peak_mb": server.worker_peak_mb(),
                    "warm_ratio": warm / trivial,
                    "cold_ratio": cold_rate / trivial_seq,
                    "cold_ms": statistics.median(cold_ms),
                    "trivial_rps": trivial,
                    "warm_rps": warm,
                }
            finally:
                server.stop()
            row = results[size]
            base = results[sizes[0]]["medians"]
            for name, ms in row["medians"].items():
                print(f"  {name:<14}{ms:>8.0f} ms  ×{ms / base[name]:.2f} of {sizes[0]:,}")
            print(
                f"  worker peak RSS {row['peak_mb']:.0f} MB; dashboard warm "
                f"{row['warm_rps']:.0f} req/s vs trivial {row['trivial_rps']:.0f} req/s "
                f"= {row['warm_ratio']:.2f}; cold {row['cold_ms']:.0f} ms median "
                f"(throughput {row['cold_ratio']:.2f} of trivial, one client)",
                flush=True,
            )
        _report(results, sizes)
    finally:
        _clear_all(redis_url)
        if not os.environ.get("BENCH_PAGES_KEEP_DB"):
            _drop_database(database)
    return 0


def _report(results: dict, sizes: list[int]) -> None:
    names = list(results[sizes[0]]["medians"])
    head = " | ".join(f"{s // 1000}k" for s in sizes)
    print(f"\n| page | {head} | ×1k at {sizes[-1] // 1000}k |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for name in names:
        cells = " | ".join(f"{results[s]['medians'][name]:.0f} ms" for s in sizes)
        ratio = results[sizes[-1]]["medians"][name] / results[sizes[0]]["medians"][name]
        print(f"| {name} | {cells} | {ratio:.2f} |")
    for label, key, fmt in (
        ("worker peak RSS", "peak_mb", "{:.0f} MB"),
        ("dashboard warm / trivial", "warm_ratio", "{:.2f}"),
        ("dashboard cold (median)", "cold_ms", "{:.0f} ms"),
        ("dashboard cold / trivial (1 client)", "cold_ratio", "{:.2f}"),
    ):
        cells = " | ".join(fmt.format(results[s][key]) for s in sizes)
        print(f"| {label} | {cells} | |")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
