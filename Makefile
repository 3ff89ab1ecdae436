# policygraph: `make demo` runs the main job, `make test` runs the tests.
# Both create .venv and install what they need, Debian packages included.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PG     := $(VENV)/bin/policygraph
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: help demo test check install lint typecheck pytest release clean shell notebook

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install policygraph with the dev tools

demo: $(STAMP) ## build, validate, reason and render the bundled graph
	bash scripts/install-system-deps.sh java
	$(PG) build
	$(PG) validate
	$(PG) reason
	$(PG) render all --out $(OUT)
	$(PG) stats --brief
	@echo "release files: kg/release/policygraph.{ttl,nt,jsonld,trig}"
	@echo "HTML views:    $(OUT)/index.html (works offline)"
	@echo ""
	@echo "Next, one of:"
	@echo "  make notebook                         # JupyterLab on notebooks/tutorial.ipynb, graph loaded"
	@echo "  make shell                            # a shell in which the policygraph command works"
	@echo "  $(PG) entity 城市大脑 # or call the command by its path"
	@echo "  xdg-open $(OUT)/index.html               # the views, in a browser"

test: $(STAMP) ## everything CI runs: system deps, lint, types, all tests
	bash scripts/install-system-deps.sh java browser virtuoso
	$(MAKE) lint typecheck pytest

# the quick developer loop: no Java, browser or slow tests
check: lint typecheck ## lint, types and the tests not marked slow
	$(PY) -m pytest -q -m "not slow"

lint: $(STAMP) ## ruff (check, format) and the import-layer contracts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(STAMP) ## mypy --strict
	$(VENV)/bin/mypy

# pytest exits 5 when it collected no test; make treats that as a failure too.
pytest: $(STAMP) ## every test (no system packages installed)
	$(PY) -m pytest

# A shell with .venv active, so that `policygraph` is on PATH; `exit` leaves it.
shell: $(STAMP) ## a shell in which the policygraph command works
	@echo "policygraph is on PATH in this shell (.venv active); type exit to leave."
	@. $(VENV)/bin/activate && exec $${SHELL:-/bin/bash} -i

NOTEBOOK_STAMP := $(VENV)/.notebook
ALLOW_ROOT     := $(if $(filter 0,$(shell id -u)),--allow-root)

$(NOTEBOOK_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,notebook]'
	touch $(NOTEBOOK_STAMP)

notebook: $(NOTEBOOK_STAMP) ## JupyterLab on notebooks/tutorial.ipynb (its first cell loads the graph)
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks/tutorial.ipynb

release: $(STAMP) ## rebuild kg/release/*
	$(PG) build

clean: ## remove outputs and caches
	rm -rf $(OUT) build dist .pytest_cache .mypy_cache .ruff_cache
