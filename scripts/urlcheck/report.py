"""JSON and Markdown reports of an official URL check.

`build_report(records, ...)` returns the JSON document: run facts (when, how long, settings) and
one record per URL with `url`, `status`, `final_url`, `http_status`, `detail`, `attempts` and
`cited_by` (pages of docs/ that cite it, with line numbers), plus `title`, `expect`, `redirects`.

`to_markdown(report, settings)` groups the same records by status, failures first, each group
with the action to take (scripts/data/checker.yml `actions`). It is written for the GitHub step
summary and is also the body of the weekly issue.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

from scripts.urlcheck.verdict import FAILING, STATUSES

# Order of the groups in the Markdown report: what needs work first.
REPORT_ORDER = ("broken", "soft-404", "drifted", "unreachable", "redirected", "ok")
assert set(REPORT_ORDER) == set(STATUSES)


def build_report(records: list[dict], *, duration: float, sources_file: str, hosts: dict,
                 settings_used: dict, note: str | None = None) -> dict:
    """The JSON report (a dict ready for json.dump). `note`: one line shown first (e.g. offline)."""
    counts = {status: sum(1 for r in records if r["status"] == status) for status in STATUSES}
    return {
        "note": note,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "duration_seconds": round(duration, 2),
        "sources_file": sources_file,
        "settings": settings_used,
        "hosts": hosts,
        "counts": counts,
        "failed": any(r["status"] in FAILING for r in records),
        "results": records,
    }


def write_json(report: dict, path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def _cell(text) -> str:
    """Make text safe inside a Markdown table cell."""
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")


def plain(text) -> str:
    """Text that Markdown and HTML show as it is: one line, every active character escaped."""
    text = " ".join(str(text if text is not None else "").split())
    return _MARKDOWN_ACTIVE.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(m.group(1), "\\" + m.group(1)),
                                text)


def code(text) -> str:
    """Text (remote, untrusted) as an inline code span: never a link, never markup, one line.

    The fence is one backtick longer than the longest run inside; `|` is escaped for tables (GitHub
    removes the backslash inside code spans in table cells).
    """
    text = " ".join(str(text if text is not None else "").split())
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


def _cited(record: dict) -> str:
    places = [f"`{c['page']}`:{','.join(str(n) for n in c['lines'])}" for c in record.get("cited_by", [])]
    return ", ".join(places) if places else "（docs/ に引用なし）"


def summary_line(report: dict) -> str:
    """One line for the terminal: counts and run time."""
    counts = ", ".join(f"{n} {s}" for s, n in report["counts"].items() if n)
    hosts = len(report["hosts"])
    total = len(report["results"])
    return (f"Checked {total} URL{'s' if total != 1 else ''} on {hosts} host{'s' if hosts != 1 else ''} "
            f"in {report['duration_seconds']:.1f} s: {counts or 'nothing'}")


def to_markdown(report: dict, settings) -> str:
    """The Markdown report, grouped by status with the action to take."""
    counts = report["counts"]
    failing = sum(counts[s] for s in FAILING)
    lines = ["# 公式 URL の確認結果", ""]
    if report.get("note"):
        lines += [f"> **{plain(report['note'])}**", ""]
    verdict = (f"**要対応: {failing} 件**" if failing else "**すべて問題ありません**（転送は情報のみ）")
    lines += [
        verdict,
        "",
        f"- 確認した URL: {len(report['results'])} 件（{len(report['hosts'])} ホスト。"
        "同じホストへは 1 件ずつ順番に確認）",
        f"- かかった時間: {report['duration_seconds']:.1f} 秒",
        "- 内訳: " + " / ".join(f"{s} {counts[s]}" for s in REPORT_ORDER),
        f"- 実行日時: {report['generated_at']}（UTC）",
        f"- 一覧: `{report['sources_file']}`",
        "",
    ]
    for status in REPORT_ORDER:
        group = [r for r in report["results"] if r["status"] == status]
        if not group:
            continue
        label = settings.labels.get(status, status)
        lines += [f"## {label}（{status}）: {len(group)} 件", ""]
        action = settings.actions.get(status)
        if action:
            lines += [f"対処: {action}", ""]
        folded = status == "ok"
        if folded:
            lines += ["<details><summary>一覧を開く</summary>", ""]
        lines += ["| ページ | HTTP | 最終 URL | 詳細 | 試行 | 引用元 |", "|---|---|---|---|---|---|"]
        for r in group:
            # Titles come from links.yml (validated) and are escaped anyway; everything a server
            # sent (final URL, error texts, phrases) goes into code spans.
            title = plain(r.get("title") or r["url"])
            final = code(r["final_url"]) if r["final_url"] != r["url"] else "（同じ）"
            link = r["url"].replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            lines.append("| " + " | ".join([
                f"[{_cell(title)}](<{link}>)",
                _cell(r.get("http_status") or "—"),
                final,
                code(r.get("detail")),
                _cell(r.get("attempts")),
                _cell(_cited(r)),
            ]) + " |")
        lines.append("")
        quotes = [(r, q) for r in group for q in r.get("missing_quotes", [])]
        if quotes:
            lines += ["消えた引用と、それに頼っているガイドの箇所:", ""]
            for r, q in quotes:
                where = ", ".join(f"`{c['page']}#{c['section']}`" if c["section"] else f"`{c['page']}`"
                                  for c in q["cited_in"]) or "（docs/ の脚注に見当たりません）"
                lines.append(f"- {code(q['quote'])}（{plain(r.get('title') or r['url'])}）: {where}")
            lines.append("")
        if folded:
            lines += ["</details>", ""]
    lines += [
        "---",
        "",
        "`python -m scripts.urlcheck` が LinkChecker で確認しました。"
        "手元では `make check-links` で同じ確認ができます（インターネット接続が必要です）。",
        "",
    ]
    return "\n".join(lines)
