# Two commands do all set-up on a fresh machine: `make html` and `make test`.
PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SPHINXBUILD := $(BIN)/sphinx-build
SOURCEDIR   := .
BUILDDIR    := _build
SPHINXOPTS  ?=

.PHONY: html strict test clean venv schema livehtml mutation bench bench-smoke bench-check bench-import publish send browser screenshots spec locale bench-sample axe

# The venv is rebuilt whenever pyproject.toml changes. `make html` installs what the site needs (the
# extension and the site's extensions); tests, preview, publishing and benchmarks add their extras.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[site]"
	rm -f $(VENV)/.installed-*
	touch $@

$(VENV)/.installed-%: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[site,$*]"
	touch $@

venv: $(VENV)/.installed

html: venv
	$(SPHINXBUILD) -b html $(SPHINXOPTS) $(SOURCEDIR) $(BUILDDIR)/html

# Live preview while writing: rebuilds on save and reloads the browser (drafts are listed).
LIVEHOST ?= 127.0.0.1
LIVEPORT ?= 8000
livehtml: $(VENV)/.installed-preview
	$(BIN)/sphinx-autobuild --host $(LIVEHOST) --port $(LIVEPORT) -D newsletter_show_drafts=1 \
		--ignore "*/editions/*" --ignore "*/tags/*" --ignore "*/authors/*" --ignore "*/events/*" \
		$(SOURCEDIR) $(BUILDDIR)/preview

# The CI build: every warning is an error, all of them reported.
strict: venv
	$(SPHINXBUILD) -b html -W --keep-going -E $(SPHINXOPTS) $(SOURCEDIR) $(BUILDDIR)/strict

# Browser tests drive Debian's chromium with playwright; install it when missing (root, apt).
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing Debian's chromium for the browser tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core \
				>/dev/null) || echo "chromium could not be installed: browser tests will be skipped"; \
		else echo "chromium is missing and this user cannot install it: browser tests will be skipped"; fi; \
	fi

# axe-core, for the accessibility tests in the browser: the npm package's built script.
AXE := .cache/axe-core/axe.min.js
$(AXE):
	@mkdir -p .cache/axe-pack
	@if command -v npm >/dev/null; then \
		(cd .cache/axe-pack && npm pack --silent axe-core@4 >/dev/null && tar -xzf axe-core-*.tgz && \
		 rm -rf ../axe-core && mv package ../axe-core && rm -f axe-core-*.tgz) \
		|| echo "axe-core could not be fetched: the accessibility tests will be skipped"; \
	else echo "npm is missing: the accessibility tests will be skipped"; fi
axe: $(AXE)

# The CommonMark spec examples, for the fidelity suite: the spec's public test data as the
# markdown-it-py project ships it in its source distribution (the version installed in the venv).
SPEC := .cache/commonmark.json
$(SPEC): $(VENV)/.installed
	mkdir -p .cache/spec
	version=$$($(BIN)/python -c "import markdown_it; print(markdown_it.__version__)"); \
	$(BIN)/python -m pip download --quiet --no-deps --no-binary :all: "markdown-it-py==$$version" -d .cache/spec && \
	tar -xzf .cache/spec/markdown_it_py-$$version.tar.gz -C .cache/spec \
		"markdown_it_py-$$version/tests/test_cmark_spec/commonmark.json" && \
	cp ".cache/spec/markdown_it_py-$$version/tests/test_cmark_spec/commonmark.json" $@

spec: $(SPEC)

# One test process more than the machine has cores: the browser tests, Pagefind and the offline editions leave a
# core waiting on another process, which the extra one fills (two cores, twenty-second session: 139 s with two, 133 s with three, 152 s with four)
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

test: $(VENV)/.installed-test $(VENV)/.installed-preview browser $(SPEC) $(AXE)
	$(BIN)/ruff check src tests benchmarks conf.py
	$(BIN)/mypy
	CHROMIUM=$(CHROMIUM) COMMONMARK_SPEC=$(SPEC) AXE_CORE=$(AXE) $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not bench"

# Screenshots for the README (front page and an edition page, light and dark) into docs/.
screenshots: $(VENV)/.installed-test browser
	NEWSLETTER_SCREENSHOTS=docs CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests/test_browser.py -k screenshots

# Publish a closed cycle's edition: make publish CYCLE=essex -> _build/publish/essex/ and published/essex.json
# Mutation testing (not part of make test): mutmut changes the safety policy, the models, the feedback gate, the
# settings, publishing and the importer one small change at a time and runs the verdict tests that pin them
# (pyproject.toml, [tool.mutmut]); tests/mutation_score.py writes MUTATION.md and fails below 90 %
# or on a surviving mutant it does not list as equivalent.
mutation: $(VENV)/.installed-test $(VENV)/.installed-mutation
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/python tests/mutation_score.py

