#!/usr/bin/env bash
# CI's production smoke stage (.ci/run): the production shape started for real, without Docker,
# then a scripted journey through nginx only (deploy/smoke/journey.py).
#
#   Debian nginx with deploy/nginx.conf (filled by envsubst, as the nginx image does for compose)
#   and a self-signed certificate made now; two gunicorn processes behind it (deploy/start-web.sh);
#   a Celery worker per queue (deploy/start-worker.sh) and beat (deploy/start-beat.sh);
#   deploy/release.sh once before; PostgreSQL database steering_smoke and Redis databases 9 (broker)
#   and 10 (cache), both created or emptied here and removed after; the settings of .env.example
#   with only the addresses of this machine changed; DEBUG off, HTTPS on.
#
# Everything it starts is stopped on exit (trap); on failure the logs are printed.
# SMOKE_VENV (the checkout's .venv), SMOKE_PG (postgres://postgres@127.0.0.1:5432), SMOKE_REDIS (redis://127.0.0.1:6379) and
# SMOKE_PORT_BASE (18100: web on +1 and +2, nginx http +80, https +443) and SMOKE_WAIT (240 s, the
# longest wait for a process to answer) may be changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
started=$(date +%s)
say() { echo "[smoke $(($(date +%s) - started))s] $*"; }

