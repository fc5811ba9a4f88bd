"""Test settings: the real settings with the few overrides a test run needs."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HTTPS = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LANGUAGE_CODE = "vi"
# Request/response tests run tasks inline; the background-job tests start a real worker on
# REDIS_URL themselves (tests/steering/test_celery.py).
CELERY_TASK_ALWAYS_EAGER = True
