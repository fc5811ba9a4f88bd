"""Load: 50 virtual users on gunicorn + PostgreSQL + Redis (loopback), the four personas, 60 s.

Creates a database of its own, bench_load_<random>, on LOAD_POSTGRES (default
postgres://postgres@127.0.0.1:5432; dropped at exit, bench/own_database.py: it never touches a
database it did not create), migrates it and loads the demo, collects the static files, starts
gunicorn with production settings (DEBUG off, WhiteNoise, REDIS_URL as the broker) and drives it
with locust (bench/locust_personas.py: secretariat, chair, ward officer, member: sign in, home,
lists, details, dashboard, my work, KPI pages). Users arrive over ~10 s; one in ten signs in
through the form, the others start from a session made beforehand (PBKDF2 makes a sign-in cost ~0.3
s of CPU on purpose, and a morning's sign-ins are spread over hours, not the first seconds of a
test). Sign-ins are reported apart; the page figures cover the whole run. Prints, from every
request's own time (exact nearest-rank percentiles), p50/p95/p99 per page and overall, requests/s
and errors; fails (exit 1) on any error or a page p95 above LOAD_P95_MS (300).

Knobs: LOAD_USERS (50), LOAD_SECONDS (60), LOAD_WORKERS (gunicorn processes, 2 x cores + 1),
LOAD_PORT (a free one), LOAD_REDIS_URL (redis://127.0.0.1:6379/15: the broker there, the cache
in the next lower database, keys prefixed bench_load; both must be empty, and are emptied after).
CSVs go to bench/out/.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOGIN_NAMES = {"login"}
PERSONA_ACCOUNTS = ("secretariat", "chair", "member", "ward1", "ward2", "division")
# Signed-in sessions for the virtual users, made the way the login view makes them.
SESSIONS_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
sessions = {}
for user in get_user_model().objects.filter(username__in=ACCOUNTS):
    for _ in range(PER_USER):
        client = Client()
        client.force_login(user)
        sessions.setdefault(user.username, []).append(client.cookies["sessionid"].value)
open(PATH, "w").write(json.dumps(sessions))
"""


