# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean audit soak

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# A local secret for `make run`, generated once and never committed.
.secret_key:
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key

run: $(STAMP) .secret_key
	$(PY) manage.py migrate --noinput
	@# A conflict with an editor's admin change (or a malformed file) is reported and
	@# imports nothing; the site is served as the database has it, edits kept.
	-$(PY) manage.py import_content
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving plain HTTP (no TLS) on http://127.0.0.1:8000 - press Ctrl+C to stop."
	$(VENV)/bin/gunicorn therapyexplained.wsgi --config gunicorn.conf.py

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run --settings=therapyexplained.settings_test
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# Lighthouse 12 (npm, pinned) on every page type, mobile and desktop, against gunicorn
# with the production configuration on a free port. Slow: not part of `make test`.
audit: $(STAMP)
	npm ci --no-audit --no-fund
	$(PY) -m scripts.audit

# Load on a mix of pages while a worker is killed and PostgreSQL and Redis fail and
# return (scripts/soak/, docs/reliability.md). Needs wrk, redis-server and PostgreSQL
# on 127.0.0.1:5432; about 6 minutes (SOAK_SECONDS per segment, 30 by default).
soak: $(STAMP)
	$(PY) -m scripts.soak