publish: $(VENV)/.installed-publish
	@test -n "$(CYCLE)" || { echo "usage: make publish CYCLE=<cycle name>"; exit 2; }
	$(BIN)/newsletter publish $(CYCLE)

# Post a published edition's issue to its list: make send CYCLE=essex [TO=me@example.org] (the server
# from NEWSLETTER_SMTP_HOST, _PORT, _USER, _PASSWORD and _SECURITY in the environment).
send: $(VENV)/.installed-publish
	@test -n "$(CYCLE)" || { echo "usage: make send CYCLE=<cycle name> [TO=<test address>]"; exit 2; }
	$(BIN)/newsletter send $(CYCLE) $(if $(TO),--to $(TO))

# The extension's message catalogue: extract the words (.pot), merge them into each language's .po
# (translate the new ones there), compile the .mo files that are shipped. A test keeps all three in step.
LOCALE := src/sphinx_newsletter/locale
locale: venv
	$(BIN)/pybabel extract -F $(LOCALE)/babel.cfg -k _ -k ngettext:1,2 -k N_ --no-location --omit-header \
		--sort-output -o $(LOCALE)/sphinx_newsletter.pot src/sphinx_newsletter
	$(BIN)/pybabel update -i $(LOCALE)/sphinx_newsletter.pot -d $(LOCALE) -D sphinx_newsletter
	$(BIN)/pybabel compile -d $(LOCALE) -D sphinx_newsletter

# JSON Schemas for editors, generated from the validator (a test keeps them in sync).
schema: venv
	mkdir -p schema
	$(BIN)/newsletter schema report-front-matter > schema/report-front-matter.schema.json
	$(BIN)/newsletter schema feedback > schema/feedback.schema.json

# Build benchmark against plain Sphinx and ABlog: BENCHMARKS.md (tables, then the hand-written
# benchmarks/notes.md) and docs/benchmark.png.
# BENCH_SIZES="100 1000" for a shorter run; BENCH_FLAGS=--huge adds 10,000 reports.
# BENCH_BASELINE=<git revision> also builds with the extension at that revision, to measure a change's cost.
BENCH_SIZES ?= 100 1000 5000
BENCH_BASELINE ?=
bench: $(VENV)/.installed-bench $(VENV)/.installed-test $(VENV)/.installed-publish browser bench-smoke
	$(BIN)/python benchmarks/bench.py --sizes $(BENCH_SIZES) $(BENCH_FLAGS) $(if $(BENCH_BASELINE),--baseline $(BENCH_BASELINE)) \
		--out BENCHMARKS.md --plot docs/benchmark.png
	$(BIN)/python benchmarks/check.py --sizes $(BENCH_SIZES) --append BENCHMARKS.md
	$(BIN)/python benchmarks/wordpress.py --posts 1000 --comments 10000 --append BENCHMARKS.md
	CHROMIUM=$(CHROMIUM) $(BIN)/python benchmarks/search.py --sizes 1000 10000 --append BENCHMARKS.md
	cat benchmarks/notes.md >> BENCHMARKS.md

# The sample site itself with 1,000 generated reports: full build and no-op rebuild, in a venv of
# its own that holds what `make html` installs and nothing more (the shared .venv may have the
# benchmark extra, whose matplotlib makes sphinxext-opengraph load its social-card code).
SITE_VENV := .cache/venv-site
$(SITE_VENV)/.installed: pyproject.toml
	python3 -m venv $(SITE_VENV)
	$(SITE_VENV)/bin/python -m pip install --quiet -e ".[site]"
	touch $@
bench-sample: $(SITE_VENV)/.installed
	$(SITE_VENV)/bin/python benchmarks/sample_site.py --reports 1000 --runs 5

# The benchmark scripts on tiny corpora (their harness, tables and target lines), before any long run;
# not part of `make test`, which they would slow by half a minute.
bench-smoke: $(VENV)/.installed-bench $(VENV)/.installed-test
	$(BIN)/python -m pytest -m bench -q tests/test_benchmarks.py

# How fast `newsletter check` is on generated corpora (figures go into BENCHMARKS.md).
bench-check: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/check.py --sizes 100 1000 5000

# How fast `newsletter import wordpress` brings in a generated blog of 1,000 posts and 10,000 comments.
bench-import: $(VENV)/.installed-test
	$(BIN)/python benchmarks/wordpress.py --posts 1000 --comments 10000

clean:
	rm -rf $(BUILDDIR) editions tags authors events mutants
