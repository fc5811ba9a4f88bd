"""The production shape (issue 7, item 8): queues, nginx and the compose file agree.

`.ci/run` validates docker-compose.yml with `docker-compose config -q`; these checks keep the
parts that must match each other from drifting apart (PyYAML is not a dependency: plain text).
"""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from meetings import notices
from steering.celery import app

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (ROOT / "docker-compose.yml").read_text()
# The directives of the nginx template, without its comments.
NGINX = re.sub(r"#.*", "", (ROOT / "deploy" / "nginx.conf").read_text())


def _queue(task_name: str) -> str:
    route = app.amqp.router.route({}, task_name)
    return route["queue"].name


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("meetings.render_document", "pdf"),
        ("meetings.tasks.render_minutes", "pdf"),
        ("kpis.render_period_pdf", "pdf"),
        ("meetings.sweep_documents", "default"),
        ("steering.send_reminders", "default"),
    ],
)
def test_pdf_rendering_goes_to_its_own_queue_and_the_rest_to_default(task, queue):
    assert _queue(task) == queue


def _worker_queues() -> list[set[str]]:
    return [
        set(found.split(","))
        for found in re.findall(r'"deploy/start-worker.sh", "([^"]+)"', COMPOSE)
    ]


def test_the_compose_file_has_a_worker_for_each_queue_and_exactly_one_beat():
    queues = _worker_queues()
    assert {"default"} in queues and {"pdf"} in queues
    consumed = set().union(*queues)
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= consumed
    assert COMPOSE.count('command: ["deploy/start-beat.sh"]') == 1


def test_redis_keeps_its_queue_on_disk_with_append_only_persistence():
    assert '"--appendonly", "yes"' in COMPOSE
    assert "redisdata:/data" in COMPOSE


def _nginx_env() -> dict[str, str]:
    block = re.search(r"\n  nginx:\n(.*?)\n\n", COMPOSE, re.S).group(1)
    environment = re.search(r"    environment:\n((?:      .*\n)+)", block + "\n").group(1)
    pairs = re.findall(r"      (\w+): \"?([^\"\n]+)\"?", environment)
    return dict(pairs)


def _nginx_as_compose_fills_it() -> str:
    values = _nginx_env()
    return re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], NGINX)


def test_nginx_serves_protected_files_only_from_an_internal_location_matching_the_app():
    nginx = _nginx_as_compose_fills_it()
    assert 'SENDFILE_NGINX: "true"' in COMPOSE
    url = re.search(r"SENDFILE_URL: (\S+)", COMPOSE).group(1)
    block = re.search("location " + re.escape(url) + r" \{(.*?)\}", nginx, re.S)
    assert block, f"nginx has no location {url}"
    assert "internal;" in block.group(1)
    alias = re.search(r"alias (\S+);", block.group(1)).group(1)
    assert f"media:{alias.rstrip('/')}:ro" in COMPOSE  # the same volume the app writes
    assert "media:/data/media" in COMPOSE
    assert re.search(r"location /media/ \{ return 404; \}", nginx)


def test_nginx_serves_the_collected_static_files_from_the_shared_volume():
    nginx = _nginx_as_compose_fills_it()
    block = re.search(r"location /static/ \{(.*?)\}", nginx, re.S).group(1)
    alias = re.search(r"alias (\S+);", block).group(1).rstrip("/")
    assert f"static:{alias}:ro" in COMPOSE
    assert "static:/app/staticfiles" in COMPOSE  # STATIC_ROOT inside the image (WORKDIR /app)
    assert settings.STATIC_ROOT.name == "staticfiles"


# --- issue 14: the production shape starts and serves as shipped -------------------------------


