# Two commands do everything on a fresh clone: `make serve` (preview) and `make test` (every test).
# `make` alone, or `make help`, lists every target. README.md explains the fast loop.
# ENGINE=zensical builds or serves with Zensical instead of MkDocs + Material (README「エンジン」).

PYTHON ?= python3
ENGINE ?= mkdocs
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
ARGS   ?=
FILES  ?=
URL    ?=
QUOTE  ?=
OLD    ?=
NEW    ?=
# Material for MkDocs 9.8 prints its end-of-life notice (support ends May 2027, Zensical is the
# successor) on every mkdocs run; this hides that banner and nothing else (README「知っておくこと」).
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# The venv and node_modules install side by side (about 12 s less on a fresh clone); each
# recipe is still one command run to its end.
MAKEFLAGS += --jobs=2

.DEFAULT_GOAL := help
.PHONY: help serve build test lint lint-all cite check-links bench lock clean

help: ## list the targets (this text)
	@echo "usage: make TARGET [VAR=value]"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The venv is rebuilt whenever the lock changes.
$(BIN)/.installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Lighthouse is for `make bench` only: its own pinned package-lock.json, never installed by make test.
scripts/browser/lighthouse/node_modules/.installed: scripts/browser/lighthouse/package-lock.json
	npm ci --prefix scripts/browser/lighthouse --no-audit --no-fund --loglevel=error
	@touch $@

serve: $(BIN)/.installed ## preview with live reload on http://127.0.0.1:8000 (HOST=0.0.0.0 PORT=8001, ENGINE=zensical; see README)
	@$(BIN)/python -m scripts.serve --host $(HOST) --port $(PORT) --engine $(ENGINE)

build: $(BIN)/.installed ## strict build into site/ (broken links, anchors, /// blocks fail; ENGINE=zensical for Zensical)
	$(BIN)/python -m scripts.build_site --engine $(ENGINE)

test: $(BIN)/.installed node_modules/.installed ## every test, linters' own tests included (ARGS="-k prh -x" goes to pytest)
	$(BIN)/python -m pytest $(ARGS)

lint: $(BIN)/.installed node_modules/.installed ## fast page checks on changed pages, one line per mistake (FILES="docs/faq.md" to choose)
	@$(BIN)/python -m scripts.lint.pages $(FILES)

lint-all: $(BIN)/.installed node_modules/.installed ## the same checks on every page and the workflows (what CI runs)
	@$(BIN)/python -m scripts.lint.pages --all

cite: $(BIN)/.installed ## add a citation: URL=https://… QUOTE='公式ページの文' (prints the footnote); OLD='…' NEW='…' updates a changed quote
	@$(BIN)/python -m scripts.cite "$(URL)" $(if $(OLD),--replace "$(OLD)" "$(NEW)","$(QUOTE)")

check-links: $(BIN)/.installed ## check the cited official URLs live (needs the internet): report.md, report.json
	$(BIN)/python -m scripts.urlcheck --markdown report.md --json report.json

bench: $(BIN)/.installed scripts/browser/lighthouse/node_modules/.installed ## build time, first-load bytes and Lighthouse against scripts/data/budgets.yml
	$(BIN)/python -m scripts.browser.bench

# pip-compile writes no --index-url / --find-links lines, so the lock names no machine's paths.
# pip-tools itself is pinned with hashes too (requirements-pip-tools.txt).
lock: $(BIN)/.installed ## regenerate requirements.lock from pyproject.toml (needs the package index)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-pip-tools.txt
	$(BIN)/pip-compile --quiet --generate-hashes --all-extras --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean: ## remove build output and reports (site/, .cache/, report.*)
	rm -rf site .cache report.md report.json *.egg-info build
