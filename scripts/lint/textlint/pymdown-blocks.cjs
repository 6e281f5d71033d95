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
