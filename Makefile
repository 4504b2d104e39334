# Two commands on a fresh machine: `make run` and `make test`. Both install what they need.
VENV := .venv
PY := $(VENV)/bin/python

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

.PHONY: install run test lint bench
install: $(VENV)/.installed

run: install
	$(PY) run_local.py

test: install lint
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check .
	$(PY) -m mypy .

bench: install
	$(PY) bench/intake_benchmark.py --count 1000
