"""Zensical's search dialog in Japanese (scripts/search/labels.py): every English label of the bundle is
replaced; a label the bundle lacks or a Japanese label that is not plain text stops the build with the
bundle untouched (issue 19: a label is text, never code); what goes in is one JSON string (run in Node).
"""

from __future__ import annotations

import json
import re
import subprocess
from contextlib import nullcontext

import pytest

from scripts.search.labels import LabelError, js_string, label_replacement, load_labels, localize_search_ui

SEARCH = 'placeholder:"Search"'
COUNT = '`${new Intl.NumberFormat("en-US").format(i)} ${i===1?"result":"results"}`'
HOSTILE = '検索",onFocus:()=>{location="https://evil.example/"},x:"'


def test_search_dialog_labels_are_japanese_in_the_built_bundle(zensical_site):
    bundle = next((zensical_site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    for label in load_labels():
        assert label["en"] not in bundle, f"still English: {label['en']}"
        assert label_replacement(label["en"], label["ja"]) in bundle
        assert re.search(r"[ぁ-んァ-ヶ一-鿿]", label["ja"]), f"not Japanese: {label['ja']}"


@pytest.mark.parametrize("labels, error", [
    ([{"en": SEARCH, "ja": "検索"}], None),
    ([{"en": SEARCH, "ja": "検索"}, {"en": '"No results"', "ja": "何も見つかりませんでした"}], "No results"),
    ([{"en": SEARCH, "ja": HOSTILE}], "plain text"),
])
def test_the_bundle_gets_every_label_or_none(tmp_path, labels, error):
    bundle = tmp_path / "assets" / "javascripts" / "bundle.0000.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("x={" + SEARCH + "};", encoding="utf-8")
    (tmp_path / "labels.yml").write_text(json.dumps({"labels": labels}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LabelError, match=error) if error else nullcontext():
        assert localize_search_ui(tmp_path, tmp_path / "labels.yml") == 1
    assert bundle.read_text(encoding="utf-8") == ("x={" + SEARCH + "};" if error else 'x={placeholder:"検索"};')


@pytest.mark.parametrize("en, ja", [(SEARCH, bad) for bad in ("検索\\", "検索`${x}`", "<b>検索</b>", "検索\n", "", None)]
                         + [(COUNT, "件見つかりました"), (SEARCH, "{count}件"), ("placeholder:Search", "検索")])
def test_a_label_that_is_not_plain_text_or_does_not_fit_is_refused(en, ja):
    with pytest.raises(LabelError):
        label_replacement(en, ja)


def test_labels_go_in_as_one_json_string():
    """Even a value the refusal would let through stays one string: the quoted hostile label, run by
    Node, is an object with the one key `placeholder` whose value is the label, character for character."""
    label = HOSTILE + "\\\u2028`${x}`</script>"
    assert label_replacement(SEARCH, "検索") == 'placeholder:"検索"'
    count = label_replacement(COUNT, "{count}件見つかりました")
    script = (f"const i=1234; const o={{placeholder:{js_string(label)}}};"
              f"console.log(JSON.stringify([Object.keys(o), o.placeholder, {count}]));")
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    assert json.loads(out.stdout) == [["placeholder"], label, "1,234件見つかりました"]
