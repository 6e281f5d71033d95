"""Japanese site search for both engines (MAINTAINERS.md「エンジン」): `index` tunes the built index
(`hook` runs it for MkDocs), `labels` localizes Zensical's dialog, `recall` measures recall@3 in Node
(`harness.cjs`) or Chromium; `tinyseg` is Material's segmenter in Python."""
