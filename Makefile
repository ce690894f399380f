# The two set-up commands: `make site` and `make test`. Both make .venv on first use, from the
# locked, hashed requirements in requirements/ (`make lock` refreshes them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: site test test-tools system-tools lint lock package-data validate serve bench clean translations

# Installed again whenever the lock or the project's metadata changes.
$(STAMP): requirements/dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/dev.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/cofund build .

validate: $(STAMP)
	$(BIN)/cofund validate .

serve: $(STAMP)
	$(BIN)/mkdocs serve

# ruff and mypy --strict first (a minute at most), then every test.
test: $(STAMP) test-tools lint
	$(BIN)/python -m pytest

# Type check and lint: mypy --strict on the package, ruff on everything (both always run).
lint: $(STAMP)
	@status=0; $(BIN)/ruff check . || status=1; $(BIN)/mypy || status=1; exit $$status

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# What the site tests need from the system: Chromium (the browser tests), Java (runs the Nu
# HTML Checker) and npm (fetches it). Run as root with apt-get, make installs what is missing;
# otherwise it stops at once with the command that does.
TEST_PACKAGES := chromium:chromium java:default-jre-headless npm:npm

system-tools:
	@missing=""; \
	for pair in $(TEST_PACKAGES); do \
	  command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make test: installing$$missing with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing </dev/null >/dev/null; \
	else \
	  echo "make test needs$$missing; install with: sudo apt-get install -y$$missing" >&2; exit 1; \
	fi

# The Nu HTML Checker: npm's vnu-jar, pinned, into .cache/tools (gitignored). Its jar ships in
# the package; --ignore-scripts skips its Java downloader.
VNU_VERSION := 26.9.27
VNU := .cache/tools/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU): | system-tools
	npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
	  --prefix .cache/tools "vnu-jar@$(VNU_VERSION)" >/dev/null

test-tools: system-tools $(VNU)

# The lock: hashed pip requirements for Python 3.11 on Linux, compiled by uv from
# pyproject.toml and requirements/*.in, every package at its newest allowed version.
# dev.txt is constrained by run.txt, so the runtime packages are the same in both.
LOCK_NOTE := \# For Python 3.11 on Linux. Hashed pip requirements rather than uv.lock: plain pip on any runner installs them, no uv needed in the workflows.
UV_COMPILE := $(BIN)/uv pip compile --quiet --upgrade --generate-hashes --python-version 3.11 \
  --python-platform linux --custom-compile-command "make lock"

lock: $(STAMP)
	$(UV_COMPILE) pyproject.toml requirements/build.in -o requirements/run.txt
	$(UV_COMPILE) pyproject.toml --extra test requirements/dev.in -c requirements/run.txt -o requirements/dev.txt
	for lock in requirements/run.txt requirements/dev.txt; do \
	  { echo '$(LOCK_NOTE)'; cat "$$lock"; } > "$$lock.new" && mv "$$lock.new" "$$lock"; \
	done

# The schemas and issue forms the installed package reads are copies of the published ones in
# schemas/ and .github/ISSUE_TEMPLATE/ (tests/resources checks they are the same).
FORMS := $(filter-out %/config.yml,$(wildcard .github/ISSUE_TEMPLATE/*.yml))

package-data:
	rm -rf generator/cofund/data/schemas generator/cofund/data/issue_forms
	mkdir -p generator/cofund/data/schemas generator/cofund/data/issue_forms
	cp schemas/*.schema.json generator/cofund/data/schemas/
	cp $(FORMS) generator/cofund/data/issue_forms/

clean:
	rm -rf $(VENV) public .cache

# The translations: extract every message (babel.cfg) into the template catalogue, then
# update the Welsh catalogue from it (new messages arrive untranslated; translate them in
# generator/cofund/locale/cy/LC_MESSAGES/cofund.po). The build compiles the .po itself.
LOCALE := generator/cofund/locale
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NN_:1,2 -k NP_:1c,2 -k pgettext:1c,2 \
	  --no-location --sort-output --omit-header --project cofund -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -D cofund -i $(LOCALE)/messages.pot -d $(LOCALE) -l cy --no-fuzzy-matching \
	  --ignore-obsolete
