"""Check that every official URL the guide cites still exists and still says what the guide relies on.

LinkChecker sends the requests (engine.py: one process per host, one request at a time per host,
robots.txt not consulted). Around it this adds what LinkChecker lacks: retries that honour Retry-After
up to a cap, soft-404 and drift verdicts on the text a reader sees (verdict.py, pagetext.py), a deadline
per URL and time budgets per host and run, so the weekly job always ends with a report (report.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from scripts import DATA, ROOT, content  # the content model (scripts/content.py)
from scripts.urlcheck import engine
from scripts.urlcheck import report as url_report
from scripts.urlcheck.sources import Source, load_checklist
from scripts.urlcheck.verdict import FAILING, SETTINGS_FILE, Settings, classify, load_settings, retry_wait, short

MAX_DETAIL = 400  # characters of a record's detail (remote texts and URLs are cut before that)

EPILOG = """\
statuses (one per URL, in the JSON and Markdown reports):
  ok           reachable, not redirected, every expect phrase and quote present
  redirected   ends on another page of the same site that passes every check (the
               report gives the final URL; update the link when convenient)
  broken       a 4xx, a redirect loop, a TLS certificate problem, a redirect to http://,
               javascript:, data:, file:, ftp: or a malformed Location
  soft-404     a deep link sent to a top page or another site (redirect, Refresh header,
               meta refresh or script location), a redirect hop outside links.yml
               allowed_domains / path_prefix, a 200 page that says "not found" (phrases,
               patterns, title/h1; not in quotation marks), or a page that lost every quote
  drifted      an expect phrase or a quote is missing from the body text a reader sees
               (not the title, menus, site header/footer or hidden elements)
  unreachable  no usable answer after every attempt (timeout, connection error, 5xx, 429,
               a body cut short or badly compressed), past the URL's deadline (about
               1.5 x --timeout; not retried), or a bot challenge (cf-mitigated: challenge)
  not-checked  the run's time budget (--time-budget) or its host's ran out first

