"""Tune a built search index so both engines find what Japanese readers type (MAINTAINERS.md「エンジン」):
the words and synonyms of scripts/data/search_synonyms.yml, SEPARATOR (alike for index and query), no
footnotes in excerpts, UTF-8 JSON. scripts/build_site.py calls tune_site after either engine's build.

    python -m scripts.search.index SITE_DIR    # tune a built site's index (either engine)
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from scripts import DATA
from scripts.safe_yaml import load as load_yaml
from scripts.search.tinyseg import TinySegmenter

SYNONYMS_FILE = DATA / "search_synonyms.yml"
MATERIAL_INDEX = "search/search_index.json"  # written by Material's search plugin
ZENSICAL_INDEX = "search.json"  # written by Zensical

# White space, ZWSP (our word marks), punctuation and the parts of addresses (an e-mail splits into words).
_KANA = r"ぁ-ゖゝゞァ-ヺー-ヾ"
_HAN = r"一-鿿㐀-䶿々〆ヵヶ"
_JA_CHARS = _KANA + _HAN
_SEPARATOR_CHARS = (
    r"[\s\u200b\-‐‑–—―、。，．,.・･:：;；!！?？「」『』（）()［］\[\]【】〔〕〈〉《》{}<>＜＞"
    r"'“”‘’／/\\＠@#＃=＝&＆_|｜~〜～…※→" '"]+'  # no backslash before the quote: Zensical compiles this with the u flag
)
_ZERO_WIDTH = (
    # Zero-width splits where Latin meets kana or a kanji word ("auショップ", "24時間"), between a kanji
    # word and a hiragana tail ("解約できない") and between hiragana and a kanji word ("止まったか確認").
    # None leaves a single kanji alone: Material would then cut a typed 「返金」 to the indexed 「返」.
    rf"|(?<=[A-Za-z0-9])(?=[{_KANA}]|[{_HAN}]{{2}})|(?<=[{_KANA}]|[{_HAN}]{{2}})(?=[A-Za-z0-9])"
    rf"|(?<=[{_HAN}]{{2}})(?=[ぁ-ゖ]{{3}})|(?<=[ぁ-ゖ])(?=[{_HAN}]{{2}})"
)
# Inflection endings and particles are separators too, so every form meets one stem (止めたい / 止めて →
# 止め, 解約できない → 解約) and a typed ending the page lacks hides nothing. They are cut only after a
# kanji or katakana word: hiragana-only words (わからない) stay whole.
_ENDINGS = load_yaml(SYNONYMS_FILE.read_text(encoding="utf-8"))["endings"]
_VERB_TAILS = sorted(set(_ENDINGS["verb"]), key=lambda t: (-len(t), t))
_SURU_HEADS, _PARTICLES = _ENDINGS["suru"], _ENDINGS["particles"]
_TAILS = "(?:" + "|".join(_VERB_TAILS) + ")*"
# A cut ends before a kanji only when another kanji or a kana follows it (no lone kanji).
_NOT_LONE = rf"(?![{_HAN}](?![{_HAN}ぁ-ゖァ-ヺ]))"
INFLECTION = (
    # a suru-noun (kanji or katakana word) + する/できる/される and endings: 解約したい → 解約
    rf"(?<=[{_HAN}]{{2}}|[ァ-ヺー]{{2}})(?:{'|'.join(_SURU_HEADS)}){_TAILS}(?![ぁ-ゖ]){_NOT_LONE}"
    # a verb or adjective stem (kanji + okurigana) + endings: 止めたい → 止め, 使えなくなる → 使え
    rf"|(?<=[{_HAN}][ぁ-ゖ]{{1,2}})(?:{'|'.join(_VERB_TAILS)})+{_NOT_LONE}"
    # a particle + する: オフにしたい → オフ, 解約をしたい → 解約
    rf"|(?<=[{_HAN}]{{2}}|[ァ-ヺー]{{2}}|[A-Za-z0-9])[にをが](?:{'|'.join(_SURU_HEADS)}){_TAILS}(?![ぁ-ゖ]){_NOT_LONE}"
    # a particle between words: 口座から引き落とし, アマゾンで買った, 自動延長を止める
    rf"|(?<=[{_HAN}]{{2}}|[ァ-ヺー]{{2}}|[A-Za-z0-9])(?:{'|'.join(_PARTICLES)})"
    rf"(?=[{_HAN}]{{2}}|[{_HAN}][ぁ-ゖ]|[ぁ-ゖァ-ヺA-Za-z0-9])"
    # a short hiragana verb typed on its own + endings: やめたい → やめ, とめたい → とめ (only at the
    # start of a typed word, so running text such as わから|ない, segmented above, is left alone)
    rf"|(?<=(?:^|[\s、。])[ぁ-ゖ]{{2,3}})(?:{'|'.join(t for t in _VERB_TAILS if len(t) >= 2)})(?=[\s、。]|$)"
    # an honorific お/ご before a kanji word: ご注文番号 → 注文番号, 課金完了のご案内 → 案内
    rf"|(?<![ぁ-ゖ]|[ぁ-ゖ][ぁ-ゖ])[おご](?=[{_HAN}]{{2}})|(?<=[のをがにでとはも])[おご](?=[{_HAN}]{{2}})"
    # where a katakana word meets a kanji word, typed without a space: 課金完了メール, カード明細
    rf"|(?<=[{_HAN}]{{2}})(?=[ァ-ヺ][ァ-ヺー])|(?<=[ァ-ヺー]{{2}})(?=[{_HAN}]{{2}})"
    # where a katakana word meets a hiragana tail: パスワードわからない
    rf"|(?<=[ァ-ヺー]{{2}})(?=[ぁ-ゖ]{{3}})"
    # where a hiragana word meets a kanji + okurigana word: すぐ使えなく, いつまで使える
    rf"|(?<=[ぁ-ゖ]{{2}})(?=[{_HAN}][ぁ-ゖ])"
)
SEPARATOR = _SEPARATOR_CHARS + "|" + INFLECTION + _ZERO_WIDTH
# Zensical only (it segments each piece itself): a one-character particle also after a one-kanji word
# (お金を返して); Material would cut typed kanji words at that one-kanji entry.
ZENSICAL_SEPARATOR = (
    _SEPARATOR_CHARS + rf"|(?<=[{_HAN}ァ-ヺーA-Za-z0-9])[をがにではのへもと](?=[{_HAN}ァ-ヺA-Za-z0-9])|"
    + INFLECTION + _ZERO_WIDTH
)
# Maximal runs of Japanese script (kana, kanji, prolonged sound mark, iteration marks).
JA_RUN = re.compile(rf"[{_JA_CHARS}]+")
KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc]{4,}")
KANA_WORD = re.compile(r"[\u30a1-\u30f6][\u30a1-\u30f6\u30fc]{2,}")  # katakana words of 3 or more
SINGLE_HAN = re.compile(rf"^[{_HAN}]$")
TAG = re.compile(r"(<[^>]*>)")
JA_SPACE = re.compile(rf"(?<=[{_JA_CHARS}]) (?=[{_JA_CHARS}])")  # "ノートン アカウント" is typed as one word
PHRASE_CHARS = 10  # length of a phrase token: longest Japanese query part we match as one word
FIELDS = {"kt": {"boost": 100.0}, "kw": {"boost": 1.0}}
# Footnotes (issue 17): the note list (an <ol> of items ending in the back-link arrow) and note numbers.
FOOTNOTE_LIST = re.compile(r"<ol>\s*(?:<li>\s*<p>(?:(?!</li>).)*?\u00a0?\u21a9\s*</p>\s*</li>\s*)+</ol>", re.S)
FOOTNOTE_NUMBER = re.compile(r"<sup>\d+</sup>")


def hiragana(word: str) -> str:
    """ノートンストア → のーとんすとあ: what a phone IME left in kana mode types for a katakana word."""
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in word)


def text_of(html: str) -> str:
    """The text of an index entry's HTML, tags left out."""
    return " ".join(TAG.split(html)[0::2])


