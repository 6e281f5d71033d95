"""JSON and Markdown reports of an official URL check.

`build_report()` returns the JSON document: run facts and one record per URL (`python -m scripts.urlcheck
--help` lists the fields). `to_markdown()` groups the records by status, failures first, each group with
the action to take (checker.yml `actions`). It is the GitHub step summary and the weekly issue's body, so
it stays inert and small: remote text sits in code spans, plain text is escaped, `@` mentions are broken,
and rows that do not fit in MAX_MARKDOWN characters (GitHub refuses an issue body over 65,536) are
counted and left to report.json.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import quote

from scripts.urlcheck.verdict import FAILING, STATUSES, short

MAX_MARKDOWN = 50_000  # characters; GitHub refuses an issue body over 65,536
MAX_CODE = 200  # characters of one remote text (final URL, detail) in the Markdown report


def build_report(records: list[dict], *, duration: float, sources_file: str, hosts: dict,
                 settings_used: dict, note: str | None = None) -> dict:
    """The JSON report (a dict ready for json.dump). `note`: one line shown first (e.g. offline)."""
    return {
        "note": note,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "duration_seconds": round(duration, 2),
        "sources_file": sources_file,
        "settings": settings_used,
        "hosts": hosts,
        "counts": {status: sum(1 for r in records if r["status"] == status) for status in STATUSES},
        "failed": any(r["status"] in FAILING for r in records),
        "results": records,
    }


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&@])")
# "@" stays visible, but a zero-width space after it keeps GitHub from reading @name as a mention.
_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "@": "@&#8203;"}
_TARGET_SAFE = "".join(c for c in map(chr, range(33, 127)) if c not in '()<>|\\`"')  # printable ASCII but these


def plain(text) -> str:
    """Text that Markdown and HTML show as it is: one line, every active character escaped, no mention."""
    text = " ".join(str(text if text is not None else "").split())
    return _MARKDOWN_ACTIVE.sub(lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def link_target(url: str) -> str:
    """A URL for `[title](<url>)`: characters that end the target or split a table cell are percent-encoded."""
    return quote(str(url), safe=_TARGET_SAFE)


def code(text, limit: int = MAX_CODE) -> str:
    """Text (remote, untrusted) as an inline code span: never a link, never markup, one line. The fence is
    longer than any backtick run inside; `|` is escaped for tables (GitHub drops the backslash there)."""
    text = short(text, limit)
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


def summary_line(report: dict) -> str:
    """One line for the terminal: counts and run time."""
    counts = ", ".join(f"{n} {s}" for s, n in report["counts"].items() if n)
    hosts, total = len(report["hosts"]), len(report["results"])
    return (f"Checked {total} URL{'s' if total != 1 else ''} on {hosts} host{'s' if hosts != 1 else ''} "
            f"in {report['duration_seconds']:.1f} s: {counts or 'nothing'}")


def _row(r: dict) -> str:
    """One table row. Titles come from links.yml (validated) and are escaped anyway; everything a
    server sent (final URL, error texts) goes into code spans, cut to MAX_CODE characters."""
    title = plain(short(r.get("title") or r["url"], 120))
    cited = ", ".join(f"`{c['page']}`:{','.join(map(str, c['lines']))}" for c in r.get("cited_by", []))
    return "| " + " | ".join([
        f"[{title}](<{link_target(r['url'])}>)",
        str(r.get("http_status") or "—"),
        code(r["final_url"]) if r["final_url"] != r["url"] else "（同じ）",
        code(r.get("detail")),
        str(r.get("attempts")),
        short(cited, 300).replace("|", "\\|") or "（docs/ に引用なし）",
    ]) + " |"


def to_markdown(report: dict, settings, limit: int = MAX_MARKDOWN) -> str:
    """The Markdown report, grouped by status with the action to take, at most `limit` characters.

    When the rows do not all fit, the last rows of each group are left out (failures come first, so
    `ok` rows go first) and the report says how many, pointing to report.json.
    """
    counts = report["counts"]
    failing = sum(counts.get(s, 0) for s in FAILING)
    head = ["# 公式 URL の確認結果", ""] + ([f"> **{plain(report['note'])}**", ""] if report.get("note") else [])
    head += [
        f"**要対応: {failing} 件**" if failing else "**すべて問題ありません**（転送は情報のみ）",
        "",
        f"- 確認した URL: {len(report['results'])} 件（{len(report['hosts'])} ホスト。"
        "同じホストへは 1 件ずつ順番に確認）",
        f"- かかった時間: {report['duration_seconds']:.1f} 秒",
        "- 内訳: " + " / ".join(f"{s} {counts.get(s, 0)}" for s in STATUSES),
        f"- 実行日時: {report['generated_at']}（UTC）",
        f"- 一覧: {code(report['sources_file'])}",
        "",
    ]
    foot = ["---", "", "`python -m scripts.urlcheck` が LinkChecker で確認しました。"
            "手元では `make check-links` で同じ確認ができます（インターネット接続が必要です）。", ""]
    room = limit - len("\n".join(head + foot)) - 200
    body: list[str] = []
    left_out = 0

    def add(lines: list[str]) -> bool:
        nonlocal room
        size = len("\n".join(lines)) + 1
        if size > room:
            return False
        body.extend(lines)
        room -= size
        return True

    for status in STATUSES:
        group = [r for r in report["results"] if r["status"] == status]
        if not group:
            continue
        action = settings.actions.get(status)
        folded = status == "ok"
        opening = [f"## {settings.labels.get(status, status)}（{status}）: {len(group)} 件", ""]
        opening += [f"対処: {action}", ""] if action else []
        opening += (["<details><summary>一覧を開く</summary>", ""] if folded else [])
        opening += ["| ページ | HTTP | 最終 URL | 詳細 | 試行 | 引用元 |", "|---|---|---|---|---|---|"]
        closing = [""] + (["</details>", ""] if folded else [])
        room -= len("\n".join(closing)) + 1  # kept for the group's end
        if not add(opening):
            room += len("\n".join(closing)) + 1
            left_out += len(group)
            continue
        shown = 0
        for r in group:
            if not add([_row(r)]):
                break
            shown += 1
        if shown < len(group):
            left_out += len(group) - shown
            body.append(f"| （ほか {len(group) - shown} 件は省略。report.json にすべてあります） | | | | | |")
        quotes = [(r, q) for r in group[:shown] for q in r.get("missing_quotes", [])]
        if quotes:
            body.append("")
            add(["消えた引用と、それに頼っているガイドの箇所:", ""])
            for r, q in quotes:
                where = ", ".join(f"`{c['page']}#{c['section']}`" if c["section"] else f"`{c['page']}`"
                                  for c in q["cited_in"]) or "（docs/ の脚注に見当たりません）"
                title = plain(short(r.get("title") or r["url"], 120))
                if not add([f"- {code(q['quote'])}（{title}）: {short(where, 400)}"]):
                    break
        body.extend(closing)
    if left_out:
        head += [f"> この報告は長すぎるため、{left_out} 件の行を省きました。全件は report.json（実行の成果物）にあります。", ""]
    return "\n".join(head + body + foot)
