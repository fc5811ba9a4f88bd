"""Configuration comes from the environment; the defaults are the embedded mode."""

import os
import subprocess
import sys

from django.conf import settings


def _settings_value(expression: str, **env) -> str:
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='steering.settings';"
        "import django; django.setup(); from django.conf import settings as s;"
        f"print(repr(({expression})))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    return (result.stdout + result.stderr).strip()


def test_production_refuses_to_start_without_a_secret_key():
    assert "SECRET_KEY must be set" in _settings_value("s.SECRET_KEY", DEBUG="false")


def test_embedded_default_runs_tasks_in_process_on_sqlite():
    out = _settings_value(
        "s.CELERY_TASK_ALWAYS_EAGER, s.DATABASES['default']['ENGINE']",
        DEBUG="true",
    )
    assert out.endswith("(True, 'django.db.backends.sqlite3')")


def test_redis_url_switches_to_a_real_broker_with_short_timeouts():
    out = _settings_value(
        "s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL,"
        " s.CELERY_BROKER_TRANSPORT_OPTIONS['socket_timeout']",
        DEBUG="true",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert out.endswith("(False, 'redis://127.0.0.1:6379/0', 3)")


def test_database_connections_are_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_vietnamese_is_the_default_language_and_hanoi_the_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


def test_lockout_is_by_username_and_ip_together():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_a_redis_cache_url_gives_a_cache_that_never_takes_a_page_down():
    from tests.ops.test_faults import CACHE_OPTIONS

    out = _settings_value(
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['OPTIONS']",
        DEBUG="true",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert out.endswith(repr(("django_redis.cache.RedisCache", CACHE_OPTIONS)))
