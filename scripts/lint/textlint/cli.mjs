#!/usr/bin/env node
/**
 * Run textlint with the project's .textlintrc.yml through the pymdownx-aware Markdown processor
 * (scripts/lint/textlint/pymdown-blocks.cjs). Plain `npx textlint` would read `/// tab | Gmail` and
 * `///` as prose: always lint through this script (`npm run textlint`, `make lint`, pre-commit).
 *
 * Usage:
 *   node scripts/lint/textlint/cli.mjs [options] [files or folders...]
 *
 * Options:
 *   --config FILE     textlint config (default: .textlintrc.yml in the current folder)
 *   --fix             write fixable corrections back to the files
 *   --fix-dry-run     print [{filePath, output, messages}] as JSON instead of writing
 *                     (every finding, fixed or not, each with `fixed: true|false`)
 *   -h, --help        show this help
 *
 * With no files: docs/, README.md and CONTRIBUTING.md. Folders are searched for *.md.
 * Output: one "file:line:col: message [Error/rule]" per problem.
 * Exit status: 0 clean, 1 lint errors, 2 usage or configuration error.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";

const DEFAULT_TARGETS = ["docs", "README.md", "CONTRIBUTING.md"];
const HIDDEN = /(^|[\\/])(\.|node_modules([\\/]|$))/;

function fail(message) {
  process.stderr.write(message + "\n");
  process.exit(2);
}

function collect(targets) {
  const files = [];
  for (const t of targets) {
    if (!existsSync(t)) {
      if (!DEFAULT_TARGETS.includes(t)) fail(`no such file or folder: ${t}`);
    } else if (statSync(t).isDirectory()) {
      const found = readdirSync(t, { recursive: true })
        .filter((f) => /\.(md|markdown)$/.test(f) && !HIDDEN.test(f));
      files.push(...found.sort().map((f) => path.resolve(t, f)));
    } else {
      files.push(path.resolve(t));
    }
  }
  return files;
}

/** "line:col: message [Error/rule]", the message on one line (rules and prh notes span several). */
function oneLine(m) {
  const text = m.message.split(/\n+/).map((s) => s.trim()).filter(Boolean).join(" / ");
  return `${m.line}:${m.column}: ${text} [${m.severity === 1 ? "Warning" : "Error"}/${m.ruleId}]`;
}

async function main() {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        config: { type: "string", default: ".textlintrc.yml" },
        fix: { type: "boolean", default: false },
        "fix-dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    fail(`${err.message} (see --help)`);
  }
  const { values, positionals } = args;
  if (values.help) {
    const text = readFileSync(new URL(import.meta.url), "utf8");
    process.stdout.write(text.split("/**")[1].split("*/")[0].replace(/^ \* ?/gm, "").trim() + "\n");
    return 0;
  }
  if (!existsSync(values.config)) fail(`textlint config not found: ${values.config}`);
  const files = collect(positionals.length ? positionals : DEFAULT_TARGETS);
  const { createLinter, loadTextlintrc } = await import("textlint");
  const { Processor } = createRequire(import.meta.url)("./pymdown-blocks.cjs");
  const base = await loadTextlintrc({ configFilePath: path.resolve(values.config) });
  // The pymdownx-aware processor goes first: for .md the first matching plugin wins.
  const plugins = [
    { pluginId: "pymdown-blocks", plugin: { Processor }, options: true },
    ...base.plugin.toKernelPluginsFormat(),
  ];
  const linter = createLinter({ descriptor: base.shallowMerge({ plugins }) });
  const rel = (file) => path.relative(process.cwd(), file);

  if (values.fix || values["fix-dry-run"]) {
    const results = await linter.fixFiles(files);
    if (values["fix-dry-run"]) {
      const shown = results.map((r) => ({
        filePath: rel(r.filePath),
        output: r.output,
        messages: [
          ...r.applyingMessages.map((m) => ({ ...m, fixed: true })),
          ...r.remainingMessages.map((m) => ({ ...m, fixed: false })),
        ].map(({ line, column, ruleId, message, fixed }) => ({ line, column, ruleId, message, fixed })),
      }));
      process.stdout.write(JSON.stringify(shown, null, 1) + "\n");
      return 0;
    }
    for (const r of results) {
      if (r.applyingMessages.length) writeFileSync(r.filePath, r.output);
      for (const m of r.applyingMessages) process.stdout.write(`fixed ${rel(r.filePath)}:${oneLine(m)}\n`);
    }
    return 0;
  }

  let errors = 0;
  for (const r of await linter.lintFiles(files)) {
    for (const m of r.messages) process.stdout.write(`${rel(r.filePath)}:${oneLine(m)}\n`);
    errors += r.messages.length;
  }
  process.stderr.write(`textlint: ${files.length} file(s), ${errors} problem(s)\n`);
  return errors ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`textlint failed: ${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  },
);
