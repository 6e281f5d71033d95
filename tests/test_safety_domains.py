"""The allowed-domain table on docs/safety.md (#why-official-only) must match links.yml allowed_domains.

Readers are told "this guide links only to these domains"; if a domain is added to or removed from
scripts/data/links.yml, the table has to change with it, and this test says which row is missing or extra.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAFETY = ROOT / "docs" / "safety.md"
HEADING_RE = re.compile(r"^##\s.*\{\s*#why-official-only\s*\}\s*$")
ROW_RE = re.compile(r"^\|\s*([a-z0-9.-]+\.[a-z]{2,})\s*\|")


def table_hosts() -> dict[str, int]:
    """Return {host: line number} for the first-column hosts of the table under #why-official-only."""
    hosts: dict[str, int] = {}
    in_section = False
    for no, line in enumerate(SAFETY.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("## "):
            in_section = bool(HEADING_RE.match(line))
            continue
        if in_section:
            m = ROW_RE.match(line)
            if m:
                hosts[m.group(1)] = no
    return hosts


def test_section_has_a_domain_table():
    assert table_hosts(), "docs/safety.md: no domain table found under the `{ #why-official-only }` heading"


def test_domain_table_matches_links_yml(links_data):
    allowed = {d["host"] for d in links_data["allowed_domains"]}
    shown = table_hosts()
    errors = [f"docs/safety.md: table lacks a row for {h} (listed in scripts/data/links.yml allowed_domains)"
              for h in sorted(allowed - shown.keys())]
    errors += [f"docs/safety.md:{shown[h]}: {h} is in the table but not in scripts/data/links.yml allowed_domains"
               for h in sorted(shown.keys() - allowed)]
    assert not errors, "\n".join(errors)
