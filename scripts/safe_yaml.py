"""YAML loading that refuses aliases, for every data file and front matter the tooling reads.

    load(text) -> the document, like yaml.safe_load, but an alias (`*name`) raises yaml.YAMLError

Why: a "billion laughs" document (anchors referring to anchors, nine levels deep) is a few hundred
bytes, and anything that walks the loaded data (scripts/doclinks.py walks every front matter
string) then runs out of memory after half a minute. None of the project's YAML needs aliases,
so they are refused at the first `*`, with the line of the alias in the error.
"""

from __future__ import annotations

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent


class NoAliasLoader(yaml.SafeLoader):
    """yaml.SafeLoader that raises ComposerError on the first alias."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, f"YAML aliases (*{event.anchor}) are not allowed here",
                                event.start_mark)
        return super().compose_node(parent, index)


def load(text: str):
    """Load one YAML document with yaml.SafeLoader's types, refusing aliases."""
    return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 - NoAliasLoader is a SafeLoader
