# Les commandes du livre. `make serve` et `make test` installent tout ce qu'il faut
# (une seule fois, dans .venv) avant de servir le site ou de lancer les tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLE := $(VENV)/.installe

.PHONY: install serve test figures build bench lint liens pdf paquet verrou

# Les tests du site dans le navigateur (tests/navigateur) demandent Chromium
# (paquet Debian, installé par apt-get s'il manque : il faut être root) et
# axe-core (registre npm, dans node_modules/).
CHROMIUM := /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js

install: $(INSTALLE) $(CHROMIUM) $(AXE)

# Sur Linux x86_64, les paquets épinglés ($(VERROU)) s'installent d'abord en deux
# moitiés à la fois, une par cœur : PyTorch, triton et CUDA (LOURDS), puis le reste.
# Ce n'est qu'un raccourci : si une moitié échoue, ou ailleurs que sur Linux x86_64,
# `pip install -e ".[dev]"` installe tout ce qui manque, comme il vérifie le reste.
VERROU := installation/verrou-linux-x86_64.txt
LOURDS := ^(torch|torchvision|triton|nvidia-|cuda-)

$(INSTALLE): pyproject.toml $(VERROU)
	$(PYTHON) -m venv $(VENV)
	@if [ "$$(uname -sm)" = "Linux x86_64" ]; then \
	  echo "Installation des paquets épinglés ($(VERROU)), deux moitiés à la fois…"; \
	  grep -E '$(LOURDS)' $(VERROU) > $(VENV)/moitie-lourde.txt; \
	  grep -vE '$(LOURDS)' $(VERROU) > $(VENV)/moitie-legere.txt; \
	  $(PY) -m pip install -q --no-deps -r $(VENV)/moitie-lourde.txt & lourde=$$!; \
	  $(PY) -m pip install -q --no-deps -r $(VENV)/moitie-legere.txt \
	    || echo "Attention : moitié légère incomplète ; pip install la complète ci-dessous."; \
	  wait $$lourde \
	    || echo "Attention : moitié lourde incomplète ; pip install la complète ci-dessous."; \
	fi
	$(PY) -m pip install -e ".[dev]"
	touch $(INSTALLE)

# Réécrit $(VERROU) d'après .venv, après un changement des dépendances de pyproject.toml.
verrou: install
	{ sed -n '/^#/p' $(VERROU); $(PY) -m pip freeze --all --exclude-editable --exclude pip; } > $(VERROU).nouveau
	mv $(VERROU).nouveau $(VERROU)

# Sans les droits de root (ou sans npm), on prévient au lieu d'échouer :
# `make serve` marche sans eux, seuls les tests du navigateur les demandent.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else echo "Attention : $(CHROMIUM) manque ; installez le paquet chromium (en root) pour les tests du navigateur."; fi

$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $(AXE); \
	else echo "Attention : npm manque ; axe-core (tests du navigateur) n'est pas installé."; fi

serve: install
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

test: install
	$(PY) -m pytest

figures: install
	$(PY) -m dlcourse.machinerie.figures

build: install
	$(VENV)/bin/mkdocs build --strict

# Les deux éditions PDF (Keras, PyTorch), tirées du site construit par Chromium,
# dans site/pdf/ ; la page d'accueil du site les lie alors. Durée et tailles
# (budgets : 3 min, 25 Mo par PDF) dans benchmarks/resultats.json.
pdf: build
	$(PY) -m dlcourse.machinerie.edition_pdf --site site --les-deux --mesure benchmarks/resultats.json

# Le livre à emporter : build/deep-learning-hors-ligne.zip (le site avec ses PDF,
# tous les carnets, les échantillons de données, requirements.txt, LISEZMOI.txt).
paquet: pdf
	$(PY) -m dlcourse.machinerie.paquet --site site --sortie build/deep-learning-hors-ligne.zip --mesure benchmarks/resultats.json

bench: install
	$(PY) benchmarks/mesurer.py --suite

lint: install
	$(VENV)/bin/ruff check dlcourse snippets tests benchmarks

# Les liens externes des pages (hors de la suite de tests : il faut Internet).
liens: install
	$(PY) -m dlcourse.machinerie.liens docs
