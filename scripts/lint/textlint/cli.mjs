#!/usr/bin/env node
/**
 * Run textlint with the project's .textlintrc.yml, using the pymdownx-aware Markdown processor
 * (scripts/lint/textlint/pymdown-blocks.cjs) instead of textlint's built-in one.
 *
 * Plain `npx textlint` would read `/// tab | Gmail` and `///` as prose; always lint through this
 * script (`npm run textlint`, `make test`, the pre-commit hook).
 *
 * Usage:
 *   node scripts/lint/textlint/cli.mjs [options] [files or folders...]
 *
 * Options:
 *   --config FILE     textlint config (default: .textlintrc.yml in the current folder)
 *   --format NAME     linter output format: unix (default, "file:line:col: message"), stylish, json
 *   --fix             write fixable corrections back to the files
 *   --fix-dry-run     print [{filePath, output, applied}] as JSON instead of writing
 *   -h, --help        show this help
 *
 * With no files: docs/, README.md and CONTRIBUTING.md. Folders are searched for *.md.
 * Exit status: 0 clean, 1 lint errors, 2 usage or configuration error.
 */
import { existsSync, readdirSync, statSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { createLinter, loadTextlintrc, loadLinterFormatter } from "textlint";

const require = createRequire(import.meta.url);
const pymdown = require("./pymdown-blocks.cjs");

const DEFAULT_TARGETS = ["docs", "README.md", "CONTRIBUTING.md"];

function usage(code) {
  const text = readFileSync(new URL(import.meta.url), "utf8");
  const doc = text.split("/**")[1].split("*/")[0].replace(/^ \* ?/gm, "").trim();
  (code ? process.stderr : process.stdout).write(doc + "\n");
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { config: ".textlintrc.yml", format: "unix", fix: false, dryRun: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") usage(0);
    else if (a === "--config") opts.config = argv[++i];
    else if (a === "--format") opts.format = argv[++i];
    else if (a === "--fix") opts.fix = true;
    else if (a === "--fix-dry-run") opts.fix = opts.dryRun = true;
    else if (a.startsWith("-")) {
      process.stderr.write(`unknown option: ${a}\n`);
      usage(2);
    } else opts.files.push(a);
  }
  return opts;
}

function collect(targets) {
  const out = [];
  const walk = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith(".") || name === "node_modules") continue;
        walk(path.join(p, name));
      }
    } else if (/\.(md|markdown)$/.test(p)) {
      out.push(path.resolve(p));
    }
  };
  for (const t of targets) {
    if (existsSync(t)) walk(t);
    else if (!DEFAULT_TARGETS.includes(t)) {
      process.stderr.write(`no such file or folder: ${t}\n`);
      process.exit(2);
    }
  }
  return out;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(opts.config)) {
    process.stderr.write(`textlint config not found: ${opts.config}\n`);
    process.exit(2);
  }
  const files = collect(opts.files.length ? opts.files : DEFAULT_TARGETS);
  const base = await loadTextlintrc({ configFilePath: path.resolve(opts.config) });
  // Put the pymdownx-aware processor first: for .md the first matching plugin wins.
  const descriptor = base.shallowMerge({
    plugins: [
      { pluginId: "pymdown-blocks", plugin: { Processor: pymdown.Processor }, options: true },
      ...base.plugin.toKernelPluginsFormat(),
    ],
  });
  const linter = createLinter({ descriptor });

  if (opts.fix) {
    const results = await linter.fixFiles(files);
    if (opts.dryRun) {
      const rel = results.map((r) => ({
        filePath: path.relative(process.cwd(), r.filePath),
        output: r.output,
        applied: r.applyingMessages.map((m) => ({ line: m.line, column: m.column, ruleId: m.ruleId, message: m.message })),
      }));
      process.stdout.write(JSON.stringify(rel, null, 1) + "\n");
      return 0;
    }
    for (const r of results) {
      if (r.applyingMessages.length) writeFileSync(r.filePath, r.output);
      for (const m of r.applyingMessages) {
        process.stdout.write(`fixed ${path.relative(process.cwd(), r.filePath)}:${m.line}:${m.column}: ${m.message}\n`);
      }
    }
    return 0;
  }

  const results = await linter.lintFiles(files);
  for (const r of results) {
    r.filePath = path.relative(process.cwd(), r.filePath);
    // One finding per line ("file:line:col: message [rule]"): rules and prh notes span several lines.
    for (const m of r.messages) {
      m.message = m.message.split(/\n+/).map((s) => s.trim()).filter(Boolean).join(" / ");
    }
  }
  const formatter = await loadLinterFormatter({ formatterName: opts.format, color: false });
  const output = formatter.format(results);
  if (output.trim()) process.stdout.write(output.endsWith("\n") ? output : output + "\n");
  const errors = results.reduce((n, r) => n + r.messages.length, 0);
  if (opts.format !== "json") {
    process.stderr.write(`textlint: ${files.length} file(s), ${errors} problem(s)\n`);
  }
  return errors ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`textlint failed: ${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  }
);
