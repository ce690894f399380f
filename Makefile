# The two set-up commands: `make site` and `make test`. Both make .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test validate serve bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The Nu HTML Checker for the site tests (tests/site): npm's vnu-jar, pinned, into .cache/tools
# (gitignored). Its jar ships in the package; --ignore-scripts skips its Java downloader.
VNU_VERSION := 26.9.27
VNU := .cache/tools/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU):
	npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
	  --prefix .cache/tools "vnu-jar@$(VNU_VERSION)" >/dev/null

site: $(STAMP)
	$(BIN)/cofund build .

validate: $(STAMP)
	$(BIN)/cofund validate .

serve: $(STAMP)
	$(BIN)/mkdocs serve

test: $(STAMP) $(VNU)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) public .cache
