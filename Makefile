# Two commands do everything on a fresh clone:
#   make serve   - create .venv from requirements.lock if needed, then serve on http://127.0.0.1:8000 (redirects to /norton/, the path of site_url)
#   make test    - same set-up (plus npm ci for the prose/workflow linters), then every test
# Other targets: build, check-links (live, needs the internet), bench, lint, lock, clean.
# ENGINE=zensical builds or serves with Zensical instead of MkDocs + Material (README「エンジン」).

PYTHON ?= python3
ENGINE ?= mkdocs
VENV   := .venv
BIN    := $(VENV)/bin
# Material 9.8 prints an end-of-life banner on every run; keep the output readable.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test check-links bench lint lock clean

# The venv is rebuilt whenever the lock changes.
$(BIN)/.installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

serve: $(BIN)/.installed
ifeq ($(ENGINE),zensical)
	$(BIN)/zensical serve --dev-addr 127.0.0.1:8000
else
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload
endif

build: $(BIN)/.installed
	$(BIN)/python -m scripts.build_site --engine $(ENGINE)

test: $(BIN)/.installed node_modules/.installed
	$(BIN)/python -m pytest

lint: $(BIN)/.installed node_modules/.installed
	$(BIN)/python -m pytest -m lint

check-links: $(BIN)/.installed
	$(BIN)/python -m scripts.urlcheck --markdown report.md --json report.json

bench: $(BIN)/.installed node_modules/.installed
	$(BIN)/python -m scripts.browser.bench

# Regenerate requirements.lock from pyproject.toml (needs the package index).
lock: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --generate-hashes --all-extras --strip-extras --allow-unsafe -o requirements.lock pyproject.toml

clean:
	rm -rf site .cache report.md report.json
