"""The official-URL checker: `python -m scripts.urlcheck --help` (module layout in __main__.py)."""
