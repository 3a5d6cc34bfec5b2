# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
# `PORT=8080 make run` serves on another port.
PORT   ?= 8000
export PORT
STAMP  := $(VENV)/.installed

.PHONY: run test install worker lint format messages clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load the demo organisation, start web (uvicorn) + Celery worker (+ beat).
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Werkplekleren+ runs on http://127.0.0.1:$(PORT)/ (log in with a demo login above; Ctrl-C stops)."
	@scripts/run-local

## make test: install what the tests need (Chromium included) and run the whole suite on SQLite,
## spread over the machine's cores (pytest-xdist, a test file per process at a time; each process
## has its own database file, Celery worker, broker, cache and media folders, see
## settings/test.py). `PYTEST_WORKERS=0 make test` runs it in one process.
PYTEST_WORKERS ?= auto
test: $(STAMP)
	@scripts/ensure-chromium
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile

## make lint: ruff, the layers of the house (import-linter) and the types of the service and
## access layers (mypy); the same as CI's lint step.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make messages: refresh locale/*.po from the code, then compile them (commit both).
messages: $(STAMP)
	$(PY) manage.py makemessages --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf .celery .celery-test* .media-test* staticfiles .pytest-db.sqlite3* artifacts