exit status:
  0  every URL is ok or redirected
  1  at least one URL is broken, soft-404, drifted, unreachable or not-checked
  2  bad input, before any request, in one line that names the file, line and entry:
     an unreadable sources file, YAML aliases (also in a page's front matter), an entry
     without url, a URL that is not https:// (plain http:// only for 127.0.0.0/8 and
     localhost), has a user name or password, is too long, holds characters RFC 3986
     does not allow (| < > space, non-ASCII ...: percent-encode them), is outside
     allowed_domains / path_prefix or a near-duplicate (case, fragment, //); a title with
     Markdown/HTML characters; an expect phrase under 10 characters or on every page of
     the site; a bad option value

files:
  scripts/data/links.yml          the official URLs (url, title, expect, quotes, compared, notes)
  scripts/data/checker.yml        User-Agent, defaults, time budgets, not-found phrases, top-page
                                  paths, report texts
  scripts/urlcheck/linkcheckerrc  the LinkChecker settings used for every run

The last line printed gives the number of URLs and hosts and how long the run took.
`make check-links` runs this with --markdown report.md --json report.json (needs the internet).
"""
# Options that override a setting of checker.yml: name -> (type, least, most, --help text).
OVERRIDES = {
    "timeout": (int, 1, 300, "seconds to wait for a connection or an answer; each URL also has a total "
                             "deadline of about 1.5 times this"),
    "retries": (int, 0, 10, "extra attempts for transient failures: 5xx, 429, timeouts, connection errors"),
    "retry_after_cap": (float, 0, 600, "longest wait before a retry, even when Retry-After asks for more"),
    "time_budget": (float, 1, 3600, "seconds the whole run may take; URLs not finished are reported as "
                                    "not-checked (each host also has `host_time_budget` of checker.yml)"),
}


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad value is reported on one line (no usage block) with exit status 2."""

    def error(self, message):
        self.exit(2, f"error: {message} (see --help)\n")


def _between(kind, least: float, most: float):
    """An argparse `type` that converts with `kind` and refuses values outside [least, most]."""

    def convert(value: str):
        number = kind(value)
        if not least <= number <= most:
            raise argparse.ArgumentTypeError(f"must be from {least:g} to {most:g}")
        return number

    convert.__name__ = kind.__name__  # argparse names it in "invalid int value"
    return convert


def parse_args(argv=None) -> argparse.Namespace:
    parser = _Parser(prog="python -m scripts.urlcheck", description=__doc__.strip(), epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add = parser.add_argument
    add("--sources", metavar="FILE", type=Path, default=DATA / "links.yml",
        help="YAML file whose `sources:` entries are checked (default: scripts/data/links.yml)")
    add("--json", metavar="PATH", type=Path, help="write the JSON report here: one record per URL with url, status, "
        "final_url, http_status, detail, attempts, cited_by")
    add("--markdown", metavar="PATH", type=Path, help="write the Markdown report here, grouped by status with the "
        "action to take (for $GITHUB_STEP_SUMMARY and the weekly issue)")
    try:
        defaults = load_settings(SETTINGS_FILE)
    except ValueError:
        defaults = None
    for name, (kind, least, most, text) in OVERRIDES.items():
        default = f"{getattr(defaults, name):g}" if defaults else "?"
        add("--" + name.replace("_", "-"), metavar="N" if name == "retries" else "SECONDS",
            type=_between(kind, least, most),
            help=f"{text} ({least:g}-{most:g}; default: `{name}` in checker.yml, {default})")
    add("--docs", metavar="DIR", type=Path, default=ROOT / "docs",
        help="Markdown folder searched for the pages that cite each URL (default: docs/)")
    add("--settings", metavar="FILE", type=Path, default=SETTINGS_FILE,
        help="checker settings (default: scripts/data/checker.yml)")
    return parser.parse_args(argv)


def _citations(docs_dir: Path) -> tuple[dict, dict]:
    """From docs/: {url: [{"page": "stop/account.md", "lines": [6, 37]}, ...]} of every link, and
    {(url, quote): [{"page", "section", "lines"}]} of every quoting footnote."""
    pages: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for link in content.iter_links(docs_dir):
        pages[link.url][link.path.relative_to(docs_dir).as_posix()].append(link.line)
    places: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for cite in content.quote_citations(docs_dir):
        sections: dict[str, list[int]] = defaultdict(list)
        for line, section in cite.places:
            sections[section].append(line)
        places[(cite.url, cite.quote)] += [{"page": cite.page, "section": s, "lines": n} for s, n in sections.items()]
    return {url: [{"page": p, "lines": list(dict.fromkeys(lines))} for p, lines in sorted(by_page.items())]
            for url, by_page in pages.items()}, places


def check_host(sources: list[Source], workspace, settings: Settings, stop_at: float | None = None,
               allowed: dict[str, str] | None = None) -> dict[str, dict]:
    """Check one host's URLs (one request at a time): a LinkChecker pass, then retry passes for transient failures.

    At stop_at (time.monotonic()) it stops: a URL never finished is not-checked, a failed one keeps its last
    verdict. Returns {url: {"verdict", "observation", "attempts", "waited", "asked"}}.
    """
    outcome: dict[str, dict] = {s.url: {"attempts": 0, "waited": 0.0, "asked": None} for s in sources}
    pending = list(sources)
    for attempt in range(1, settings.retries + 2):
        observed = engine.run_linkchecker([s.url for s in pending], workspace, stop_at)
        retry = []
        for source in pending:
            obs = observed[source.url]
            verdict = classify(obs, source.expect, source.quotes, allowed, settings)
            entry = outcome[source.url]
            if verdict.status == "not-checked" and "verdict" in entry:
                continue  # a retry the budget cut short: the last real answer stands
            entry.update(verdict=verdict, observation=obs)
            entry["attempts"] += verdict.status != "not-checked"
            if verdict.transient:
                retry.append(source)
        if not retry or attempt > settings.retries:
            break
        waits = {s.url: retry_wait(outcome[s.url]["verdict"].retry_after, attempt, settings, settings.retry_after_cap)
                 for s in retry}  # {url: (seconds to wait, seconds asked for)}
        for url, (_, asked) in waits.items():
            outcome[url]["asked"] = outcome[url]["asked"] if asked is None else asked
        wait = max(seconds for seconds, _ in waits.values())
        if stop_at is not None and time.monotonic() + wait >= stop_at:
            break  # no time for another attempt: the last verdicts stand
        time.sleep(wait)
        for source in retry:
            outcome[source.url]["waited"] += wait
        pending = retry
    return outcome


def offline_note(records: list[dict]) -> str | None:
    """One line when every URL failed its DNS lookup: the machine, not the sites, is the problem."""
    if records and all(r["status"] == "unreachable" and "(DNS)" in r["detail"] for r in records):
        return (f"every URL ({len(records)}) failed its DNS lookup: this machine looks offline "
                "(no network or no name server); the sites were not checked")
    return None


def _record(source: Source, result: dict, cited: dict, quote_places: dict | None = None) -> dict:
    verdict, obs = result["verdict"], result["observation"]
    detail = short(verdict.detail, MAX_DETAIL)
    if verdict.transient:  # still failing after every attempt
        detail += f"; {result['attempts']} attempt{'s' if result['attempts'] != 1 else ''}"
        if result["asked"] is not None and result["asked"] > result["waited"]:
            detail += f" (Retry-After asked {result['asked']:.0f} s; waited {result['waited']:.0f} s, the cap)"
    redirected = verdict.status == "redirected" or (obs.redirects and verdict.status != "ok")
    return {
        "url": source.url,
        "title": source.title,
        "status": verdict.status,
        "final_url": obs.final_url if redirected else source.url,
        "http_status": obs.http_status,
        "detail": detail,
        "attempts": result["attempts"],
        "cited_by": cited.get(source.url, []),
        "redirects": list(obs.redirects),
        "expect": list(source.expect),
        "quotes": list(source.quotes),
        "missing": list(verdict.missing),
        # each missing quote with the guide pages and sections that rely on it
        "missing_quotes": [{"quote": q, "cited_in": (quote_places or {}).get((source.url, q), [])}
                           for q in verdict.missing if q in source.quotes],
    }


def _inputs(args: argparse.Namespace):
    """Settings (with the options applied), sources, allowlist, citations and quote places, or a one-line
    ValueError; docs/ is read before the run, so that a broken page stops it at once."""
    settings = load_settings(args.settings)
    for name in OVERRIDES:
        if getattr(args, name) is not None:
            setattr(settings, name, getattr(args, name))
    sources, allowed = load_checklist(args.sources)
    for option, path in (("--json", args.json), ("--markdown", args.markdown)):
        if path is not None and path.is_dir():
            raise ValueError(f"{option} {path}: is a folder; give a file name")
        if path is not None and not path.resolve().parent.is_dir():
            raise ValueError(f"{option} {path}: folder {path.resolve().parent} does not exist")
    if not args.docs.is_dir():
        return settings, sources, allowed, {}, {}
    try:
        return settings, sources, allowed, *_citations(args.docs)
    except (ValueError, OSError, RecursionError) as exc:
        raise ValueError(" ".join(str(exc).split())[:300]) from None


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    try:
        settings, sources, allowed, cited, quote_places = _inputs(args)
    except ValueError as exc:  # SourcesError too
        print(f"error: {exc}", file=sys.stderr)
        return 2
    run_stop = started + settings.time_budget

    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_host[(urlsplit(source.url).hostname or "").lower()].append(source)

    outcomes: dict[str, dict] = {}
    host_facts: dict[str, dict] = {}
    phrases = [phrase for source in sources for phrase in (*source.expect, *source.quotes)]
    with engine.Workspace(settings, phrases) as workspace:
        def work(host: str):
            began = time.monotonic()
            stop_at = min(run_stop, began + settings.host_time_budget)
            result = check_host(by_host[host], workspace, settings, stop_at, allowed)
            return host, result, time.monotonic() - began

        workers = min(settings.max_parallel_hosts, len(by_host))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for host, result, seconds in pool.map(work, sorted(by_host)):
                outcomes.update(result)
                host_facts[host] = {"urls": len(by_host[host]), "seconds": round(seconds, 2)}

    records = [_record(s, outcomes[s.url], cited, quote_places) for s in sources]
    offline = offline_note(records)
    report = url_report.build_report(
        records, duration=time.monotonic() - started, sources_file=str(args.sources), hosts=host_facts, note=offline,
        settings_used={name: getattr(settings, name) for name in (*OVERRIDES, "host_time_budget", "user_agent")}
        | {"deadline": engine.deadline_for(settings.timeout)})
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(url_report.to_markdown(report, settings), encoding="utf-8")
    for record in records:
        if record["status"] != "ok":
            print(f"{record['status']:<11} {record['url']}  {record['detail']}")
    if offline:
        print(offline)
    print(url_report.summary_line(report))
    return 1 if any(r["status"] in FAILING for r in records) else 0


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
