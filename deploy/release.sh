#!/bin/sh
# Once per deployment, before any web process, worker or beat starts: the database migrations,
# then the static files into STATIC_ROOT (the volume nginx serves). docker-compose.yml runs it
# as the one-shot `release` service the others wait for, so several web replicas never race
# `migrate` (Django takes no lock); CI's smoke stage runs it the same way.
set -eu
cd "$(dirname "$0")/.."
python manage.py migrate --no-input
python manage.py collectstatic --no-input -v0
