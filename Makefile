# Two commands do all set-up on a fresh machine: `make html` and `make test`.
PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SPHINXBUILD := $(BIN)/sphinx-build
SOURCEDIR   := .
BUILDDIR    := _build
SPHINXOPTS  ?=

.PHONY: html strict test clean venv

# The venv is rebuilt whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

venv: $(VENV)/.installed

html: venv
	$(SPHINXBUILD) -b html $(SPHINXOPTS) $(SOURCEDIR) $(BUILDDIR)/html

# The CI build: every warning is an error, all of them reported.
strict: venv
	$(SPHINXBUILD) -b html -W --keep-going -E $(SPHINXOPTS) $(SOURCEDIR) $(BUILDDIR)/strict

test: venv
	$(BIN)/python -m pytest

clean:
	rm -rf $(BUILDDIR) editions tags authors events
