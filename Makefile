# The two commands that matter: `make run` (portal with demo data on SQLite, tasks in-process)
# and `make test` (the whole suite). Both set everything up on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?= -n 2

# Debian packages: WeasyPrint (Pango, HarfBuzz subsetting), the Liberation fonts for PDFs, and
# Chromium for the browser tests; SoftHSM2, a PKCS#11 token in software, for the signing tests.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2
TEST_DEBS := $(RUN_DEBS) chromium gettext poppler-utils softhsm2

.PHONY: run test lint format bench bench-pdf bench-pages bench-city load vendor messages system-deps-run system-deps-test node-tools install clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

system-deps-run:
	@bin/ensure-debs $(RUN_DEBS)

system-deps-test:
	@bin/ensure-debs $(TEST_DEBS)

# axe-core and the Nu HTML checker (package.json devDependencies) for the accessibility tests.
node-tools:
	@bin/ensure-node-tools

# A .env in the checkout (production settings) is not read: only .env.development, if present
# (copy .env.development.example).
DEV_ENV := ENV_FILE=$(CURDIR)/.env.development DEBUG=true

run: system-deps-run install
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo
	@echo "Cổng điều hành Ban chỉ đạo — http://127.0.0.1:8000/"
	@echo "Demo logins (password demo12345): admin, secretariat, chair, member, ward1, ward2, division; after 2025: city_secretariat, city_chair, ward_secretariat, ward_office"
	@echo
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: system-deps-test install node-tools
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py

# WeasyPrint against LibreOffice kept warm (unoserver) on the same .docx, warm and cold side by
# side, outputs checked with pdftotext. Bench only (not CI, not a project dependency): installs
# LibreOffice Writer and Debian's Python UNO bridge, and unoserver in .venv-bench (that Python).
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed:
	/usr/bin/python3 -m venv --system-site-packages $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet "unoserver>=3.7,<4"
	touch $@

bench-pdf: install
	@bin/ensure-debs libreoffice-writer-nogui python3-uno poppler-utils
	@$(MAKE) --no-print-directory $(BENCH_VENV)/.installed
	UNOSERVER_PYTHON=$(BENCH_VENV)/bin/python $(PY) bench/bench_pdf.py

# Directive pages at 1k/20k/100k directives through gunicorn on its own PostgreSQL database.
bench-pages: install
	$(PY) bench/bench_directive_pages.py

# The cascade at city size (126 wards, 300 city tasks = 37,800 ward tasks, 92 criteria × 12
# months × 126 wards) against a small city, through gunicorn on its own PostgreSQL database.
bench-city: install
	$(PY) bench/bench_city_scale.py

# 50 virtual users (the four personas) for 60 s against gunicorn + PostgreSQL + Redis on loopback;
# fails on any error or a page p95 above 300 ms. Needs PostgreSQL and Redis running locally.
load: install
	$(PY) bench/bench_load.py

# Re-copy the front-end assets pinned in package.json from the npm registry into static/vendor/.
vendor:
	bin/vendor-assets

messages: install
	DEBUG=true $(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests --no-obsolete
	DEBUG=true $(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