PG=${SMOKE_PG:-postgres://postgres@127.0.0.1:5432}
REDIS=${SMOKE_REDIS:-redis://127.0.0.1:6379}
BASE=${SMOKE_PORT_BASE:-18100}
WEB_PORTS=("$((BASE + 1))" "$((BASE + 2))")
HTTP_PORT=$((BASE + 80))
HTTPS_PORT=$((BASE + 443))
DB=steering_smoke
WORK=$(mktemp -d /tmp/steering-smoke.XXXXXX)
chmod 755 "$WORK"  # nginx's workers (nobody) read the media folder below it
mkdir -p "$WORK/media" "$WORK/certs" "$WORK/nginx" "$WORK/logs"
PIDS=()

stop_all() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 50); do
    alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  if [ "$rc" != 0 ]; then
    for log in "$WORK"/logs/*.log; do
      echo "----- $(basename "$log") (last 60 lines)"
      tail -n 60 "$log"
    done
    say "FAILED (exit $rc)"
  fi
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  redis-cli -u "$REDIS/9" flushdb >/dev/null 2>&1
  redis-cli -u "$REDIS/10" flushdb >/dev/null 2>&1
  rm -rf "$WORK"
  [ "$rc" = 0 ] && say "passed and torn down"
  exit "$rc"
}
trap stop_all EXIT INT TERM

# The settings: .env.example as shipped, then this machine's addresses (compose's `environment:`
# overrides the same names for its containers).
set -a
# shellcheck disable=SC1091
. ./.env.example
DATABASE_URL=$PG/$DB
REDIS_URL=$REDIS/9
CACHE_URL=$REDIS/10
SECRET_KEY=smoke-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
DEBUG=false
ALLOWED_HOSTS=localhost
CSRF_TRUSTED_ORIGINS=https://localhost:$HTTPS_PORT
SITE_URL=https://localhost:$HTTPS_PORT
EMAIL_URL=consolemail://
MEDIA_ROOT=$WORK/media
SENDFILE_NGINX=true
SENDFILE_URL=/_protected/
WEB_WORKERS=2
BEAT_SCHEDULE=$WORK/celerybeat-schedule
# The journey spends this budget across both web processes (one shared Redis cache).
RATE_LIMIT_API=6/86400
set +a
# The checkout's virtualenv (make test made it); SMOKE_VENV for a shared one.
PATH="${SMOKE_VENV:-$ROOT/.venv}/bin:$PATH"
PYTHONPATH=$ROOT
export PATH PYTHONPATH

say "database $DB, Redis 9/10, certificate"
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
psql -q "$PG/postgres" -c "CREATE DATABASE $DB" >/dev/null
redis-cli -u "$REDIS/9" flushdb >/dev/null
redis-cli -u "$REDIS/10" flushdb >/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost" \
  -keyout "$WORK/certs/privkey.pem" -out "$WORK/certs/fullchain.pem" 2>/dev/null

say "release: migrate, collectstatic (deploy/release.sh)"
deploy/release.sh >"$WORK/logs/release.log" 2>&1
say "demo data"
python manage.py load_demo >>"$WORK/logs/release.log" 2>&1

say "two web processes, a worker per queue, beat"
for port in "${WEB_PORTS[@]}"; do
  WEB_BIND=127.0.0.1:$port deploy/start-web.sh >"$WORK/logs/web-$port.log" 2>&1 &
  PIDS+=($!)
done
deploy/start-worker.sh default >"$WORK/logs/worker-default.log" 2>&1 &
PIDS+=($!)
deploy/start-worker.sh pdf >"$WORK/logs/worker-pdf.log" 2>&1 &
PIDS+=($!)
deploy/start-beat.sh >"$WORK/logs/beat.log" 2>&1 &
PIDS+=($!)

say "nginx on $HTTP_PORT/$HTTPS_PORT"
# nginx's workers (nobody) may not traverse the checkout (a clone under a 0700 folder), so they
# serve a copy of the collected static files from the work folder, as compose serves a volume.
cp -a "$ROOT/staticfiles" "$WORK/static"
chmod -R a+rX "$WORK/static"
NGINX_RESOLVER=127.0.0.1 WEB_BACKEND=portal_web NGINX_HTTP_PORT=$HTTP_PORT \
  NGINX_HTTPS_PORT=$HTTPS_PORT TLS_CERT_DIR=$WORK/certs STATIC_DIR=$WORK/static \
  MEDIA_DIR=$WORK/media envsubst \
  '${NGINX_RESOLVER} ${WEB_BACKEND} ${NGINX_HTTP_PORT} ${NGINX_HTTPS_PORT} ${TLS_CERT_DIR} ${STATIC_DIR} ${MEDIA_DIR}' \
  <deploy/nginx.conf >"$WORK/nginx/default.conf"
cat >"$WORK/nginx/nginx.conf" <<NGINX
# Debian's nginx around the project's server blocks; the workers run as another user than the
# portal, like nginx in its own container.
user nobody nogroup;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/logs/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    # Which web process answered each request: the journey checks both served one session.
    log_format smoke '\$request_method \$uri \$status upstream=\$upstream_addr step=\$http_x_smoke_step';
    access_log $WORK/logs/nginx-access.log smoke;
    upstream portal_web {
        server 127.0.0.1:${WEB_PORTS[0]};
        server 127.0.0.1:${WEB_PORTS[1]};
    }
    include $WORK/nginx/default.conf;
}
NGINX
nginx -t -q -c "$WORK/nginx/nginx.conf" -e "$WORK/logs/nginx-error.log"
nginx -c "$WORK/nginx/nginx.conf" -e "$WORK/logs/nginx-error.log" -g 'daemon off;' &
PIDS+=($!)

# Waits with a deadline: the web processes answer the container health check (the very command
# compose runs), the workers report ready.
wait_for() {  # seconds, description, command...
  local deadline=$(($(date +%s) + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "timed out waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}
# Upper bounds only (a loaded machine needed over a minute to boot the processes); each wait ends
# as soon as the process answers.
WAIT=${SMOKE_WAIT:-240}
for port in "${WEB_PORTS[@]}"; do
  wait_for "$WAIT" "web on $port (deploy/healthcheck.py)" env PORT="$port" python deploy/healthcheck.py
done
for queue in default pdf; do
  wait_for "$WAIT" "the $queue worker" grep -q "$queue@.* ready" "$WORK/logs/worker-$queue.log"
done
wait_for "$WAIT" "nginx" test -s "$WORK/nginx/nginx.pid"
say "everything answers; the journey through nginx"

python deploy/smoke/journey.py \
  --https "https://localhost:$HTTPS_PORT" --http "http://localhost:$HTTP_PORT" \
  --ca "$WORK/certs/fullchain.pem" --access-log "$WORK/logs/nginx-access.log" \
  --web-ports "${WEB_PORTS[0]},${WEB_PORTS[1]}" --rate-limit-api 6
say "journey passed"
if [ -n "${SMOKE_HOLD:-}" ]; then  # debugging: keep everything running until interrupted
  say "holding (SMOKE_HOLD); $WORK"
  sleep infinity &
  wait $!
fi
