"""YAML loading that refuses aliases: load(text, dates=True) is yaml.safe_load, but an alias (`*name`)
raises yaml.YAMLError with its line; dates=False keeps dates as text (front matter: 2026-11-31 is
reported, not raised). Why: a few hundred bytes of "billion laughs" aliases exhaust memory in anything
that walks the data, and none of the project's YAML needs aliases.
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


class NoAliasTextDatesLoader(NoAliasLoader):
    """NoAliasLoader that keeps dates as text."""

    yaml_implicit_resolvers = {k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
                               for k, v in NoAliasLoader.yaml_implicit_resolvers.items()}


def load(text: str, dates: bool = True):
    """Load one YAML document with yaml.SafeLoader's types (dates as text unless `dates`), refusing aliases."""
    return yaml.load(text, Loader=NoAliasLoader if dates else NoAliasTextDatesLoader)  # noqa: S506 - SafeLoaders
