# CaseFlow: `make run` for the demo on SQLite, `make test` for lint, types and tests, `make drills`
# for the fault drills (they start and stop their own servers; PostgreSQL and Redis must answer).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck security pytest drills lock frontend demo clean bench bench-measure

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

# Installs from the lock files: the versions pinned in requirements/*.txt, each file's hash checked.
$(VENV)/.runtime: requirements/base.lock | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.lock
	@touch $@

$(VENV)/.dev: requirements/base.lock requirements/dev.lock | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	@touch $(VENV)/.runtime $@

# After changing a pin in requirements/base.txt or dev.txt: the lock files again, with the hash of
# every file the package index has for each pinned version (tests/test_requirements.py checks).
PIP_COMPILE := var/pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-strip-extras \
	--no-emit-index-url --no-emit-find-links
lock:
	@test -x var/pip-tools/bin/pip-compile || { $(PYTHON) -m venv var/pip-tools \
		&& var/pip-tools/bin/pip install --quiet pip-tools==7.6.2; }
	$(PIP_COMPILE) --output-file requirements/base.lock requirements/base.txt
	$(PIP_COMPILE) --output-file requirements/dev.lock requirements/dev.txt

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or newer with npm, then run this again."; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

static/dist/.built: node_modules/.installed frontend/build.mjs $(wildcard frontend/*.scss)
	npm run --silent build
	@touch $@

clean:
	rm -rf $(VENV) node_modules static/dist var
