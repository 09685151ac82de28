// Prints one webhook payload GitHub's Octokit project publishes (@octokit/webhooks-examples) as
// JSON, for a test to adapt with jq: the first example of <event> whose action is <action>
// ("-" for events without one). Exits 1 when there is none.
//
//   node example.mjs <node_modules dir> <event> <action>

import { createRequire } from "node:module";
import path from "node:path";

const [modules, event, action] = process.argv.slice(2);
if (!action) {
  console.error("usage: example.mjs <node_modules> <event> <action|->");
  process.exit(2);
}
const require = createRequire(path.join(modules, "noop.js"));
const found = require("@octokit/webhooks-examples")
  .find((e) => e.name === event)
  ?.examples.find((example) => (action === "-" ? !("action" in example) : example.action === action));
if (!found) {
  console.error(`@octokit/webhooks-examples has no ${event} example with action ${action}`);
  process.exit(1);
}
console.log(JSON.stringify(found));
