# Two commands: `make run` sets up and starts the dashboard; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB := data/ipmonitor.duckdb
PORT ?= 8501

.PHONY: run test db system-packages test-system-packages chromium bench clean

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

run: db system-packages
	$(PY) -m streamlit run app.py --server.port $(PORT)

# Debian packages the project uses: chromium (browser tests; chart images for the PDF report, through
# kaleido), fonts-dejavu-core and fonts-noto-core (Vietnamese letters in the charts Chromium draws), and
# poppler-utils (pdftotext, pdftoppm, pdfimages: the report tests read the PDF back). The tests also need
# libreoffice-calc (soffice, headless: tests/fixtures/analyst/make_analyst_files.py saves the analyst corpus
# through it, and tests/integration/test_analyst_files.py saves a workbook again through it at run time);
# the dashboard does not, so `make run` does not install it. Nor nginx (tests/e2e/test_behind_proxy.py starts
# one, on free ports and a throwaway certificate, with the shipped deploy/nginx configuration in front of
# the app; the dashboard itself never needs it). Each is installed only when missing; without
# root or apt-get the target says what is missing and goes on, so `make run` still starts the dashboard
# (only the PDF's charts need Chromium).
SYSTEM_PACKAGES := chromium fonts-dejavu-core fonts-noto-core poppler-utils
TEST_SYSTEM_PACKAGES := $(SYSTEM_PACKAGES) libreoffice-calc nginx

test-system-packages: SYSTEM_PACKAGES := $(TEST_SYSTEM_PACKAGES)
test-system-packages: system-packages

system-packages:
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then \
		echo "Debian packages present: $(SYSTEM_PACKAGES)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian packages:$$missing"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else \
		echo "missing Debian packages:$$missing (not root, or no apt-get here): install them with"; \
		echo "  sudo apt-get install$$missing"; \
		echo "until then the PDF report cannot draw its charts (or set CHROMIUM_PATH) and its tests fail"; \
	fi

# Debian's chromium drives the browser tests (Playwright cannot download its own browser here).
chromium: test-system-packages
	@if command -v chromium >/dev/null 2>&1; then \
		echo "chromium: $$(command -v chromium)"; \
	elif [ -n "$$CHROMIUM_PATH" ] && [ -x "$$CHROMIUM_PATH" ]; then \
		echo "chromium: $$CHROMIUM_PATH"; \
	else \
		echo "chromium is missing: install Debian's package (sudo apt-get install chromium), then run make test again"; \
		exit 1; \
	fi

# Two workers (one per core here), each taking whole test files, so that a module's server, browser and
# database are built once: much of the suite waits on Chromium, Streamlit servers and `etl` processes,
# and a second worker fills that wait (pytest-xdist). `pytest` alone still runs everything in one process.
test: $(VENV)/.test-installed chromium
	$(PY) -m pytest -n auto --dist loadfile --durations=15

# bench_pages.py drives Chromium through Playwright (a test package) to time what a reader waits for.
# Each script writes its medians to bench/out/<script>.json; summary.py prints issue 18's table from them,
# "not measured" for a script that failed (the `-` lets the others run and the table still be printed;
# the previous run's files are removed first, so that no stale median passes for this run's).
bench: $(VENV)/.test-installed chromium
	rm -f bench/out/*.json
	-$(PY) bench/bench_load.py
	-$(PY) bench/bench_pages.py
	-$(PY) bench/bench_exports.py
	-$(PY) bench/bench_document_click.py
	-$(PY) bench/bench_first_visit.py
	-$(PY) bench/bench_control_change.py
	$(PY) bench/summary.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
