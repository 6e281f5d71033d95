/**
 * textlint processor for MkDocs Material + pymdown-extensions Markdown (used by cli.mjs).
 *
 * textlint's own parser reads `/// tab | Gmail` … `///` as one paragraph with the markers in it. This
 * processor parses a masked copy of the file, character for character (every line and column stays):
 * an opener `/// name | title` becomes a heading `#   title` (the label is still linted), an opener
 * without a title, a closer, the option lines under an opener, abbreviations `*[SY]: …` and footnote
 * definitions (word-for-word quotes of official pages) become blank, and attribute lists `{ #id }` and
 * footnote references `[^id]` become spaces (「…。[^id]」 still ends in 「。」). Fenced code stays.
 * Rules and `--fix` see the original text, so the markers are never touched.
 */
"use strict";

const { parse } = require("@textlint/markdown-to-ast");

const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
// pymdownx.blocks header: 3+ slashes, a block name, optionally "| title".
const OPENER = /^([ \t]*)(\/{3,})[ \t]*([A-Za-z][\w-]*)[ \t]*(?:\|[ \t]*(.*?))?[ \t]*$/;
const CLOSER = /^([ \t]*)(\/{3,})[ \t]*$/;
const OPTION = /^[ \t]{4,}\S/;
const ABBR = /^\*\[[^\]]+\]:/;
const FOOTNOTE_DEF = /^\[\^[^\]]+\]:/;
const FOOTNOTE_REF = /\[\^[^\]\s]+\](?!:)/g;
const ATTR_ITEM = String.raw`(?:[#.][^\s{}]+|[\w:-]+=(?:"[^"]*"|'[^']*'|[^\s{}"']+))`;
const ATTR_LIST = new RegExp(String.raw`\{:?[ \t]*${ATTR_ITEM}(?:[ \t]+${ATTR_ITEM})*[ \t]*:?\}`, "g");

/** Replace every character except line breaks with a space. */
function blank(s) {
  return s.replace(/[^\r\n]/g, " ");
}

/** `text` with pymdownx block markers, attribute lists and footnotes masked (same length, same lines). */
function maskPymdown(text) {
  const lines = text.split("\n");
  let fence = null; // the fence that opened the current code block
  let inOptions = false; // right after a block opener: its indented YAML option lines
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const body = line.replace(/\r$/, "");
    const f = body.match(FENCE);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && body.trim() === f[1]) fence = null;
      continue;
    }
    if (f) {
      fence = f[1];
      inOptions = false;
      continue;
    }
    const option = inOptions && OPTION.test(body);
    const open = !option && body.match(OPENER);
    if (open && open[4]) {
      // The title (a tab label, an admonition title) stays, as a heading.
      const start = body.lastIndexOf(open[4]);
      lines[i] = open[1] + "#" + " ".repeat(start - open[1].length - 1) + line.slice(start);
    } else if (option || open || CLOSER.test(body) || ABBR.test(body) || FOOTNOTE_DEF.test(body)) {
      lines[i] = blank(line);
    } else {
      lines[i] = line.replace(ATTR_LIST, blank).replace(FOOTNOTE_REF, blank);
    }
    inOptions = option || Boolean(open);
  }
  return lines.join("\n");
}

class PymdownMarkdownProcessor {
  constructor(config = {}) {
    this.extensions = config.extensions || [];
  }

  availableExtensions() {
    return [".md", ".markdown", ...this.extensions];
  }

  processor() {
    return {
      preProcess: (text) => parse(maskPymdown(text)),
      postProcess: (messages, filePath) => ({ messages, filePath: filePath || "<markdown>" }),
    };
  }
}

module.exports = { Processor: PymdownMarkdownProcessor, maskPymdown };
