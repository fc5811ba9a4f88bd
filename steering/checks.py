"""System checks of the portal's own deployment rules (run by `check --deploy`)."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, register

PROCESS_LOCAL_CACHES = ("LocMemCache", "DummyCache")


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs=None, **kwargs):
    """Rate limits, the dashboard's invalidation and import progress live in the default cache:
    with the local-memory default each web worker counts on its own (the attack pass got 73
    imports through a 20-per-10-minutes limit with 4 workers). Production needs a shared cache,
    unless it runs a single worker."""
    backend = settings.CACHES["default"]["BACKEND"]
    if not backend.endswith(PROCESS_LOCAL_CACHES) or os.environ.get("WEB_WORKERS") == "1":
        return []
    return [
        Error(
            "The default cache is local to each process: rate limits and dashboard "
            "invalidation would count per web worker.",
            hint="Set CACHE_URL=redis://… (docker-compose.yml does), or run one worker "
            "(WEB_WORKERS=1).",
            id="steering.E010",
        )
    ]
