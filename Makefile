# Two commands: `make run` sets up and starts the dashboard; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB := data/ipmonitor.duckdb
PORT ?= 8501

.PHONY: run test db chromium bench clean

$(VENV)/.runtime-installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (duckdb 2.0 requires it); set PYTHON=python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.runtime-installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# `etl init` builds the database from the shipped data the first time; later it only applies new
# migrations and refreshes the reference lists, never reloading shipped figures over analysts' changes.
db: $(VENV)/.runtime-installed
	@$(PY) -m etl init --db $(DB)

run: db
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

# Debian's chromium drives the browser tests (Playwright cannot download its own browser here).
chromium:
	@if command -v chromium >/dev/null 2>&1; then \
		echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-core; \
	else \
		echo "chromium is missing: install Debian's package (sudo apt-get install chromium), then run make test again"; \
		exit 1; \
	fi

test: $(VENV)/.test-installed chromium
	$(PY) -m pytest

# bench_pages.py drives Chromium through Playwright (a test package) to time what a reader waits for.
bench: $(VENV)/.test-installed chromium
	$(PY) bench/bench_load.py
	$(PY) bench/bench_pages.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
