# Production image: gunicorn (web), the Celery workers (default and pdf queues), beat and the
# one-shot release (migrate, collectstatic into the `static` volume nginx serves, so `portal` owns
# that folder) all run from it, through the scripts in deploy/ that CI's smoke stage runs too;
# nginx in front (docker-compose.yml, deploy/nginx.conf). .dockerignore keeps secrets out.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango and HarfBuzz subsetting; PDFs embed Liberation Serif.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY steering/ steering/
COPY meetings/ meetings/
COPY projects/ projects/
COPY kpis/ kpis/
RUN pip install .
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input \
 && useradd --system --uid 1000 --home /app portal \
 && mkdir -p /data/media \
 && chown -R portal /data /app/staticfiles

USER portal
ENV MEDIA_ROOT=/data/media
EXPOSE 8000
CMD ["deploy/start-web.sh"]