def _production_settings_run(tmp_path, code: str) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter with production settings as .env.example sets them."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env |= {
        "DJANGO_SETTINGS_MODULE": "steering.settings",
        "DEBUG": "false",
        "SECRET_KEY": "production-shape-test-" + "k" * 40,
        "ALLOWED_HOSTS": "portal.example.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'health.sqlite3'}",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_container_health_check_on_loopback_is_answered_with_production_settings(tmp_path):
    # deploy/healthcheck.py asks http://127.0.0.1:<port>/healthz from inside the container.
    done = _production_settings_run(
        tmp_path,
        "import django; django.setup(); from django.test import Client;"
        "r = Client(HTTP_HOST='127.0.0.1:8000').get('/healthz'); print(r.status_code, r.content)",
    )
    assert done.stdout.startswith("200 "), done.stdout + done.stderr


def test_files_the_portal_stores_are_readable_by_nginx_running_as_another_user(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    name = default_storage.save("kpi/2026/q1/minh-chung.pdf", ContentFile(b"%PDF-1.4"))
    stored = Path(default_storage.path(name))
    assert stat.S_IMODE(stored.stat().st_mode) & 0o044 == 0o044
    for folder in (stored.parent, stored.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) & 0o055 == 0o055


def test_issued_pdfs_written_by_the_worker_are_readable_by_nginx(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    notices.file_write_atomically("officialdocs/issued.pdf", b"%PDF-1.4 thong bao")
    stored = Path(default_storage.path("officialdocs/issued.pdf"))
    assert stat.S_IMODE(stored.stat().st_mode) & 0o044 == 0o044


DOCKERIGNORE = (ROOT / ".dockerignore").read_text().split("\n")
ENV_EXAMPLE = (ROOT / ".env.example").read_text()
SMOKE = (ROOT / "deploy" / "smoke" / "run.sh").read_text()


def _env_file(text: str) -> dict[str, str]:
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, re.M))


@pytest.mark.parametrize(
    "kept_out",
    ["deploy/certs", "*.pem", "*.key", ".env", ".env.*", ".venv", "node_modules", "media"],
)
def test_the_image_never_receives_secrets_or_local_state(kept_out):
    assert kept_out in DOCKERIGNORE
    assert "!.env.example" in DOCKERIGNORE  # documentation only, no secret in it


def test_every_container_of_the_portal_reads_the_env_file():
    app = re.search(r"^x-app: &app\n(.*?)\n\n", COMPOSE, re.S | re.M).group(1)
    assert "  env_file: ${ENV_FILE:-.env}" in app.split("\n")
    services = re.findall(r"^  ([\w-]+):\n    <<: \*app", COMPOSE, re.M)
    assert set(services) == {"release", "web", "worker", "worker-pdf", "beat"}


def test_every_setting_the_portal_and_its_processes_read_is_in_env_example():
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', (ROOT / "steering/settings.py").read_text()))
    for script in (ROOT / "deploy").glob("start-*.sh"):
        read |= set(re.findall(r"\$\{([A-Z_]+):-", script.read_text()))
    read |= set(re.findall(r"\$\{([A-Z_]+)[:?-]", COMPOSE))
    read -= {"ENV_FILE"}  # which file to read, not a setting
    missing = read - set(_env_file(ENV_EXAMPLE))
    assert not missing, f"not in .env.example: {sorted(missing)}"


def test_env_example_is_safe_to_copy_for_production():
    values = _env_file(ENV_EXAMPLE)
    assert values["DEBUG"] == "false"
    assert values["HTTPS"] == "true"
    assert values["SECRET_KEY"] == ""  # the portal refuses to start until one is set
    assert values["POSTGRES_PASSWORD"] == ""  # compose refuses to start until one is set
    assert values["BEHIND_PROXY"] == "true" and values["PROXY_COUNT"] == "1"
    for name, value in values.items():  # read alike by compose, sh and django-environ
        assert not re.search(r"[\s\"']", value), f"{name} must be plain: {value!r}"
    mail = environ.Env.email_url_config(values["EMAIL_URL"])
    assert mail.get("EMAIL_USE_TLS") or mail.get("EMAIL_USE_SSL"), "the SMTP example has no TLS"


def test_the_number_of_web_workers_is_a_setting_that_reaches_gunicorn():
    web = (ROOT / "deploy/start-web.sh").read_text()
    assert '--workers "${WEB_WORKERS:-4}"' in web
    assert 'command: ["deploy/start-web.sh"]' in COMPOSE
    assert _env_file(ENV_EXAMPLE)["WEB_WORKERS"].isdigit()


