"""The quote-citation round trip: every official statement is pinned to an exact sentence (issue 8).

A citation is a footnote definition whose link goes to an official source:

    [^flow-deadline]: [自動延長サービスの流れ](https://www.nortonstore.jp/support/autorenewal/flow/#:~:text=%E8%AA%B2...)「課金予定日より前に…」

For each one:
- the URL before `#:~:text=` is a `sources` entry of scripts/data/links.yml;
- the link text is that entry's `title` (the page's real title);
- the text fragment, decoded, is the sentence in 「」 right after the link (commas, ampersands and
  spaces percent-encoded: `urllib.parse.quote(quote, safe="")`);
- that sentence is one of the entry's `quotes:`.
And for links.yml: every quote is at least 10 characters and is cited by at least one footnote; every
source has quotes unless it is `compared: false` (text could not be read), which needs a `notes` reason.
The project's own repository is not an official page and needs no quotes.

Errors name file:line. The checker is a pure function (`citation_problems`), also run on planted pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LINKS_FILE = ROOT / "scripts" / "data" / "links.yml"
OWN_REPOSITORY = "https://github.com/jidoencho-guide/norton"
MIN_QUOTE = 10

FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*)$")
LINK = re.compile(r"\[([^\]]*)\]\((https?://[^\s()]+)\)")
TEXT_FRAGMENT = "#:~:text="
FENCE = re.compile(r"^\s*(```|~~~)")


def footnote_definitions(path: Path):
    """Yield (line, id, text) for each footnote definition of a page (continuation lines joined)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    fenced = False
    current = None
    for no, line in enumerate(lines, start=1):
        if FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        m = FOOTNOTE_DEF.match(line)
        if m:
            if current:
                yield current
            current = [no, m.group(1), m.group(2)]
        elif current and line.startswith("    ") and line.strip():
            current[2] += " " + line.strip()
        elif current and not line.strip():
            continue
        elif current:
            yield current
            current = None
    if current:
        yield current


def bracketed_after(text: str, start: int) -> str | None:
    """The text inside the 「…」 that starts at `start` (after optional spaces), nested 「」 allowed."""
    i = start
    while i < len(text) and text[i] in " \t":
        i += 1
    if i >= len(text) or text[i] != "「":
        return None
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "「":
            depth += 1
        elif text[j] == "」":
            depth -= 1
            if depth == 0:
                return text[i + 1:j]
    return None


def _yaml_line(lines: list[str], needle: str, default: int = 0) -> int:
    return next((n for n, row in enumerate(lines, 1) if needle and needle in row), default)


def official_hosts(links: dict) -> set[str]:
    return {d["host"] for d in links.get("allowed_domains", []) if d["host"] != "github.com"}


def citation_problems(docs: Path, links: dict, links_text: str, root: Path = ROOT,
                      links_name: str = "scripts/data/links.yml") -> list[str]:
    """All round-trip problems of the pages in `docs` against links.yml (data and raw text)."""
    problems: list[str] = []
    rows = links_text.splitlines()
    sources = {s["url"]: s for s in links.get("sources", [])}
    hosts = official_hosts(links)
    cited: set[tuple[str, str]] = set()

    def where(path: Path, line: int) -> str:
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        return f"{shown}:{line}"

    for path in sorted(Path(docs).rglob("*.md")):
        for line, fid, text in footnote_definitions(path):
            for m in LINK.finditer(text):
                label, url = m.group(1), m.group(2)
                base, has_fragment, fragment = url.partition(TEXT_FRAGMENT)
                host = (urlsplit(base).hostname or "").lower()
                if not has_fragment and host not in hosts:
                    continue  # not a citation of an official page (e.g. the project's repository)
                at = f"{where(path, line)}: [^{fid}]"
                source = sources.get(base)
                if source is None:
                    problems.append(f"{at} cites {base}, which is not a `sources` url in {links_name}")
                    continue
                if label != source.get("title"):
                    problems.append(f"{at} link text {label!r} is not the source's title {source.get('title')!r}")
                sentence = bracketed_after(text, m.end())
                compared = source.get("compared", True) is not False
                if not has_fragment:
                    if compared:
                        problems.append(f"{at} links to {base} without a #:~:text= fragment of the quoted sentence")
                    continue
                if sentence is None:
                    problems.append(f"{at} has no quoted sentence in 「」 right after the link")
                    continue
                if re.search(r"[^\x21-\x7e]|[,&#]", fragment):
                    problems.append(f"{at} text fragment is not percent-encoded "
                                    "(use urllib.parse.quote(quote, safe=''))")
                decoded = unquote(fragment)
                if decoded != sentence:
                    problems.append(f"{at} text fragment {decoded!r} does not match the quoted 「{sentence}」 "
                                    f"(expected #:~:text={quote(sentence, safe='')})")
                if sentence not in (source.get("quotes") or []):
                    problems.append(f"{at} 「{sentence}」 is not one of the `quotes:` of {base} "
                                    f"({links_name}:{_yaml_line(rows, base)})")
                else:
                    cited.add((base, sentence))

    for url, source in sources.items():
        line = next((n for n, row in enumerate(rows, 1)
                     if re.fullmatch(r"\s*-?\s*url:\s*['\"]?" + re.escape(url) + r"['\"]?\s*", row)), 0)
        quotes = source.get("quotes") or []
        compared = source.get("compared", True) is not False
        if not compared and not str(source.get("notes") or "").strip():
            problems.append(f"{links_name}:{line}: {url} is `compared: false` but has no `notes` saying why")
        if compared and not quotes and url != OWN_REPOSITORY:
            problems.append(f"{links_name}:{line}: {url} has no `quotes:` (exact sentences the guide relies on), "
                            "or mark it `compared: false` with a reason in `notes`")
        for q in quotes:
            qline = _yaml_line(rows, str(q)[:20], line)
            if not isinstance(q, str) or len(q) < MIN_QUOTE:
                problems.append(f"{links_name}:{qline}: quote {q!r} of {url} is shorter than {MIN_QUOTE} characters")
            elif (url, q) not in cited:
                problems.append(f"{links_name}:{qline}: quote 「{q}」 of {url} is not cited by any footnote in docs/")
    return problems


