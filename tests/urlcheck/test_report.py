"""The JSON and Markdown reports (scripts/urlcheck/report.py): on the fault run, and on planted records."""

from __future__ import annotations

import re

from scripts.urlcheck import report
from scripts.urlcheck.verdict import STATUSES, load_settings
from tests.urlcheck.support.cases import QUOTE_GONE
from tests.urlcheck.support.faultserver import LONG_REDIRECT


def markdown(*records: dict) -> str:
    base = {"http_status": 200, "detail": "", "attempts": 1, "cited_by": [], "missing_quotes": []}
    built = report.build_report([base | r for r in records], duration=1, sources_file="s.yml", hosts={},
                                settings_used={})
    return report.to_markdown(built, load_settings())


def test_markdown_report_groups_by_status_with_actions(fault_run):
    md, settings = fault_run["markdown"], load_settings()
    assert md.startswith("# 公式 URL の確認結果") and "かかった時間" in md
    present = [s for s in STATUSES if fault_run["report"]["counts"][s]]
    assert len(present) >= 6
    positions = [md.index(f"（{status}）") for status in present]
    assert positions == sorted(positions), "failures come first"
    assert all(settings.actions[status] in md for status in present)
    assert set(settings.actions) == set(settings.labels) == set(STATUSES)


def test_records_name_the_pages_and_lines_citing_them_and_the_sections_of_a_lost_quote(fault_run):
    rec = fault_run["by_name"]
    assert rec["200"]["cited_by"] == [{"page": "stop/page.md", "lines": [4, 7]}]
    assert rec["404"]["cited_by"] == [{"page": "stop/page.md", "lines": [7]}]
    assert rec["410"]["cited_by"] == []
    assert rec["one quote gone"]["missing_quotes"] == [
        {"quote": QUOTE_GONE, "cited_in": [{"page": "stop/page.md", "section": "steps", "lines": [11]}]}]
    assert "`stop/page.md#steps`" in fault_run["markdown"]


def test_remote_text_never_becomes_markdown_and_stays_short(fault_run):
    """Final URLs, Location values and error texts sit in code spans, cut short; nothing becomes a link or a tag."""
    md = fault_run["markdown"]
    assert "javascript:alert(document.cookie)" in md and "data:text/html,<h1>hi</h1>" in md
    outside_code = re.sub(r"(`+).*?\1", "", md)
    assert "javascript:alert" not in outside_code and "<h1>" not in outside_code
    assert "](javascript:" not in outside_code
    assert len(md) < report.MAX_MARKDOWN
    assert LONG_REDIRECT not in md and "long-xxxx" in md and "…" in md


def test_markdown_is_capped_and_says_what_it_left_out():
    long_url = "https://a.example/" + "y" * 390
    md = markdown(*({"url": f"{long_url}{n}", "title": f"ページ {n}", "status": "drifted" if n % 2 else "ok",
                     "final_url": long_url + "z" * 5000, "detail": "d" * 5000,
                     "cited_by": [{"page": f"p{n}.md", "lines": [1, 2]}]} for n in range(2000)))
    assert len(md) <= report.MAX_MARKDOWN
    assert "件の行を省きました" in md and "report.json" in md
    assert md.index("（drifted）") < md.index("|---|")  # failures are the rows that are kept
    assert "d" * (report.MAX_CODE + 1) not in md


def test_titles_and_details_are_escaped_with_no_mentions_and_urls_cannot_split_cells():
    md = markdown({"url": "https://a.example/p|x", "title": "@octocat と @org/team の記事", "status": "broken",
                   "final_url": "https://a.example/p|x", "http_status": 404, "detail": "HTTP 404"},
                  {"url": "https://b.example/p", "title": "[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
                   "status": "drifted", "final_url": "https://b.example/p",
                   "detail": "missing: 「<script>alert(1)</script>」 | [link](https://evil.example)"})
    row = next(line for line in md.splitlines() if "a.example" in line)
    assert "@octocat" not in md and "@&#8203;octocat" in row and "@&#8203;org/team" in row
    assert "(<https://a.example/p%7Cx>)" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 7, row  # six cells
    row = next(line for line in md.splitlines() if "b.example" in line)
    assert "<img" not in row and "<script>" not in row.replace("`missing: 「<script>", "")
    assert "](javascript:" not in row and "\\[x\\]" in row
    assert "`missing: 「<script>alert(1)</script>」 \\| [link](https://evil.example)`" in row
