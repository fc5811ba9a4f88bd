#!/bin/sh
# The web process: gunicorn, as docker-compose.yml's `web` service and CI's smoke stage run it.
# WEB_BIND (default 0.0.0.0:8000) and WEB_WORKERS (default 4) come from the environment (.env).
# Migrations and collectstatic are not run here: deploy/release.sh runs them once, before.
set -eu
cd "$(dirname "$0")/.."
exec gunicorn steering.wsgi \
  --bind "${WEB_BIND:-0.0.0.0:8000}" \
  --workers "${WEB_WORKERS:-4}" \
  --timeout 60 --graceful-timeout 30 \
  --max-requests 2000 --max-requests-jitter 200 \
  --access-logfile -
