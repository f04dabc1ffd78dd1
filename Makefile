# Les commandes du livre. `make serve` et `make test` installent tout ce qu'il faut
# (une seule fois, dans .venv) avant de servir le site ou de lancer les tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLE := $(VENV)/.installe

.PHONY: install serve test figures build bench lint

install: $(INSTALLE)

$(INSTALLE): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -e ".[dev]"
	touch $(INSTALLE)

serve: install
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

test: install
	$(PY) -m pytest

figures: install
	$(PY) -m dlcourse.figures

build: install
	$(VENV)/bin/mkdocs build --strict

bench: install
	$(PY) benchmarks/mesurer.py

lint: install
	$(VENV)/bin/ruff check dlcourse snippets tests benchmarks
