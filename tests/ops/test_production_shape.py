"""The production shape (issue 7, item 8): queues, nginx and the compose file agree.

`.ci/run` validates docker-compose.yml with `docker-compose config -q`; these checks keep the
parts that must match each other from drifting apart (PyYAML is not a dependency: plain text).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from steering.celery import app

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (ROOT / "docker-compose.yml").read_text()
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()


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
        set(found.split(",")) for found in re.findall(r'"worker", "--queues", "([^"]+)"', COMPOSE)
    ]


def test_the_compose_file_has_a_worker_for_each_queue_and_exactly_one_beat():
    queues = _worker_queues()
    assert {"default"} in queues and {"pdf"} in queues
    consumed = set().union(*queues)
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= consumed
    assert len(re.findall(r'"celery", "-A", "steering", "beat"', COMPOSE)) == 1


def test_redis_keeps_its_queue_on_disk_with_append_only_persistence():
    assert '"--appendonly", "yes"' in COMPOSE
    assert "redisdata:/data" in COMPOSE


def test_nginx_serves_protected_files_only_from_an_internal_location_matching_the_app():
    assert 'SENDFILE_NGINX: "true"' in COMPOSE
    url = re.search(r"SENDFILE_URL: (\S+)", COMPOSE).group(1)
    block = re.search("location " + re.escape(url) + r" \{(.*?)\}", NGINX, re.S)
    assert block, f"nginx has no location {url}"
    assert "internal;" in block.group(1)
    alias = re.search(r"alias (\S+);", block.group(1)).group(1)
    assert f"media:{alias.rstrip('/')}:ro" in COMPOSE  # the same volume the app writes
    assert "media:/data/media" in COMPOSE
    assert re.search(r"location /media/ \{ return 404; \}", NGINX)


def test_nginx_serves_the_collected_static_files_from_the_shared_volume():
    block = re.search(r"location /static/ \{(.*?)\}", NGINX, re.S).group(1)
    alias = re.search(r"alias (\S+);", block).group(1).rstrip("/")
    assert f"static:{alias}:ro" in COMPOSE
    assert "static:/app/staticfiles" in COMPOSE  # STATIC_ROOT inside the image (WORKDIR /app)
    assert settings.STATIC_ROOT.name == "staticfiles"
