# Two commands do all the set-up: `make run` and `make test` (see README.md).
# Without an active virtual environment a .venv is created here with python3 -m venv and the project is
# installed into it with the exact versions of requirements/lock.txt.

PYTHON_BOOT ?= python3
ifdef VIRTUAL_ENV
ENV_DIR := $(VIRTUAL_ENV)
else
ENV_DIR := .venv
endif
PY    := $(ENV_DIR)/bin/python
STAMP := $(ENV_DIR)/.welfare-plan-compare-installed
LAB_STAMP := $(ENV_DIR)/.welfare-plan-compare-lab-installed
LOCK  := requirements/lock.txt
# Deterministic outputs regardless of the caller's locale or hash seed.
export LC_ALL := C.UTF-8
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help env run build notebooks report test verify unit nbval lint bench lab lock clean

help:
	@echo "make run    build data/processed, execute notebooks, write figures/ and reports/index.html"
	@echo "make test   unit tests + doctests + nbval over every notebook (two workers)"
	@echo "make verify the slow end-to-end checks (a no-cache rebuild, the notebooks on five cities)"
	@echo "make lint   ruff: pyflakes, import order, line length (pyproject.toml)"
	@echo "make bench  time each stage and notebook"
	@echo "make lab    JupyterLab on localhost (token authentication on)"

# The stamp says the lock was installed; it cannot say that nothing was damaged since. Every command first imports
# the packages it needs, and a failed import (a deleted or half-written package) reinstalls the environment.
HEALTH := import compare.pipeline.build, numpy, pandas, scipy.stats, sklearn.linear_model, networkx, matplotlib.pyplot, \
	sudachipy, sudachidict_core, pandera, prince, nbclient, nbval, pdfplumber; \
	numpy.ndarray, pandas.DataFrame, networkx.Graph, sudachipy.Dictionary, prince.CA, pdfplumber.open, nbclient.NotebookClient

env: $(STAMP)
	@$(PY) -c "$(HEALTH)" >/dev/null 2>&1 || { \
	  echo "the environment in $(ENV_DIR) is damaged (an import failed): reinstalling the locked packages"; \
	  $(PY) -m pip install --quiet --disable-pip-version-check --force-reinstall -c $(LOCK) -e ".[notebooks]" && \
	  $(PY) -c "$(HEALTH)" || { echo "error: $(ENV_DIR) is still broken: remove it and run make env"; exit 2; }; }

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(PY) || $(PYTHON_BOOT) -m venv $(ENV_DIR)
	$(PY) -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e ".[notebooks]"
	@touch $(STAMP)

build: env
	$(PY) -m compare build

notebooks: env
	$(PY) -m compare notebooks

report: env
	$(PY) -m compare report

run: env
	$(PY) -m compare build
	$(PY) -m compare notebooks
	$(PY) -m compare report

unit: env
	$(PY) -m pytest -q -rs

nbval: env
	$(PY) -m pytest -q --nbval --nbval-current-env -o addopts="" notebooks

# One run over both cores (pytest-xdist): unit tests, doctests and every notebook under nbval. `--dist loadscope`
# keeps each test module, and each notebook's cells, on one worker in order (nbval needs that); modules start in the
# order tests/conftest.py gives them (longest first), not by their number of tests.
test: env
	$(PY) -m pytest -q -rs -n 2 --dist loadscope --no-loadscope-reorder --nbval --nbval-current-env -m "not verify" \
		tests lib/compare notebooks

# The end-to-end checks too slow for `make test`: a whole rebuild with no cache, in order, under another hash seed and
# time zone, byte-identical to data/processed/; every notebook executed on five cities (one drafted from a PDF).
# CI runs them after `make test`.
verify: env
	$(PY) -m pytest -q -rs -n 2 --dist loadscope -m verify tests

lint: env
	$(PY) -m ruff check lib tests scripts

bench: env
	$(PY) scripts/bench.py

$(LAB_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e ".[notebooks,lab]"
	@touch $(LAB_STAMP)

# Token authentication stays on; JupyterLab refuses to run as root unless told, so tell it only when we are root.
lab: $(LAB_STAMP)
	$(PY) -m jupyter lab --ip=127.0.0.1 --no-browser $(if $(filter 0,$(shell id -u)),--allow-root,) notebooks

# Maintainers: refresh the lock after changing dependencies (needs the registries).
lock:
	rm -rf /tmp/wpc-lock && $(PYTHON_BOOT) -m venv /tmp/wpc-lock
	/tmp/wpc-lock/bin/pip install --quiet -e ".[notebooks,lab]"
	/tmp/wpc-lock/bin/pip freeze --exclude-editable | grep -v '^welfare-plan-compare' > $(LOCK)

clean:
	rm -rf .venv reports/*.html
