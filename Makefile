# Two commands matter: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
ESCTL := python3 search/engine/esctl.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install migrate messages es es-stop es-status lint check worker clean

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

# Starts a local Elasticsearch when Java and Maven are present, else warns and goes on
# with database search; serves the site with the indexing worker beside it.
run: migrate
	@if command -v java >/dev/null && command -v mvn >/dev/null; then \
	  $(ESCTL) start || echo "WARNING: Elasticsearch did not start; search falls back to the database."; \
	else \
	  echo "WARNING: Java or Maven missing; no local Elasticsearch, search falls back to the database."; \
	fi
	$(PY) manage.py ensure_superuser
	@if $(PY) manage.py help seed_demo >/dev/null 2>&1; then $(PY) manage.py seed_demo; fi
	@if $(ESCTL) status --quiet; then $(PY) manage.py reindex || \
	  echo "WARNING: reindex failed; the worker builds the indexes on first search."; fi
	$(PY) manage.py collectstatic --noinput >/dev/null
	@echo "Indexing worker log: var/worker.log"
	@$(PY) manage.py index_worker >var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Starts Elasticsearch unless one already answers at ELASTICSEARCH_URL, runs the whole
# suite, and stops what it started.
test: install messages
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

clean:
	$(ESCTL) stop || true
	rm -rf var/es var/db.sqlite3 var/static
