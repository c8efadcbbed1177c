# CaseFlow: `make run` for the demo on SQLite, `make test` for lint, types and tests, `make drills`
# for the fault drills (they start and stop their own servers; PostgreSQL and Redis must answer).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck security pytest drills frontend demo clean bench bench-measure

run: $(VENV)/.runtime static/dist/.built
	@bin/run-local

test: $(VENV)/.dev static/dist/.built lint typecheck security pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy caseflow pathways reunification meetings reports tests

security: $(VENV)/.dev
	bin/audit-dependencies

pytest: $(VENV)/.dev static/dist/.built
	$(BIN)/pytest $(PYTEST_ARGS)

# Real processes killed and servers stopped on purpose: each drill passes or fails on its own.
drills: $(VENV)/.dev static/dist/.built
	CASEFLOW_DRILLS=1 $(BIN)/pytest tests/drills --durations=0 $(PYTEST_ARGS)

frontend: static/dist/.built

# The performance benchmark (README, "Benchmark"): builds caseflow_bench_$(SIZE) on the local
# PostgreSQL, then measures it. bench-measure measures the database the last `make bench` built.
SIZE ?= council
bench: $(VENV)/.dev
	$(BIN)/python -m tests.benchmarks.generate --size $(SIZE)
	@$(MAKE) --no-print-directory bench-measure SIZE=$(SIZE)

bench-measure: $(VENV)/.dev
	@command -v wrk >/dev/null || apt-get install -y wrk >/dev/null 2>&1 \
		|| { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; } \
		|| echo "wrk could not be installed (apt-get install wrk): the load test will be skipped"
	$(BIN)/python -m tests.benchmarks.measure --size $(SIZE)

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "CaseFlow needs Python 3.11"' \
		|| { echo "CaseFlow needs Python 3.11 (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements/base.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.dev: requirements/base.txt requirements/dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	@touch $(VENV)/.runtime $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or newer with npm, then run this again."; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

static/dist/.built: node_modules/.installed frontend/build.mjs $(wildcard frontend/*.scss)
	npm run --silent build
	@touch $@

clean:
	rm -rf $(VENV) node_modules static/dist var
