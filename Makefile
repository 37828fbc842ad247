# hangup: `make run` starts the web app on embedded defaults; `make test` runs lint, types and the whole suite.
# Both set up what they need (a virtual environment in .venv; Debian packages for the tests, see scripts/system-deps.sh).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system-deps run demo test lint typecheck pytest bench eval clean

$(STAMP): pyproject.toml setup.py src/hangup/model/_hashing.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages for the optional parts and their tests (Tesseract, espeak-ng, Chromium, PostgreSQL, Java).
system-deps:
	@sh scripts/system-deps.sh

# The web app on http://127.0.0.1:8000/ with the embedded defaults (SQLite case store under ~/.local/share/hangup).
run: setup
	$(BIN)/hangup serve

# The command line on a sample scam call: the verdict, the tactics with evidence, what to do.
demo: setup
	$(BIN)/hangup check examples/scam-call-microsoft.txt; test $$? -le 1

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: setup
	$(BIN)/mypy

pytest: setup system-deps
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: setup
	$(BIN)/python benchmarks/bench_engine.py

# Per-source detection on the development data in ../shared/data (not shipped with the package).
eval: setup
	$(BIN)/python scripts/eval_sources.py --data ../shared/data

clean:
	rm -rf $(VENV) build dist src/*.egg-info .mypy_cache .ruff_cache .pytest_cache
