# Qantar 2022. Two commands for a new user:
#   make lab    open the kit in JupyterLab
#   make test   run the whole test suite
# Both create .venv and install the exact versions in requirements/lock.txt, then the kit, on first use;
# later runs reinstall only when pyproject.toml or the lock changed. To update the dependencies:
#   make test-latest   run the suite in build/venv-latest on the newest releases pyproject.toml allows
#   make lock          lock the newest releases (requirements/lock.txt, environment.yml), then make test
# The browser edition (JupyterLite, src/qantar/lite.py):
#   make lite          build lite/ (the first time it fetches and verifies the pieces: make lite-fetch)
#   make lite-serve    serve lite/ on http://127.0.0.1:$(LITE_PORT)/ for this computer

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.qantar-installed
LOCK   := requirements/lock.txt
# make test-latest's and make lock's venvs live in build/, which git and the kit's checks leave out.
LATEST := build/venv-latest
LOCKER := build/venv-lock
UV_VERSION := 0.13.9
# JupyterLab refuses to start as root without this flag (CI and containers run as root).
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PORT   ?= 8888
# The browser edition: its build tools (requirements/lite.txt) and the pieces it serves, verified by sha256.
LITE_VENV    := build/venv-lite
LITE_FETCHED := build/lite-cache/.fetched
LITE_PORT    ?= 8000
# The package's tests (no Jupyter server or kernel) on the browser edition's versions, with Python 3.12.
STACK        := build/venv-browser-stack
# The first Python 3.12 that runs: on PATH, or one pyenv installed but did not put on PATH (its shim
# python3.12 exists, yet fails, while another version is pyenv's global one).
STACK_PYTHON ?= $(firstword $(foreach p,python3.12 $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12),\
                  $(shell $(p) -c "" >/dev/null 2>&1 && echo $(p))))
STACK_TESTS  := tests/test_actors.py tests/test_data.py tests/test_drawing.py tests/test_engine.py \
                tests/test_reading.py tests/test_sources.py tests/test_start.py tests/test_tables.py \
                tests/test_teaching_engine.py tests/test_timeline.py tests/test_wealth.py
DASHBOARD_PORT ?= 8866

.PHONY: lab test test-browser-stack stack-python lite lite-fetch lite-serve test-latest lock exercises validate clean-notebooks bench bench-stalls dashboard handouts links help

help:
	@echo "make lab        open the kit in JupyterLab"
	@echo "make test       run the whole test suite (data, package, notebooks, browser)"
	@echo "make exercises  regenerate the student exercise notebooks from exercises/teacher/"
	@echo "make validate   check every dataset against its schema and the kit's rules"
	@echo "make lite       build the browser edition in lite/ (JupyterLite; fetches its pieces the first time)"
	@echo "make lite-serve serve lite/ on http://127.0.0.1:$(LITE_PORT)/ for this computer"
	@echo "make dashboard  show the lessons as pages (code hidden, widgets live) for a projector"
	@echo "make handouts   build printable PDFs (A4, US Letter) and static pages of the lessons and sheets into handouts/"
	@echo "make links REPO=https://github.com/you/qantar [HUB=https://your-hub]  print the Binder and nbgitpuller links"
	@echo "make bench      print speed figures (benchmarks/bench.py; make bench BENCH_ARGS=--full adds make test)"
	@echo "make bench-stalls  run every lesson 50 times (nbclient) and 20 times (dashboard) and count stalls"
	@echo "make test-latest  run the suite on the newest releases pyproject.toml allows (in $(LATEST))"
	@echo "make lock         lock the newest releases in $(LOCK); run make test before committing it"

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5) and "$(LOCK) needs Python 3.11.5+: rm -r $(VENV); make PYTHON=python3.12")'
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(PY) -m qantar setup-lab
	@touch $(STAMP)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

test: $(STAMP) test-browser-stack
	$(PY) -m qantar validate
	$(PY) -m pytest -n 2 --dist loadfile

