"""La machinerie du livre : pages, exécution, construction, carnets, sorties, crochets MkDocs.

Seule partie de ``dlcourse`` qui connaît ``docs/``, ``snippets/`` et
``mkdocs.yml``. Décrite dans le guide du contributeur
(``docs/contribuer/index.md``).
"""
