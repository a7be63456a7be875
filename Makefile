# Two commands set everything up: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test validate serve bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/briefbook build

validate: $(STAMP)
	$(BIN)/briefbook validate

serve: $(STAMP)
	$(BIN)/briefbook serve

bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes 100,1000

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) .pytest_cache
