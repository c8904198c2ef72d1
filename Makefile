# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev migrate content lint format clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"

migrate:
	$(BIN)/python manage.py migrate --noinput

# Loading twice changes nothing: every record has a natural key.
content: migrate
	$(BIN)/python manage.py loaddata fixtures/*.json

run: install content
	$(BIN)/python manage.py runserver $(HOST)

test: install-dev
	$(BIN)/pytest

# PostgreSQL + 100,000 synthetic actors + gunicorn + wrk; see docs/performance.md.
bench: install
	bench/run.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
