"""Japanese site search for both engines (MAINTAINERS.md「エンジン」).

- `index`    tunes the built index from scripts/data/search_synonyms.yml (`hook` runs it for MkDocs;
             scripts/build_site.py after a Zensical build); `tinyseg` is Material's segmenter in Python
- `labels`   Japanese labels for Zensical's search dialog (scripts/data/zensical_ui_ja.yml)
- `harness.cjs` runs a build's search worker in Node; `recall` measures recall@3 through it or
             through the search box in Chromium (it builds sites: a tool above build_site)
"""
