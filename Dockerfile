# Production image: gunicorn (web), the Celery workers (default and pdf queues) and beat all run
# from it; nginx in front (docker-compose.yml, deploy/nginx.conf). The web service re-runs
# collectstatic at start into the `static` volume that nginx serves, so it must own the folder.
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
CMD ["gunicorn", "steering.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
