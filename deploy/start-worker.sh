#!/bin/sh
# A Celery worker for one queue: `deploy/start-worker.sh default` (reminders, sweeps,
# notifications) or `deploy/start-worker.sh pdf` (WeasyPrint: CPU and memory heavy, one at a
# time, a fresh process every 20 documents). Used by docker-compose.yml and CI's smoke stage.
set -eu
cd "$(dirname "$0")/.."
queue="${1:?usage: deploy/start-worker.sh default|pdf}"
case "$queue" in
  default) set -- --concurrency "${WORKER_CONCURRENCY:-2}" ;;
  pdf) set -- --concurrency "${PDF_WORKER_CONCURRENCY:-1}" --max-tasks-per-child 20 ;;
  *) echo "unknown queue: $queue (default or pdf)" >&2; exit 2 ;;
esac
exec celery -A steering worker --queues "$queue" --hostname "$queue@%h" \
  --loglevel "${LOG_LEVEL:-INFO}" "$@"