# -- the real pages -----------------------------------------------------------------------------

def test_every_citation_round_trips():
    text = LINKS_FILE.read_text(encoding="utf-8")
    problems = citation_problems(DOCS, yaml.safe_load(text), text)
    assert not problems, "citation footnotes and scripts/data/links.yml disagree:\n  " + "\n  ".join(problems)


# -- planted pages ----------------------------------------------------------------------------

FLOW = "https://www.nortonstore.jp/support/autorenewal/flow/"
QUOTE = "自動延長サービスを停止したい場合は、課金予定日より前にお手続きください。"
ORDER = "https://www.nortonstore.jp/orderstatus/"

LINKS = f"""
allowed_domains:
  - host: www.nortonstore.jp
  - host: github.com
sources:
  - url: {FLOW}
    title: 自動延長サービスの流れ
    quotes:
      - "{QUOTE}"
  - url: {ORDER}
    title: 注文情報確認
    compared: false
    notes: 注文番号とメールアドレスで入る画面で、本文を読めない。
  - url: {OWN_REPOSITORY}
    title: このサイトのリポジトリ
"""


def page(sentence: str = QUOTE, fragment: str | None = None, label: str = "自動延長サービスの流れ",
         url: str = FLOW) -> str:
    fragment = quote(sentence, safe="") if fragment is None else fragment
    return ("# 見本\n\n課金予定日より前に止めます。[^flow]\n\n注文情報確認で止めます。[^order]\n\n"
            f"[^flow]: [{label}]({url}#:~:text={fragment})「{sentence}」\n"
            f"[^order]: [注文情報確認]({ORDER})\n"
            f"[^repo]: [リポジトリ]({OWN_REPOSITORY})\n")


def run(tmp_path: Path, markdown: str, links_text: str = LINKS) -> list[str]:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "p.md").write_text(markdown, encoding="utf-8")
    return citation_problems(docs, yaml.safe_load(links_text), links_text, root=tmp_path, links_name="links.yml")


def test_planted_good_page_passes(tmp_path):
    assert run(tmp_path, page()) == []


def test_planted_nested_brackets_and_continuation_lines(tmp_path):
    nested = "「自動延長」を停止したい場合は、課金予定日より前にお手続きください。"
    links = LINKS.replace(QUOTE, nested.replace('"', '\\"'))
    md = page(nested).replace(f"[^flow]: [自動延長サービスの流れ]", "[^flow]:\n    [自動延長サービスの流れ]")
    assert run(tmp_path, md, links) == []


@pytest.mark.parametrize("markdown, expect", [
    (page("自動延長サービスを停止したい場合は、前日までにお手続きください。"), "is not one of the `quotes:`"),
    (page(fragment=quote("課金予定日より前に", safe="")), "does not match the quoted"),
    (page(fragment=QUOTE), "not percent-encoded"),
    (page(url="https://www.nortonstore.jp/support/autorenewal/other/"), "not a `sources` url"),
    (page(label="自動延長の流れ（ノートンストア）"), "is not the source's title"),
    (page().replace(f"#:~:text={quote(QUOTE, safe='')}", ""), "without a #:~:text= fragment"),
    (page().replace(f"「{QUOTE}」", ""), "no quoted sentence"),
])
def test_planted_faults_are_caught_with_file_and_line(tmp_path, markdown, expect):
    problems = run(tmp_path, markdown)
    assert any(expect in p for p in problems), problems
    assert all(p.startswith(("docs/p.md:7: [^flow]", "links.yml:")) for p in problems), problems


def test_planted_uncited_quote_is_caught(tmp_path):
    extra = LINKS.replace(f'      - "{QUOTE}"', f'      - "{QUOTE}"\n      - "この文はどこにも引用されていません。"')
    problems = run(tmp_path, page(), extra)
    assert problems == ["links.yml:10: quote 「この文はどこにも引用されていません。」 of "
                        f"{FLOW} is not cited by any footnote in docs/"], problems


def test_planted_short_quote_and_missing_reasons_are_caught(tmp_path):
    short = LINKS.replace(f'      - "{QUOTE}"', f'      - "{QUOTE}"\n      - "課金予定日"')
    assert any("shorter than 10" in p for p in run(tmp_path, page(), short))
    no_notes = LINKS.replace("    notes: 注文番号とメールアドレスで入る画面で、本文を読めない。\n", "")
    assert any("has no `notes`" in p for p in run(tmp_path, page(), no_notes))
    no_quotes = LINKS.replace(f'    quotes:\n      - "{QUOTE}"\n', "")
    problems = run(tmp_path, page(), no_quotes)
    assert any("has no `quotes:`" in p for p in problems), problems