def _reachable(url: str, default_port: int) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _wait_for(url: str, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not answer {url}")
        time.sleep(0.3)


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of the values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, round(q / 100 * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def _summary(samples: list) -> dict:
    times = [s[2] for s in samples]
    return {
        "count": len(samples),
        "errors": sum(1 for s in samples if s[3]),
        "p50": _percentile(times, 50),
        "p95": _percentile(times, 95),
        "p99": _percentile(times, 99),
        "max": max(times, default=0.0),
    }


def main() -> int:
    users = int(os.environ.get("LOAD_USERS", 50))
    seconds = int(os.environ.get("LOAD_SECONDS", 60))
    workers = int(os.environ.get("LOAD_WORKERS", 2 * (os.cpu_count() or 1) + 1))
    port = int(os.environ.get("LOAD_PORT", 0)) or _free_port()
    target = float(os.environ.get("LOAD_P95_MS", 300))
    if os.environ.get("LOAD_DATABASE_URL") or os.environ.get("LOAD_KEEP_DB"):
        print("refusing to run: the load bench only uses a database it creates (LOAD_POSTGRES)")
        return 2
    server = os.environ.get("LOAD_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    redis = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/15")
    if not (_reachable(server, 5432) and _reachable(redis, 6379)):
        print(f"skipped: PostgreSQL ({server}) or Redis ({redis}) is not reachable")
        return 0
    from own_database import own_database, own_redis, redis_db

    os.environ.pop("DATABASE_URL", None)  # never read here: the load runs on its own database
    os.environ["BENCH_POSTGRES"] = server
    database = own_database("load")
    broker = own_redis(redis)
    cache = own_redis(redis_db(redis, int(urlparse(redis).path.strip("/") or 0) - 1))
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    media = tempfile.mkdtemp(prefix="steering-load-media-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "steering.settings",
        "DEBUG": "false",
        "SECRET_KEY": "load-bench-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "false",
        "DATABASE_URL": database,
        "REDIS_URL": broker,
        # The cache on Redis as in docker-compose.yml (shared by the workers), not per process.
        "CACHE_URL": f"{cache}?key_prefix=bench_load",
        "MEDIA_ROOT": media,
        "LOG_LEVEL": "WARNING",
    }
    print(f"preparing {database}: migrate, load_demo, collectstatic …", flush=True)
    _run(env, "migrate", "--no-input", "-v0")
    _run(env, "load_demo", "-v0")
    _run(env, "collectstatic", "--no-input", "-v0")
    sessions = out / "load_sessions.json"
    script = (
        SESSIONS_SCRIPT.replace("ACCOUNTS", repr(PERSONA_ACCOUNTS))
        .replace("PER_USER", str(users))
        .replace("PATH", repr(str(sessions)))
    )
    _run(env, "shell", "-c", script)
    host = f"http://127.0.0.1:{port}"
    error_log = out / "load_gunicorn.log"
    error_log.unlink(missing_ok=True)
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "steering.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--preload",
            "--error-logfile",
            str(error_log),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for(host + "/healthz")
        if gunicorn.poll() is not None:
            raise RuntimeError(f"gunicorn exited, see {error_log}")
        print(f"gunicorn: {workers} workers; locust: {users} users for {seconds} s", flush=True)
        prefix = out / "load"
        env_locust = {
            **os.environ,
            "LOAD_SAMPLES": str(out / "load_samples.json"),
            "LOAD_SESSIONS": str(sessions),
        }
        Path(env_locust["LOAD_SAMPLES"]).unlink(missing_ok=True)
        spawn_rate = max(users // 10, 1)  # users arrive over ~10 s
        locust = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(HERE / "locust_personas.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(spawn_rate),
                "--run-time",
                f"{seconds + users // spawn_rate}s",
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=env_locust,
            capture_output=True,
            text=True,
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    samples_path = Path(env_locust["LOAD_SAMPLES"])
    if not samples_path.exists():
        print(locust.stdout[-3000:], locust.stderr[-3000:])
        return 1
    samples = json.loads(samples_path.read_text())
    logins = [s for s in samples if s[1] in LOGIN_NAMES]
    pages = [s for s in samples if s[1] not in LOGIN_NAMES]
    span = max((s[0] for s in samples), default=1) - min((s[0] for s in samples), default=0)
    print(f"\n{'request':<24}{'count':>7}{'errors':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'max':>7}")
    for name in sorted({s[1] for s in samples}):
        row = _summary([s for s in samples if s[1] == name])
        print(
            f"{name:<24}{row['count']:>7}{row['errors']:>8}{row['p50']:>7.0f}"
            f"{row['p95']:>7.0f}{row['p99']:>7.0f}{row['max']:>7.0f}"
        )
    login, page = _summary(logins), _summary(pages)
    errors = login["errors"] + page["errors"]
    print(
        f"\nsign-in through the form ({login['count']} of {users} users): "
        f"p50 {login['p50']:.0f} ms, p95 {login['p95']:.0f} ms, max {login['max']:.0f} ms"
    )
    print(
        f"pages: {page['count']} requests in {span:.0f} s = {page['count'] / span:.1f} req/s, "
        f"{errors} errors, p50 {page['p50']:.0f} ms, p95 {page['p95']:.0f} ms, "
        f"p99 {page['p99']:.0f} ms"
    )
    failures = Path(f"{prefix}_failures.csv")
    if errors and failures.exists():
        print(failures.read_text()[:2000])
    ok = errors == 0 and page["p95"] <= target
    print(f"{'PASS' if ok else 'FAIL'}: 0 errors and page p95 ≤ {target:.0f} ms required")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
