# Two commands set Tally up on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run test test-fast lint format bench serve-setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Migrate, import the seeds, build and publish their lessons, create the demo
# users (credentials printed), then serve on 127.0.0.1:8000 with SQLite.
serve-setup: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_seeds
	$(BIN)/python manage.py build_lessons --publish
	$(BIN)/python manage.py create_demo_users

run: serve-setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmark (DESIGN.md §9): gunicorn (2 sync workers, DEBUG off) on a fresh, seeded
# SQLite database in a temp folder, driven by wrk on 127.0.0.1, each scenario next to
# a bare Django view (TALLY_BENCH=1 adds it at /bench/ceiling/). Writes build/bench.json.
bench: venv
	@command -v wrk >/dev/null 2>&1 || { echo "make bench needs wrk: sudo apt-get install -y wrk"; exit 1; }
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build staticfiles .pytest_cache .mypy_cache .ruff_cache
