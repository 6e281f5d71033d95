"""TinySegmenter (Taku Kudo, 2008, new BSD licence) in Python, reading its model from the installed
Material's `lunr/tinyseg.js` (what the browser runs): build-time words are the browser's words.

    >>> TinySegmenter().segment("注文番号がわからない")   # doctest: +SKIP
    ['注文', '番号', 'が', 'わから', 'ない']
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

# Character types, first match wins: numerals in kanji, kanji, hiragana, katakana, Latin, digits.
_CHARTYPES = [(re.compile(p), t) for p, t in (("[一二三四五六七八九十百千万億兆]", "M"), ("[一-龠々〆ヵヶ]", "H"),
              ("[ぁ-ん]", "I"), ("[ァ-ヴーｱ-ﾝﾞｰ]", "K"), ("[a-zA-Zａ-ｚＡ-Ｚ]", "A"), ("[0-9０-９]", "N"))]
# The model's features: table name and the context it is looked up with. In the context,
# p1-p3 are the last three decisions (B: a word began, O: it did not, U: unknown), w1-w6 the
# characters around the candidate boundary (between w3 and w4) and c1-c6 their types.
FEATURES = [f.split(":") for f in (
    "UP1:p1 UP2:p2 UP3:p3 BP1:p1p2 BP2:p2p3 UW1:w1 UW2:w2 UW3:w3 UW4:w4 UW5:w5 UW6:w6 BW1:w2w3 BW2:w3w4 "
    "BW3:w4w5 TW1:w1w2w3 TW2:w2w3w4 TW3:w3w4w5 TW4:w4w5w6 UC1:c1 UC2:c2 UC3:c3 UC4:c4 UC5:c5 UC6:c6 "
    "BC1:c2c3 BC2:c3c4 BC3:c4c5 TC1:c1c2c3 TC2:c2c3c4 TC3:c3c4c5 TC4:c4c5c6 UQ1:p1c1 UQ2:p2c2 UQ3:p3c3 "
    "BQ1:p2c2c3 BQ2:p2c3c4 BQ3:p3c2c3 BQ4:p3c3c4 TQ1:p2c1c2c3 TQ2:p2c2c3c4 TQ3:p3c1c2c3 TQ4:p3c2c3c4").split()]


def model_path() -> Path:
    import material

    return Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "tinyseg.js"


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict[str, object]:
    """Read `this.NAME__ = {...};` / `this.BIAS__ = -332` assignments from tinyseg.js."""
    source = Path(path or model_path()).read_text(encoding="utf-8")
    assignments = re.findall(r"this\.([A-Z0-9]+)__\s*=\s*(\{[^}]*\}|-?\d+)", source)
    model = {name: json.loads(value) for name, value in assignments}
    if "BIAS" not in model or "UW4" not in model:
        raise RuntimeError(f"could not read the TinySegmenter model from {path or model_path()}")
    return model


def ctype(ch: str) -> str:
    return next((kind for pattern, kind in _CHARTYPES if pattern.search(ch)), "O")


class TinySegmenter:
    """Port of TinySegmenter.prototype.segment from Material's tinyseg.js."""

    def __init__(self, path: str | None = None) -> None:
        model = load_model(path)
        self.bias = int(model["BIAS"])  # type: ignore[arg-type]
        slot = {k: i for i, k in enumerate("p1 p2 p3 w1 w2 w3 w4 w5 w6 c1 c2 c3 c4 c5 c6".split())}
        # Each feature as (its table, a getter of the context it joins).
        self.features = [(model.get(name, {}), itemgetter(*(slot[keys[i:i + 2]] for i in range(0, len(keys), 2))))
                         for name, keys in FEATURES]

    def segment(self, text: str) -> list[str]:
        if not text:
            return []
        chars = ["B3", "B2", "B1", *text, "E1", "E2", "E3"]
        types = ["O", "O", "O", *map(ctype, text), "O", "O", "O"]
        result, word = [], chars[3]
        p = ["U", "U", "U"]
        for i in range(4, len(chars) - 3):
            context = p + chars[i - 3:i + 3] + types[i - 3:i + 3]
            score = self.bias + sum(table.get("".join(get(context)), 0) for table, get in self.features)
            if score > 0:
                result.append(word)
                word = ""
            p = [p[1], p[2], "B" if score > 0 else "O"]
            word += chars[i]
        result.append(word)
        return result