def test_nginx_resolves_the_web_service_at_request_time_not_once_at_start():
    assert re.search(r"^resolver \$\{NGINX_RESOLVER\} valid=\d+s", NGINX, re.M)
    assert "upstream " not in NGINX
    passes = re.findall(r"proxy_pass (\S+);", NGINX)
    assert passes and set(passes) == {"http://$portal_backend"}
    assert NGINX.count("set $portal_backend ${WEB_BACKEND};") == len(passes)
    env = _nginx_env()
    assert env["WEB_BACKEND"] == "web:8000" and env["NGINX_RESOLVER"] == "127.0.0.11"
    assert "./deploy/nginx.conf:/etc/nginx/templates/default.conf.template:ro" in COMPOSE


def test_compose_and_the_smoke_stage_fill_the_same_nginx_template_variables():
    variables = set(re.findall(r"\$\{(\w+)\}", NGINX))
    assert set(_nginx_env()) == variables
    envsubst = re.search(r"envsubst \\\n\s*'([^']+)'", SMOKE).group(1)
    assert set(re.findall(r"\$\{(\w+)\}", envsubst)) == variables


def test_migrations_run_once_in_a_release_step_that_everything_else_waits_for():
    release = (ROOT / "deploy/release.sh").read_text()
    assert "manage.py migrate" in release and "manage.py collectstatic" in release
    assert 'command: ["deploy/release.sh"]' in COMPOSE
    app = re.search(r"^x-app: &app\n(.*?)\n\n", COMPOSE, re.S | re.M).group(1)
    assert re.search(r"release:\n\s+condition: service_completed_successfully", app)
    others = COMPOSE.replace(release, "")
    assert "migrate" not in re.sub(r"#.*", "", others.split("services:", 1)[1])


@pytest.mark.parametrize(
    "command",
    [
        "deploy/release.sh",
        "deploy/start-web.sh",
        "deploy/start-worker.sh default",
        "deploy/start-worker.sh pdf",
        "deploy/start-beat.sh",
        "deploy/healthcheck.py",
    ],
)
def test_compose_and_the_smoke_stage_run_the_same_commands(command):
    script, *arguments = command.split()
    assert f'"{script}"' in COMPOSE and all(f'"{a}"' in COMPOSE for a in arguments)
    assert re.search(re.escape(script) + r"\S*" + "".join(rf" {a}" for a in arguments), SMOKE)


def test_ci_runs_the_production_smoke_stage():
    assert "deploy/smoke/run.sh" in (ROOT / ".ci/run").read_text()


def test_the_deploy_scripts_are_executable():
    for script in (ROOT / "deploy").glob("**/*.sh"):
        assert script.stat().st_mode & 0o111, f"{script} is not executable"


def test_make_run_reads_only_the_development_env_file_never_a_production_env():
    makefile = (ROOT / "Makefile").read_text()
    assert "DEV_ENV := ENV_FILE=$(CURDIR)/.env.development DEBUG=true" in makefile
    run = re.search(r"^run:.*?\n\n", makefile, re.S | re.M).group(0)
    commands = re.findall(r"^\t(?!@)(.*)$", run, re.M)
    assert commands and all(command.startswith("$(DEV_ENV) ") for command in commands)


def test_the_development_env_example_gives_the_embedded_mode(tmp_path):
    development = tmp_path / ".env.development"
    development.write_text((ROOT / ".env.development.example").read_text())
    keep = {"PATH", "HOME", "LANG", "TMPDIR"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env |= {
        "DJANGO_SETTINGS_MODULE": "steering.settings",
        "ENV_FILE": str(development),
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; print(s.DEBUG, s.HTTPS,"
            " s.CELERY_TASK_ALWAYS_EAGER, s.DATABASES['default']['ENGINE'].rsplit('.', 1)[1])",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.stdout.split() == ["True", "False", "True", "sqlite3"], done.stderr
