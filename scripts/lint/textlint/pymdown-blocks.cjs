/**
 * textlint processor for the Markdown this site uses (MkDocs Material + pymdown-extensions).
 *
 * The built-in textlint Markdown parser does not know the pymdownx "blocks" syntax, so
 *
 *     /// tab | Gmail
 *     本文です。
 *     ///
 *
 * is read as one paragraph "/// tab | Gmail 本文です。 ///": the markers leak into sentences
 * (ja-no-mixed-period, sentence-length ...). This processor parses a *masked* copy of the file
 * in which, character for character (so every offset, line and column stays the same):
 *
 *   - a block opener `/// name | title` becomes an ATX heading `#         title`: the title (a tab
 *     label, an admonition title) is still linted, as a heading, and the marker is gone;
 *   - an opener without a title, a closer `///` and the option lines under an opener
 *     (`    type: tip`) become blank;
 *   - attribute lists `{ #ascii-id }`, `{ .class }`, `{ key="value" }` become spaces;
 *   - abbreviation definitions `*[SY]: ...` become blank;
 *   - footnote definitions `[^id]: [title](url)「...」` become blank: they are citations that quote an
 *     official page word for word, so the site's own prose rules do not apply to them;
 *   - footnote references `[^id]` become spaces, so a sentence that ends 「…。[^id]」 still ends in 「。」.
 *
 * Fenced code blocks are left alone. Block bodies are unindented in this project, so they stay
 * ordinary paragraphs and lists and are linted like any other text. The AST comes from the masked
 * text; the source text the rules and the fixer see is the original file, so `--fix` never touches
 * the markers.
 *
 * Used by scripts/lint/textlint/cli.mjs, which puts this processor in front of the built-in Markdown one.
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

/**
 * Return `text` with pymdownx block markers and attribute lists masked (same length, same lines).
 * @param {string} text
 * @returns {string}
 */
function maskPymdown(text) {
  const lines = text.split("\n");
  let fence = null; // the fence string that opened the current code block
  let inOptions = false; // directly after a block opener: indented YAML option lines
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const body = line.replace(/\r$/, "");
    const cr = line.length - body.length;
    if (fence) {
      const m = body.match(FENCE);
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && body.trim() === m[1]) {
        fence = null;
      }
      continue;
    }
    const f = body.match(FENCE);
    if (f) {
      fence = f[1];
      inOptions = false;
      continue;
    }
    if (inOptions && OPTION.test(body)) {
      lines[i] = blank(body) + "\r".repeat(cr);
      continue;
    }
    inOptions = false;
    const open = body.match(OPENER);
    if (open) {
      const [, indent, , , title] = open;
      if (title) {
        const start = body.lastIndexOf(title);
        lines[i] = indent + "#" + " ".repeat(start - indent.length - 1) + body.slice(start);
      } else {
        lines[i] = blank(body);
      }
      lines[i] += "\r".repeat(cr);
      inOptions = true;
      continue;
    }
    if (CLOSER.test(body) || ABBR.test(body) || FOOTNOTE_DEF.test(body)) {
      lines[i] = blank(body) + "\r".repeat(cr);
      continue;
    }
    let masked = body;
    if (masked.includes("{")) {
      masked = masked.replace(ATTR_LIST, (m) => blank(m));
    }
    if (masked.includes("[^")) {
      masked = masked.replace(FOOTNOTE_REF, (m) => blank(m));
    }
    if (masked !== body) {
      lines[i] = masked + "\r".repeat(cr);
    }
  }
  return lines.join("\n");
}

class PymdownMarkdownProcessor {
  constructor(config = {}) {
    this.config = config;
    this.extensions = config.extensions ? config.extensions : [];
  }

  availableExtensions() {
    return [".md", ".markdown"].concat(this.extensions);
  }

  processor(_ext) {
    return {
      preProcess(text, _filePath) {
        return parse(maskPymdown(text));
      },
      postProcess(messages, filePath) {
        return { messages, filePath: filePath ? filePath : "<markdown>" };
      },
    };
  }
}

module.exports = { Processor: PymdownMarkdownProcessor, maskPymdown };
