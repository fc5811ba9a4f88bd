"""The web container's health check: GET http://127.0.0.1:<PORT>/healthz, exit 0 when it answers
200 (database and broker reachable), 1 otherwise. docker-compose.yml's `web` service and CI's
smoke stage call this same file; PORT defaults to 8000 (deploy/start-web.sh's default bind)."""

import os
import sys
import urllib.request

url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
try:
    with urllib.request.urlopen(url, timeout=4) as response:
        print(response.status, response.read().decode())
except Exception as exc:  # any failure is "unhealthy", with the reason in the container log
    print(f"unhealthy: {url}: {exc}", file=sys.stderr)
    sys.exit(1)