# The package's tests again on the versions the browser edition runs (requirements/browser-stack.txt).
# Without Python 3.12 they are skipped, with a message (CI's .ci/run requires it).
ifneq ($(STACK_PYTHON)$(wildcard $(STACK)/bin/python),)
test-browser-stack: $(STACK)/.installed
	$(STACK)/bin/python -m pytest -o addopts="-p no:cacheprovider" -q -n 2 --dist loadfile $(STACK_TESTS)
else
test-browser-stack:
	@echo "make test-browser-stack SKIPPED: no Python 3.12 (the browser edition's Python); make STACK_PYTHON=/path/to/python3.12"
endif

# CI asks this before it starts: it fails when there is no Python 3.12 to run test-browser-stack with.
stack-python:
	@test -n "$(STACK_PYTHON)" && echo "$(STACK_PYTHON)"

$(STACK)/.installed: requirements/browser-stack.txt pyproject.toml
	@test -x $(STACK)/bin/python || $(STACK_PYTHON) -m venv $(STACK)
	$(STACK)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/browser-stack.txt
	$(STACK)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# Fetching needs the network (PyPI and npm), once; building and serving do not.
lite-fetch: $(STAMP)
	@test -x $(LITE_VENV)/bin/python || $(PYTHON) -m venv $(LITE_VENV)
	$(LITE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lite.txt
	$(PY) -m qantar.lite fetch
	@touch $(LITE_FETCHED)

$(LITE_FETCHED): requirements/lite.txt
	$(MAKE) lite-fetch

lite: $(STAMP) $(LITE_FETCHED)
	$(PY) -m qantar.lite build

lite-serve: $(STAMP)
	$(PY) -m qantar.lite serve --port $(LITE_PORT)

# The suite on the newest releases, in a venv of its own (.venv keeps the locked ones); it lists what differs.
test-latest:
	@test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade --upgrade-strategy eager -e ".[test]"
	$(LATEST)/bin/python -m qantar setup-lab
	@$(LATEST)/bin/python requirements/lock.py --check || true
	$(LATEST)/bin/python -m qantar validate
	$(LATEST)/bin/python -m pytest -n 2 --dist loadfile

lock:
	@test -x $(LOCKER)/bin/python || $(PYTHON) -m venv $(LOCKER)
	$(LOCKER)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) packaging==26.4
	$(LOCKER)/bin/python requirements/lock.py --upgrade
	@echo "Now run make test (it reinstalls .venv from the new lock); commit $(LOCK) and environment.yml if it passes."

exercises: $(STAMP)
	$(PY) -m qantar exercises

validate: $(STAMP)
	$(PY) -m qantar validate

clean-notebooks: $(STAMP)
	$(PY) -m qantar clean-notebooks

# Voilà serves notebooks/ on this machine only: open http://127.0.0.1:$(DASHBOARD_PORT)/ and pick a lesson.
# How it is started (host check, idle kernels stopped, no CDN) is in src/qantar/dashboard.py.
dashboard: $(STAMP)
	$(PY) -m qantar dashboard --port $(DASHBOARD_PORT)

# Offline: runs each lesson, draws its explorers as stills, prints every page with Debian's Chromium.
handouts: $(STAMP)
	$(PY) -m qantar handouts --out handouts

# The one setting a teacher gives: the repository's address (and the hub's, for nbgitpuller).
links: $(STAMP)
	@test -n "$(REPO)" || { echo "Give the repository's address: make links REPO=https://github.com/you/qantar"; exit 2; }
	$(PY) -m qantar links --repo "$(REPO)" $(if $(HUB),--hub "$(HUB)")

bench: $(STAMP)
	$(PY) benchmarks/bench.py $(BENCH_ARGS)

# Every lesson 50 times through nbclient and 20 times as a dashboard page: stalls and the slowest run (about 25 min).
bench-stalls: $(STAMP)
	$(PY) benchmarks/stalls.py $(STALLS_ARGS)