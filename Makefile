# pmograph: two commands do everything on a fresh machine with Python 3.11 and pip.
#   make run    set up, then build the graph, answer some questions, write the visualization
#   make test   set up (with test tools, Chromium and Graphviz), then lint, type-check and run every test
PYTHON ?= python3
VENV   ?= .venv
OUT    ?= out
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat setup.cfg pyproject.toml | cksum | cut -d' ' -f1)
PMOGRAPH := $(BIN)/pmograph

.PHONY: run test setup browser graphviz virtuoso lint typecheck bench clean

$(STAMP): setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "pmograph needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)

run: setup graphviz
	@mkdir -p $(OUT)
	$(PMOGRAPH) validate
	$(PMOGRAPH) stats
	$(PMOGRAPH) query --format table --name next-step-after-project-manager
	$(PMOGRAPH) query --format table --name skills-required-for-pmo
	$(PMOGRAPH) query --format table --name is-pmo-higher-than-project-manager
	$(PMOGRAPH) path "PMO Analyst" "Portfolio Manager"
	$(PMOGRAPH) gap "PMO Analyst" "PMO Manager"
	$(PMOGRAPH) viz -o $(OUT)/pmograph.html

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; \
	fi
	@test -x /usr/bin/chromium || { echo "Chromium is missing: install Debian's chromium package"; exit 1; }

# Debian's Virtuoso 7 for the endpoint and conformance tests (they start it themselves).
virtuoso:
	@if ! command -v virtuoso-t >/dev/null 2>&1; then \
		echo "installing Debian's virtuoso-opensource for the endpoint tests"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource >/dev/null; \
	fi
	@command -v virtuoso-t >/dev/null 2>&1 || { echo "Virtuoso is missing: install Debian's virtuoso-opensource package"; exit 1; }

# Graphviz's dot lays out the career map and renders it as SVG/PNG (pmograph viz).
graphviz:
	@if ! command -v dot >/dev/null 2>&1; then \
		echo "installing Debian's graphviz for the career map"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q graphviz >/dev/null; \
	fi
	@command -v dot >/dev/null 2>&1 || { echo "Graphviz is missing: install Debian's graphviz package"; exit 1; }

lint: setup
	$(BIN)/ruff check pmograph tests benchmarks tools
	$(BIN)/ruff format --check pmograph tests benchmarks tools

typecheck: setup
	$(BIN)/mypy pmograph

test: setup browser graphviz virtuoso lint typecheck
	$(BIN)/python -m pytest -q -p no:cacheprovider tests
	@# the notebooks run with a private temporary folder, checked empty afterwards, and a
	@# private cache folder, removed afterwards (never ~/.cache)
	@tmp=$$(mktemp -d) && cache=$$(mktemp -d) && \
		TMPDIR=$$tmp PMOGRAPH_CACHE_DIR=$$cache $(BIN)/python -m pytest -q -p no:cacheprovider --nbmake notebooks; \
		rc=$$?; left=$$(ls -A $$tmp); rm -rf $$tmp $$cache; \
		if [ -n "$$left" ]; then echo "notebooks left files in the temporary folder: $$left"; exit 1; fi; exit $$rc

bench: setup browser graphviz virtuoso
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/validate_scale.py
	$(BIN)/python benchmarks/careers.py
	$(BIN)/python benchmarks/store.py
	$(BIN)/python benchmarks/viz.py
	$(BIN)/python benchmarks/imports.py
	$(BIN)/python benchmarks/taxonomy.py
	$(BIN)/python benchmarks/engines.py

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info tests/output
