"""Linters for the pages and workflows (Markdown, /// block markers, workflows); textlint lives in textlint/."""
