# Two commands matter: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
ESCTL := python3 search/engine/esctl.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install migrate messages es es-stop es-status lint check worker clean \
	prerequisites-run prerequisites-test

# What the machine must have (Python 3.11, gettext, Java 17+, Maven, Chromium for the
# browser journeys): installed with apt-get when run as root, else the command is printed.
prerequisites-run:
	@bash scripts/bootstrap.sh run

prerequisites-test:
	@bash scripts/bootstrap.sh test

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var --ignore=node_modules >/dev/null

migrate: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_units

# Starts a local Elasticsearch when Java and Maven are present and stops with the reason
# when it cannot (NO_ELASTICSEARCH=1 serves with database search on purpose); without
# Java or Maven it warns and serves with database search. The indexing worker runs beside.
run: prerequisites-run migrate
	@if [ -n "$(NO_ELASTICSEARCH)" ]; then \
	  echo "NO_ELASTICSEARCH is set: no local Elasticsearch; search uses the database."; \
	elif $(ESCTL) status --quiet; then \
	  echo "Elasticsearch answers at $${ELASTICSEARCH_URL:-http://127.0.0.1:9200}; using it."; \
	elif command -v java >/dev/null && command -v mvn >/dev/null; then \
	  $(ESCTL) start || { echo; \
	    echo "ERROR: Elasticsearch did not start (the reason is above; its logs: make es-status)."; \
	    echo "Fix that and run make run again, point ELASTICSEARCH_URL at a running cluster,"; \
	    echo "or serve with database search on purpose: NO_ELASTICSEARCH=1 make run"; \
	    exit 1; }; \
	else \
	  echo "WARNING: Java or Maven missing; no local Elasticsearch, search falls back to the database."; \
	fi
	$(PY) manage.py ensure_superuser
	@if $(PY) manage.py help seed_demo >/dev/null 2>&1; then $(PY) manage.py seed_demo; fi
	@if [ -z "$(NO_ELASTICSEARCH)" ] && $(ESCTL) status --quiet; then $(PY) manage.py reindex || \
	  echo "WARNING: reindex failed; the worker builds the indexes on first search."; fi
	$(PY) manage.py collectstatic --noinput >/dev/null
	$(PY) manage.py send_reminders >/dev/null || echo "WARNING: reminders not queued (see var/worker.log)."
	@echo "Indexing worker log: var/worker.log"
	@$(PY) manage.py index_worker >var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Starts Elasticsearch unless one already answers at ELASTICSEARCH_URL, runs the whole
# suite, and stops what it started.
test: prerequisites-test install messages
	@started=0; \
	if ! $(ESCTL) status --quiet; then $(ESCTL) start --name test || exit 1; started=1; fi; \
	$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$started = 1 ]; then $(ESCTL) stop --name test; fi; \
	exit $$rc

lint: install
	$(VENV)/bin/ruff check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

worker: install
	$(PY) manage.py index_worker

es:
	$(ESCTL) start

es-stop:
	$(ESCTL) stop

es-status:
	$(ESCTL) status

# Stops this checkout's Elasticsearch and removes its data wherever it lives (see
# `make es-status`), the SQLite database and collected static files.
clean:
	$(ESCTL) clean || true
	rm -rf var/es var/db.sqlite3 var/static var/cache
