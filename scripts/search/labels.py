"""Japanese labels for Zensical's search dialog, whose bundle is English whatever theme.language says.

After a Zensical build, scripts/build_site.py calls localize_search_ui: each exact `en` piece of
scripts/data/zensical_ui_ja.yml is replaced, as JSON-quoted plain text. A missing piece (Zensical
changed) or a `ja` value that could end the string or start code stops the build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from scripts import DATA
from scripts.safe_yaml import load as load_yaml

UI_LABELS_FILE = DATA / "zensical_ui_ja.yml"
_LABEL_BAD = re.compile(r'["\\`<>\x00-\x1f\x7f\u2028\u2029]')
_LAST_STRING = re.compile(r'"(?:[^"\\]|\\.)*"(?!.*")', re.DOTALL)


class LabelError(ValueError):
    """A label the bundle lacks, or a Japanese label that is not plain text."""


def js_string(text: str) -> str:
    """`text` as one JavaScript string literal (JSON-quoted: quotes and backslashes escaped)."""
    return json.dumps(text, ensure_ascii=False)


def label_replacement(en: str, ja) -> str:
    """The JavaScript that replaces the bundle piece `en`: its last string becomes `ja`, JSON-quoted; a
    count (`en` a template literal formatting a number) becomes "before" + number + "after" `{count}`."""
    if not isinstance(ja, str) or not ja or _LABEL_BAD.search(ja):
        raise LabelError(f"{UI_LABELS_FILE.name}: the label for {en!r} must be plain text "
                         f"(no quotes, backslashes, backticks, < > or control characters), got {ja!r}")
    if en.startswith("`"):
        var = re.search(r"\.format\((\w+)\)", en)
        if not var or ja.count("{count}") != 1:
            raise LabelError(f"{UI_LABELS_FILE.name}: {en!r} needs a label with one {{count}}, got {ja!r}")
        before, after = ja.split("{count}")
        return f'({js_string(before)}+new Intl.NumberFormat("ja-JP").format({var.group(1)})+{js_string(after)})'
    last = _LAST_STRING.search(en)
    if "{count}" in ja or not last:
        raise LabelError(f"{UI_LABELS_FILE.name}: {en!r} holds no string to replace with {ja!r}")
    return en[:last.start()] + js_string(ja) + en[last.end():]


def load_labels(path: Path = UI_LABELS_FILE) -> list[dict]:
    """The data file's labels: [{"en": piece of the bundle, "ja": label}, ...]."""
    return load_yaml(path.read_text(encoding="utf-8"))["labels"]


def localize_search_ui(site: Path, labels_file: Path = UI_LABELS_FILE) -> int:
    """Replace the English labels in the Zensical bundle of the built `site`; return how many."""
    labels = load_labels(labels_file)
    bundles = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise LabelError(f"expected one Zensical bundle in {site}/assets/javascripts, found {len(bundles)}")
    source = bundles[0].read_text(encoding="utf-8")
    if missing := [label["en"] for label in labels if label["en"] not in source]:
        raise LabelError(f"{labels_file.name}: not in {bundles[0].name} (Zensical changed?): {missing}")
    for en, js in [(label["en"], label_replacement(label["en"], label["ja"])) for label in labels]:
        source = source.replace(en, js)
    bundles[0].write_text(source, encoding="utf-8")
    return len(labels)
