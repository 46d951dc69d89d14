# Two commands a new user needs:  `make demo`  and  `make test`.
# Both create a virtual environment in .venv with nothing but Python 3 and pip.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Extra packages for the test run, e.g.  make test EXTRA_PACKAGES=torch
EXTRA_PACKAGES ?=

.PHONY: demo docs notebook test bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "microgd needs Python 3.10 or newer; $(PYTHON) is: $$($(PYTHON) --version 2>&1)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create a virtual environment in $(VENV). On Debian or Ubuntu: sudo apt install python3-venv"; exit 1; }

$(VENV)/.demo-installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[plots]"
	touch $@

$(VENV)/.test-installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[plots,test,notebook]"
	touch $@

# JupyterLab is the notebook's editor, not something microgd or its tests need: it is installed
# here, for `make notebook`, rather than in the notebook extra.
$(VENV)/.notebook-installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[notebook]" jupyterlab
	touch $@

demo: $(VENV)/.demo-installed
	$(BIN)/python -m microgd demo

# The README's pictures: every demo, headless, writing into docs/ (about a minute).
docs: $(VENV)/.demo-installed
	for demo in demos/[0-9]*.py; do MPLBACKEND=Agg $(BIN)/python $$demo --no-show --out docs || exit 1; done

# The tutorial notebook in JupyterLab (Ctrl-C in this terminal stops it).
notebook: $(VENV)/.notebook-installed
	$(BIN)/jupyter lab notebooks/tutorial.ipynb

test: $(VENV)/.test-installed
	@if [ -n "$(EXTRA_PACKAGES)" ]; then $(BIN)/python -m pip install --quiet --disable-pip-version-check $(EXTRA_PACKAGES) \
		|| echo "warning: could not install $(EXTRA_PACKAGES); the tests that compare against them will be skipped"; fi
	$(BIN)/python -m pytest

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_two_moons.py

clean:
	rm -rf $(VENV) microgd-out .pytest_cache .hypothesis