def strip_footnotes(text: str) -> str:
    """`text` without the footnote list and the footnote numbers (what a result's excerpt shows)."""
    return FOOTNOTE_NUMBER.sub("", FOOTNOTE_LIST.sub("", text)).rstrip()


def load_tuning(path: Path = SYNONYMS_FILE) -> tuple[list[list[str]], dict[str, list[str]]]:
    """The data file's synonym `groups` (of two words or more) and `places` (location -> reader words)."""
    data = load_yaml(path.read_text(encoding="utf-8")) or {}

    def clean(words: list) -> list[str]:
        return [str(w).strip() for w in words if str(w).strip()]

    places = {str(loc): clean(words) for loc, words in (data.get("places") or {}).items()}
    return [group for group in map(clean, data.get("groups", [])) if len(group) >= 2], places


def _contains(lowered_text: str, word: str) -> bool:
    """Substring test for Japanese words; whole-word test for Latin ones (so "au" is not "auto")."""
    word = word.lower()
    if word.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", lowered_text) is not None
    return word in lowered_text


class Indexer:
    """Turns one search document (title/text as the engine wrote them) into the tuned form."""

    def __init__(self, synonyms: list[list[str]]) -> None:
        self.seg = TinySegmenter()
        self.synonyms = synonyms
        self._cache: dict[str, list[str]] = {}

    def words(self, run: str) -> list[str]:
        """TinySegmenter words of a Japanese run; a lone kanji joins its neighbour (see _ZERO_WIDTH)."""
        if run not in self._cache:
            merged: list[str] = []
            for w in filter(None, self.seg.segment(run)):
                if merged and (SINGLE_HAN.match(merged[-1]) or SINGLE_HAN.match(w)):
                    merged[-1] += w
                else:
                    merged.append(w)
            self._cache[run] = merged
        return self._cache[run]

    def missing_synonyms(self, lowered: str) -> list[str]:
        """The other words of each synonym group that the (lower-cased) text holds a word of."""
        return [w for group in self.synonyms if any(_contains(lowered, w) for w in group)
                for w in group if not _contains(lowered, w)]

    def mark_words(self, html: str) -> str:
        """The HTML with U+200B between the words of its Japanese text (tags untouched)."""
        parts = TAG.split(html)
        for i in range(0, len(parts), 2):  # even indices are text, odd ones are tags
            parts[i] = JA_RUN.sub(lambda m: "\u200b".join(self.words(m.group(0))), parts[i])
        return "".join(parts)

    def keywords(self, html: str) -> list[str]:
        """Material's hidden tokens for the HTML: phrases, katakana tails and in kana, synonyms."""
        text = JA_SPACE.sub("", text_of(html))
        present: set[str] = set()
        extra: dict[str, None] = {}  # ordered set

        def add(token: str) -> None:
            token = token.lower()
            if len(token) >= 2 and token not in present:
                extra.setdefault(token, None)

        for run in JA_RUN.findall(text):
            words = self.words(run)
            present.update(w.lower() for w in words)
            start = 0
            for word in words:
                phrase = run[start : start + PHRASE_CHARS]
                if phrase != word:
                    add(phrase)
                start += len(word)
        for kata in KATAKANA_RUN.findall(text):
            for cut in range(1, len(kata) - 1):
                add(kata[cut : cut + PHRASE_CHARS])
        for kata in KANA_WORD.findall(text):
            add(hiragana(kata))
        for word in self.missing_synonyms(text.lower()):
            for part in re.split(_SEPARATOR_CHARS, word):
                add(part)
        # Material matches query words as prefixes: a token that starts a longer one adds nothing.
        ordered = sorted(set(extra) | present)
        redundant = {t for t, nxt in zip(ordered, ordered[1:]) if nxt.startswith(t)}
        return [t for t in extra if t not in present and t not in redundant]

    def reader_tokens(self, phrases: list[str]) -> list[str]:
        """Index tokens for reader words of a place: their words, phrase tokens and synonyms."""
        joined = " ".join(phrases)
        marked = TAG.sub("", self.mark_words(joined)).lower()
        words = [w for w in re.split(_SEPARATOR_CHARS, marked) if len(w) >= 2]
        # Each phrase also whole, as typed: SEPARATOR keeps many in one piece ("いつ止まる").
        typed = [w.lower() for ph in phrases for w in re.split(_SEPARATOR_CHARS, ph) if len(w) >= 2]
        return list(dict.fromkeys(words + typed + self.keywords(joined)))

    def tune(self, doc: dict, reader_words: list[str] = ()) -> dict:
        """One Material document with marked words, footnotes out of its text, and `kt` / `kw`."""
        title, text = doc.get("title", ""), doc.get("text", "")
        out = {**doc, "title": self.mark_words(title), "text": self.mark_words(strip_footnotes(text))}
        kt = self.keywords(title)
        kw = [t for t in self.keywords(text) if t not in set(kt)]
        # The footnotes' words stay findable here; of their Latin words (English official quotes) too.
        notes = text_of(" ".join(FOOTNOTE_LIST.findall(text)))
        kw += list(dict.fromkeys(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", notes)))
        if reader_words:
            # A page's reader words rank like its title; a section's like its text.
            extra = self.reader_tokens(list(reader_words))
            if "#" in doc.get("location", "#"):
                kw = list(dict.fromkeys(kw + [t for t in extra if t not in set(kt)]))
            else:
                kt = list(dict.fromkeys(kt + extra))
                kw = [t for t in kw if t not in set(kt)]
        if kt:
            out["kt"] = " ".join(kt)
        if kw:
            out["kw"] = " ".join(kw)
        return out


def tune_index(data: dict, synonyms: list[list[str]], places: dict[str, list[str]] | None = None) -> dict:
    """A tuned copy of a Material index: words marked with U+200B (the browser needs no segmenter), and
    hidden fields `kt` (title, boosted) and `kw` (text) with phrase tokens (ten characters from each word
    boundary), katakana tails (シマンテックストア → ストア), synonyms and reader words."""
    indexer, places = Indexer(synonyms), places or {}
    # No pipeline: the trimmer strips kana and kanji, and query words are never stemmed ("nortonstor").
    config = {**data["config"], "lang": ["en"], "separator": SEPARATOR, "pipeline": [],
              "fields": {**data["config"].get("fields", {}), **FIELDS}}
    docs = [indexer.tune(d, places.get(d.get("location", ""), ())) for d in data["docs"]]
    return {**data, "config": config, "docs": docs}


def zensical_keywords(indexer: Indexer, title: str, text: str) -> list[str]:
    """Synonyms and katakana tails for one Zensical item that its title and text lack (Zensical
    segments Japanese itself, so no phrase tokens; reader words come in with the text)."""
    plain = JA_SPACE.sub("", text_of(title + " " + text))
    lowered = plain.lower()
    out: dict[str, None] = {}
    for kata in KATAKANA_RUN.findall(plain):
        for cut in range(2, len(kata) - 2):  # tails of three or more
            out.setdefault(kata[cut:], None)
    # Katakana words of the title also in hiragana (kept to the title: these words are visible).
    for kata in KANA_WORD.findall(text_of(title)):
        out.setdefault(hiragana(kata), None)
    for word in indexer.missing_synonyms(lowered):
        out.setdefault(word, None)
    return [w for w in out if w.lower() not in lowered or w.isascii()]


def tune_zensical_index(data: dict, synonyms: list[list[str]], places: dict[str, list[str]] | None = None) -> dict:
    """A tuned copy of a Zensical index. It indexes only title, text and path, so the words go into
    `text` as paragraphs of their own (an excerpt of 「関連語: …」 tells the reader why it matched)."""
    indexer, places = Indexer(synonyms), places or {}
    items = []
    for item in data["items"]:
        reader = places.get(item.get("location", ""), [])
        words = zensical_keywords(indexer, item.get("title", ""), item.get("text", "") + " " + " ".join(reader))
        # No hidden field: words found only in a footnote are no longer indexed (their synonyms are).
        text = strip_footnotes(item.get("text", ""))
        if reader:
            # No boost field: Zensical ranks by how many query words are close together and how early,
            # so a place's reader words go first, unlabelled.
            text = f"<p>{' '.join(reader)}（関連語）</p> " + text
        if words:
            text += f" <p>関連語: {' '.join(words)}</p>"
        items.append({**item, "text": text})
    return {**data, "config": {**data.get("config", {}), "separator": ZENSICAL_SEPARATOR}, "items": items}


def engine_of(site_dir: Path | str) -> str:
    """Which engine built this site: Zensical writes search.json, Material search/search_index.json."""
    return "zensical" if (Path(site_dir) / ZENSICAL_INDEX).exists() else "mkdocs"


def tune_site(site_dir: Path | str) -> str:
    """Tune whichever engine's index `site_dir` holds; return the engine's name."""
    engine = engine_of(site_dir)
    path = Path(site_dir) / (ZENSICAL_INDEX if engine == "zensical" else MATERIAL_INDEX)
    tune = tune_zensical_index if engine == "zensical" else tune_index
    tuned = tune(json.loads(path.read_text(encoding="utf-8")), *load_tuning())
    path.write_text(json.dumps(tuned, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return engine


def main(argv: list[str] | None = None) -> int:
    """python -m scripts.search.index SITE_DIR: tune a built site's search index (either engine)."""
    parser = argparse.ArgumentParser(prog="python -m scripts.search.index", description=main.__doc__)
    parser.add_argument("site_dir", type=Path)
    args = parser.parse_args(argv)
    print(f"{args.site_dir}: tuned the {tune_site(args.site_dir)} search index")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
