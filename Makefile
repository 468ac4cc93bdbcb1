# make run   — serve the emulator on http://127.0.0.1:8000 (its defaults)
# make test  — run the whole test suite (in parallel, in random order)
# make bench — measure speed and memory against a baseline (not part of make test)
# Each creates (or refreshes) the virtualenv in .venv first: `run` installs only what serving
# needs, `test` and `bench` add the test tools.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed
# -qq: errors only (no notices or build-backend banners); the version check needs the network.
PIP := $(BIN)/python -m pip -qq --disable-pip-version-check
ARGS ?=
PYTEST_ARGS ?=
# Bytecode caches on, whatever the shell says: pip never compiles an editable install, so under
# PYTHONDONTWRITEBYTECODE every `mock-api serve` a test starts compiles mock_api again (0.13 s) and
# every pytest process rewrites its plugins' assertions again (about 1.2 s).
unexport PYTHONDONTWRITEBYTECODE
JOBS ?= auto

.PHONY: install run test bench clean

install: $(TEST_STAMP)

$(BIN)/python:
	@echo "creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV)

# pip's own warnings about this machine's package sources are noise here; its errors still show,
# and the import check after each install fails the target if anything is missing.
$(RUN_STAMP): setup.cfg pyproject.toml | $(BIN)/python
	@echo "installing mock_api into $(VENV) (what serving needs)"
	@$(PIP) install -e . 2>&1 | grep -v -e '^WARNING: Location' -e '^$$' || true
	@$(BIN)/python -c 'import mock_api.app'
	@touch $@

$(TEST_STAMP): $(RUN_STAMP)
	@echo "installing the test tools into $(VENV)"
	@$(PIP) install -e '.[test]' 2>&1 | grep -v -e '^WARNING: Location' -e '^$$' || true
	@$(BIN)/python -c 'import pytest, xdist'
	@touch $@

run: $(RUN_STAMP)
	$(BIN)/mock-api serve $(ARGS)

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n $(JOBS) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py
