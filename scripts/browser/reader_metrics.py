"""What a reader on a 390x844 phone meets on each page: reading length, first-screen actions, research notes.

One row per page of a built site (`make build` writes one into site/):

- the reading height in px and in phone screens: from the top to where the reading text ends, before
  the note list, the 出典 box and the report line (a tap on a note number opens the note in place);
- the y position of the first official button (`.official-link`) and of the `#steps` heading;
- how many route links (`.routes a`) lie fully inside the first screen;
- provenance words (保存コピー, 英語版で確かめ, ...) in the reading text, i.e. outside footnotes, the
  出典 box, closed `details` and `.provenance`.

tests/browser/test_reader.py asserts the limits on the same measurements.

    python -m scripts.browser.reader_metrics --site site/ [--markdown]
"""

from __future__ import annotations

import re

from scripts.browser.chromium import PHONE, figures_cli, page_paths

PROVENANCE = re.compile(r"保存コピー|英語版で確かめ|確かめられていません|確認できていません|記事\s*ID|読者の報告では")

# Runs in the page: the article's reading text (research notes may sit in the skipped places).
READING_TEXT_JS = """() => {
    const skip = '.footnote, #page-sources, .provenance, details:not([open]), .md-tooltip2, script, style, .headerlink';
    const w = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    const out = [];
    while (w.nextNode()) if (!w.currentNode.parentElement.closest(skip)) out.push(w.currentNode.textContent);
    return out.join('');
}"""

# Runs in the page: the figures of one page (document coordinates).
FIGURES_JS = """() => {
    const ends = [...document.querySelectorAll('article .footnote, .page-sources, .report-line')]
        .map(e => e.getBoundingClientRect().top + scrollY);
    const top = (sel) => (e => e ? e.getBoundingClientRect().top + scrollY : null)(document.querySelector(sel));
    return {reading: ends.length ? Math.min(...ends) : document.documentElement.scrollHeight,
            action: top('article .official-link'), steps: top("article [id='steps']"),
            routes: [...document.querySelectorAll('article .routes a')].filter(a => {
                const r = a.getBoundingClientRect(); return r.height > 0 && r.bottom <= innerHeight; }).length};
}"""


def measure(page) -> dict:
    """The figures of the page open in `page`."""
    return {**page.evaluate(FIGURES_JS), "provenance": PROVENANCE.findall(page.evaluate(READING_TEXT_JS))}


def rows(browser, base: str, site) -> list[list[str]]:
    """One row of figures per page."""
    page, out = browser.new_page(viewport=PHONE), []
    for path in page_paths(site):
        page.goto(base + path, wait_until="load")
        f = measure(page)
        out.append(["/" + path, str(round(f["reading"])), f"{f['reading'] / PHONE['height']:.1f}",
                    *("–" if f[k] is None else str(round(f[k])) for k in ("action", "steps")),
                    str(f["routes"]), ", ".join(f["provenance"]) or "0"])
    return out


def main(argv: list[str] | None = None) -> int:
    return figures_cli("scripts.browser.reader_metrics", __doc__, rows, argv,
                       ["page", "reading px", "screens", "action y", "#steps y", "routes on screen 1", "provenance"])


if __name__ == "__main__":
    raise SystemExit(main())
