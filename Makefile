# policygraph: `make demo` runs the main job, `make test` runs the tests.
# Both create .venv and install what they need, Debian packages included.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PG     := $(VENV)/bin/policygraph
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: demo test install lint typecheck pytest release clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	bash scripts/install-system-deps.sh java
	$(PG) build
	$(PG) validate
	$(PG) reason
	$(PG) render all --out $(OUT)
	$(PG) stats --brief
	@echo "release files: kg/release/policygraph.{ttl,nt,jsonld,trig}"
	@echo "HTML views:    $(OUT)/index.html (works offline)"

test: $(STAMP)
	bash scripts/install-system-deps.sh java browser
	$(MAKE) lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# pytest exits 5 when it collected no test; make treats that as a failure too.
pytest: $(STAMP)
	$(PY) -m pytest

release: $(STAMP)
	$(PG) build

clean:
	rm -rf $(OUT) build dist .pytest_cache .mypy_cache .ruff_cache
