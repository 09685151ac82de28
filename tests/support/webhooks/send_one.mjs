// Sends one webhook delivery to a running `medic serve`, signed as GitHub signs it (with
// @octokit/webhooks-methods), and prints the HTTP status and the answer on one line.
//
//   node send_one.mjs <node_modules dir> <server URL> <secret> <event> <delivery id> <body file>

import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [modules, server, secret, event, id, bodyFile] = process.argv.slice(2);
if (!bodyFile) {
  console.error("usage: send_one.mjs <node_modules> <server URL> <secret> <event> <id> <body file>");
  process.exit(2);
}
const { sign } = await import(
  pathToFileURL(path.join(modules, "@octokit/webhooks-methods/dist-node/index.js")).href
);
const body = readFileSync(bodyFile, "utf8");
const response = await fetch(`${server}/webhook`, {
  method: "POST",
  body,
  headers: {
    "Content-Type": "application/json",
    "User-Agent": "GitHub-Hookshot/medic-test",
    "X-GitHub-Event": event,
    "X-GitHub-Delivery": id,
    "X-Hub-Signature-256": await sign(secret, body),
  },
});
console.log(`${response.status} ${(await response.text()).trim()}`);
