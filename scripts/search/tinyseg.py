"""TinySegmenter (Taku Kudo, 2008, new BSD licence) in Python, using the model that Material ships.

Material for MkDocs loads `assets/javascripts/lunr/tinyseg.js` in the browser to split Japanese text
into words for its Japanese search. This module reads the model weights from that same file in the
installed `material` package, so the build-time segmentation here is the browser's segmentation, with
no copy of the model in this repository and no extra dependency.

    >>> from tinyseg import TinySegmenter
    >>> TinySegmenter().segment("注文番号がわからない")   # doctest: +SKIP
    ['注文', '番号', 'が', 'わから', 'ない']
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_CHARTYPES = [
    (re.compile("[一二三四五六七八九十百千万億兆]"), "M"),
    (re.compile("[一-龠々〆ヵヶ]"), "H"),
    (re.compile("[ぁ-ん]"), "I"),
    (re.compile("[ァ-ヴーｱ-ﾝﾞｰ]"), "K"),
    (re.compile("[a-zA-Zａ-ｚＡ-Ｚ]"), "A"),
    (re.compile("[0-9０-９]"), "N"),
]


def model_path() -> Path:
    import material

    return Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "tinyseg.js"


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict[str, object]:
    """Read `this.NAME__ = {...};` / `this.BIAS__ = -332` assignments from tinyseg.js."""
    source = Path(path or model_path()).read_text(encoding="utf-8")
    model: dict[str, object] = {}
    for name, value in re.findall(r"this\.([A-Z0-9]+)__\s*=\s*(\{[^}]*\}|-?\d+)", source):
        model[name] = json.loads(value)
    if "BIAS" not in model or "UW4" not in model:
        raise RuntimeError(f"could not read the TinySegmenter model from {path or model_path()}")
    return model


def ctype(ch: str) -> str:
    for pattern, kind in _CHARTYPES:
        if pattern.search(ch):
            return kind
    return "O"


class TinySegmenter:
    """Port of TinySegmenter.prototype.segment from Material's tinyseg.js."""

    def __init__(self, path: str | None = None) -> None:
        m = load_model(path)
        self.bias = int(m["BIAS"])  # type: ignore[arg-type]
        self.m = {k: v for k, v in m.items() if isinstance(v, dict)}

    def segment(self, text: str) -> list[str]:
        if not text:
            return []
        g = self.m.get
        seg = ["B3", "B2", "B1", *text, "E1", "E2", "E3"]
        ctp = ["O", "O", "O", *(ctype(c) for c in text), "O", "O", "O"]
        result: list[str] = []
        word = seg[3]
        p1 = p2 = p3 = "U"

        def s(table: str, key: str) -> int:
            return g(table, {}).get(key, 0)  # type: ignore[union-attr]

        for i in range(4, len(seg) - 3):
            w1, w2, w3, w4, w5, w6 = seg[i - 3 : i + 3]
            c1, c2, c3, c4, c5, c6 = ctp[i - 3 : i + 3]
            score = self.bias
            score += s("UP1", p1) + s("UP2", p2) + s("UP3", p3)
            score += s("BP1", p1 + p2) + s("BP2", p2 + p3)
            score += s("UW1", w1) + s("UW2", w2) + s("UW3", w3) + s("UW4", w4) + s("UW5", w5) + s("UW6", w6)
            score += s("BW1", w2 + w3) + s("BW2", w3 + w4) + s("BW3", w4 + w5)
            score += s("TW1", w1 + w2 + w3) + s("TW2", w2 + w3 + w4) + s("TW3", w3 + w4 + w5) + s("TW4", w4 + w5 + w6)
            score += s("UC1", c1) + s("UC2", c2) + s("UC3", c3) + s("UC4", c4) + s("UC5", c5) + s("UC6", c6)
            score += s("BC1", c2 + c3) + s("BC2", c3 + c4) + s("BC3", c4 + c5)
            score += s("TC1", c1 + c2 + c3) + s("TC2", c2 + c3 + c4) + s("TC3", c3 + c4 + c5) + s("TC4", c4 + c5 + c6)
            score += s("UQ1", p1 + c1) + s("UQ2", p2 + c2) + s("UQ3", p3 + c3)
            score += s("BQ1", p2 + c2 + c3) + s("BQ2", p2 + c3 + c4) + s("BQ3", p3 + c2 + c3) + s("BQ4", p3 + c3 + c4)
            score += s("TQ1", p2 + c1 + c2 + c3) + s("TQ2", p2 + c2 + c3 + c4)
            score += s("TQ3", p3 + c1 + c2 + c3) + s("TQ4", p3 + c2 + c3 + c4)
            p = "O"
            if score > 0:
                result.append(word)
                word = ""
                p = "B"
            p1, p2, p3 = p2, p3, p
            word += seg[i]
        result.append(word)
        return result
