#!/bin/sh
# The one Celery beat (the schedule would run twice with two). Used by docker-compose.yml and
# CI's smoke stage; BEAT_SCHEDULE is the file where beat keeps its last run times.
set -eu
cd "$(dirname "$0")/.."
exec celery -A steering beat --loglevel "${LOG_LEVEL:-INFO}" \
  --schedule "${BEAT_SCHEDULE:-/tmp/celerybeat-schedule}"
