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

.PHONY: lab test exercises validate clean-notebooks bench dashboard help

help:
	@echo "make lab        open the kit in JupyterLab"
	@echo "make test       run the whole test suite (data, package, notebooks, browser)"
	@echo "make exercises  regenerate the student exercise notebooks from exercises/teacher/"
	@echo "make validate   check every dataset against its schema and the kit's rules"
	@echo "make bench      print speed figures (benchmarks/bench.py)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	$(PY) -m qantar setup-lab
	@touch $(STAMP)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) notebooks/00_start_here.ipynb

test: $(STAMP)
	$(PY) -m qantar validate
	$(PY) -m pytest -n 2 --dist loadfile

exercises: $(STAMP)
	$(PY) -m qantar exercises

validate: $(STAMP)
	$(PY) -m qantar validate

clean-notebooks: $(STAMP)
	$(PY) -m qantar clean-notebooks

bench: $(STAMP)
	$(PY) benchmarks/bench.py
