# Leverage: the two commands are `make book` and `make test`; everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2

.PHONY: help venv book test unit notebooks browser build-check lab clean outputs bench serve exercises screenshots fuzz

help:
	@echo "make book    build the HTML book into _build/html"
	@echo "make test    run every test: gigsim, notebooks (nbval strict), the book build, the browser checks"
	@echo "make lab     open JupyterLab on the notebooks"
	@echo "make outputs re-execute the chapter notebooks and store their outputs"
	@echo "make bench   measure the speed of the simulation engine"
	@echo "make fuzz    the property tests with many fresh random examples (slow; not part of make test)"
	@echo "make serve   serve the built book at http://127.0.0.1:8000/"
	@echo "make exercises  regenerate the student notebooks from notebooks/solutions"
	@echo "make screenshots  PNG screenshots of the built book into _build/screenshots"
	@echo "make clean   remove the build and the virtual environment"

# The environment: created on first use, refreshed when the requirements change.
$(STAMP): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . --path-output . -W -n --keep-going
	@echo
	@echo "The book is built. Open $(CURDIR)/_build/html/index.html in a browser."

# Every test. Each part runs even when an earlier one fails; the target fails if any did.
# The browser tests read the book that build-check has just built.
test: $(STAMP)
	@status=0; \
	$(MAKE) --no-print-directory unit || status=1; \
	$(MAKE) --no-print-directory notebooks || status=1; \
	$(MAKE) --no-print-directory build-check || status=1; \
	$(MAKE) --no-print-directory browser || status=1; \
	if [ $$status -ne 0 ]; then echo "make test: FAILED (see above)"; else echo "make test: all parts passed"; fi; \
	exit $$status

# gigsim and the classroom kit
unit: $(STAMP)
	$(BIN)/python -m pytest tests -n $(JOBS) --dist loadfile -q --ignore=tests/browser

# The hypothesis property tests with many examples from a fresh random seed (make test uses a fixed seed).
fuzz: $(STAMP)
	GIGSIM_HYPOTHESIS=fuzz $(BIN)/python -m pytest tests -n $(JOBS) --dist loadfile -q --ignore=tests/browser $(if $(K),-k "$(K)")

# every chapter, appendix and solution notebook, nbval strict: stored outputs must match a fresh run
NOTEBOOKS := $(wildcard notebooks/*.ipynb) $(wildcard notebooks/solutions/*.ipynb) $(wildcard book/*.ipynb)
notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg \
		-n $(JOBS) --dist loadfile -q $(NOTEBOOKS)

# the rendered book in a real browser (needs a built book: make book)
browser: $(STAMP)
	$(BIN)/python -m pytest tests/browser -q

build-check: $(STAMP)
	rm -rf _build/html
	$(BIN)/jupyter-book build . --path-output . -W -n --keep-going

outputs: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace $(NOTEBOOKS)

# student versions of the classroom exercises, generated from notebooks/solutions
exercises: $(STAMP)
	$(BIN)/python -m gigsim.classroom.release notebooks/solutions notebooks/exercises

screenshots: $(STAMP)
	$(BIN)/python tests/browser/screenshots.py _build/html _build/screenshots

serve: $(STAMP)
	@echo "Serving the book at http://127.0.0.1:8000/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

bench: $(STAMP)
	$(BIN)/python -m gigsim.bench
	$(BIN)/python -m gigsim.classroom.bench

clean:
	rm -rf _build $(VENV) .pytest_cache src/*.egg-info
