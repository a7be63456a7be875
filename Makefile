# Two commands set everything up: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test validate serve bench clean system-deps

# Fonts for the PDFs (Latin, Cyrillic, Arabic script with Pashto and Urdu letters, Korean, Han) come
# from Debian; installed once when missing (as root), never downloaded at run time.
FONT_PACKAGES := fonts-noto-core fonts-nanum fonts-noto-cjk
system-deps:
	@if fc-list : family | grep -q NanumGothic && fc-list : family | grep -q "Noto Naskh Arabic" \
	    && fc-list : family | grep -q "Noto Sans CJK SC"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing fonts for the PDF briefings: $(FONT_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(FONT_PACKAGES) >/dev/null; \
	else echo "Please install the Debian packages $(FONT_PACKAGES) (fonts for the PDFs)"; exit 1; fi

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# `make site AS_OF=2020-12-31`: the briefing as the sources stood that day, into site-as-of-2020-12-31/
site: $(STAMP) system-deps
	$(BIN)/briefbook build $(if $(AS_OF),--as-of $(AS_OF) --site-dir site-as-of-$(AS_OF))

validate: $(STAMP)
	$(BIN)/briefbook validate

serve: $(STAMP)
	$(BIN)/briefbook serve

# Hugo (Debian's) is the speed reference; installed when missing and we run as root.
bench: $(STAMP) system-deps
	@if command -v hugo >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing hugo (the benchmark's speed reference)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hugo >/dev/null; \
	else echo "hugo is not installed: the benchmark runs without the Hugo comparison"; fi
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	$(BIN)/python bench/run.py --sizes 100,1000,10000

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) .pytest_cache
