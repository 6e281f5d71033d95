"""Japanese site search for both engines (MAINTAINERS.md「エンジン」): `index` tunes the built index
after either engine's build, `labels` localizes Zensical's dialog, `recall` measures recall@3 in Node
(`harness.cjs`) or Chromium; `tinyseg` is Material's segmenter in Python."""
