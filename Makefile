# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint lint-imports typecheck bench-crawl bench-quality clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/auditor demo

test: $(STAMP)
	$(PY) -m pytest -q

lint-imports: $(STAMP)  # the stages' import contracts (pyproject: [tool.importlinter])
	$(VENV)/bin/lint-imports

lint: $(STAMP)
	$(VENV)/bin/ruff check auditor checks tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

bench-quality: $(STAMP)
	$(PY) benchmarks/quality.py

bench-crawl: $(STAMP)
	$(PY) benchmarks/crawl_fleet.py --help

clean:
	rm -rf $(VENV) auditor-data .pytest_cache
