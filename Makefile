# Service Stories — every target bootstraps .venv itself.
#   make figures            the main job: all notebooks -> figures/ -> writeup/
#   make figures CORPUS=dir the same on another folder of posts (output in runs/<dir name>-<hash>/);
#                           files that cannot be loaded are named and left out (STRICT=1: stop instead)
#   make test               the whole test suite
#   make lab                JupyterLab on the notebooks
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CORPUS ?=
unexport CORPUS
STRICT ?=

.DEFAULT_GOAL := figures
.PHONY: setup figures test lab clean lock benchmark

setup: $(STAMP)

# Reinstall only when the lock or the project metadata changed. uv (from PyPI, installed into the venv)
# installs the locked stack in seconds; plain pip from the same lock is the fallback.
# Everything is installed with compiled bytecode (this machine may set PYTHONDONTWRITEBYTECODE=1, and then every
# notebook kernel would recompile every import): uv --compile-bytecode, pip compiles by default, and compileall
# covers a venv installed before and the project's own src/.
$(STAMP): requirements.lock pyproject.toml Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if $(PY) -m pip install --quiet --disable-pip-version-check uv >/dev/null 2>&1; then \
	  echo "setup: installing the locked dependencies with uv"; \
	  $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock && \
	  $(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e . ; \
	else \
	  echo "setup: uv unavailable, installing the locked dependencies with pip"; \
	  $(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock && \
	  $(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e . ; \
	fi
	@$(PY) -m compileall -q -j 0 $$($(PY) -c 'import sysconfig; print(sysconfig.get_path("purelib"))') >/dev/null || true
	@$(PY) -m compileall -q src >/dev/null
	@touch $(STAMP)

# CORPUS reaches the runner as an environment variable, taken verbatim ($(value ...)): neither make nor the shell
# interprets it, so a folder name with `$`, quotes or backticks arrives intact and runs nothing.
figures: export SERVICESTORIES_CORPUS := $(value CORPUS)

figures: $(STAMP)
	@$(PY) -m compileall -q src >/dev/null
	$(PY) -m servicestories.run$(if $(STRICT), --strict)

test: $(STAMP)
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

# make benchmark: quick sizes; make benchmark BENCH=full: extract at 10k/30k/100k, main job at 40/2k/20k posts,
# per core next to the first coder at 2k posts
BENCH ?= quick
benchmark: $(STAMP)
	@$(PY) -m compileall -q src >/dev/null
	$(PY) benchmarks/extract_throughput.py --sizes "$(if $(filter full,$(BENCH)),10000 30000 100000,2000)"
	$(PY) benchmarks/main_job.py --sizes "$(if $(filter full,$(BENCH)),40 2000 20000,40)"
	$(PY) benchmarks/first_coder.py --posts "$(if $(filter full,$(BENCH)),2000,500)"

# Regenerate the lock files after editing dependencies in pyproject.toml (needs uv).
lock: $(STAMP)
	$(VENV)/bin/uv lock
	$(VENV)/bin/uv export --frozen --all-extras --no-emit-project --no-header -o requirements.lock >/dev/null

clean:
	rm -rf data/processed/*.parquet data/processed/manifest.json data/processed/corpora data/processed/run-manifests data/processed/coded runs .pytest_cache
