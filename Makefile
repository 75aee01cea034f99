# Qantar 2022. Two commands for a new user:
#   make lab    open the kit in JupyterLab
#   make test   run the whole test suite
# Both create .venv and install the kit on first use; later runs reinstall only when pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.qantar-installed
# JupyterLab refuses to start as root without this flag (CI and containers run as root).
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PORT   ?= 8888
DASHBOARD_PORT ?= 8866

.PHONY: lab test exercises validate clean-notebooks bench dashboard help

help:
	@echo "make lab        open the kit in JupyterLab"
	@echo "make test       run the whole test suite (data, package, notebooks, browser)"
	@echo "make exercises  regenerate the student exercise notebooks from exercises/teacher/"
	@echo "make validate   check every dataset against its schema and the kit's rules"
	@echo "make dashboard  show the lessons as pages (code hidden, widgets live) for a projector"
	@echo "make bench      print speed figures (benchmarks/bench.py; make bench BENCH_ARGS=--full adds make test)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	$(PY) -m qantar setup-lab
	@touch $(STAMP)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

test: $(STAMP)
	$(PY) -m qantar validate
	$(PY) -m pytest -n 2 --dist loadfile

exercises: $(STAMP)
	$(PY) -m qantar exercises

validate: $(STAMP)
	$(PY) -m qantar validate

clean-notebooks: $(STAMP)
	$(PY) -m qantar clean-notebooks

# Voilà serves notebooks/ on this machine only: open http://127.0.0.1:$(DASHBOARD_PORT)/ and pick a lesson.
dashboard: $(STAMP)
	$(VENV)/bin/voila notebooks --no-browser --Voila.ip=127.0.0.1 --port=$(DASHBOARD_PORT) \
		--strip_sources=True --show_tracebacks=False

bench: $(STAMP)
	$(PY) benchmarks/bench.py $(BENCH_ARGS)
