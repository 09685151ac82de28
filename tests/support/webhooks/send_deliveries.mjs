// Sends every webhook example GitHub's Octokit project publishes (@octokit/webhooks-examples) to
// a running `medic serve`, signed the way @octokit/webhooks-methods signs them, plus the
// deliveries a server must refuse. Prints one JSON summary; exits 1 on any unexpected answer.
//
//   node send_deliveries.mjs <node_modules dir> <server URL> <secret> <run tag> [<body limit>]

import { createRequire } from "node:module";
import path from "node:path";
import { loadSign, postDelivery } from "./delivery.mjs";

const [modules, server, secret, tag, limitText] = process.argv.slice(2);
if (!modules || !server || !secret || !tag) {
  console.error("usage: send_deliveries.mjs <node_modules> <server URL> <secret> <tag> [<limit>]");
  process.exit(2);
}
const require = createRequire(path.join(modules, "noop.js"));
const examples = require("@octokit/webhooks-examples");
const sign = await loadSign(modules);

// The events and actions medic serve processes today (bot/serve/webhook_intake.cpp).
const processed = (event, action) =>
  ["ping", "installation", "installation_repositories", "push"].includes(event) ||
  (["check_suite", "check_run"].includes(event) && action === "completed") ||
  (event === "issue_comment" && action === "created") ||
  (event === "pull_request_review" && action === "submitted") ||
  (event === "pull_request" && action === "closed");

const failures = [];
const summary = { sent: 0, queued: 0, ignored: 0, duplicate: 0, refused: {} };

async function post(id, event, body, { signature, contentType } = {}) {
  const response = await postDelivery({ server, secret, sign, event, id, body, signature, contentType });
  const text = await response.text();
  let json = {};
  try { json = JSON.parse(text); } catch { /* 413 from the transport may have no JSON */ }
  return { status: response.status, json, text };
}

function expect(what, condition, detail) {
  if (!condition) failures.push(`${what}: ${detail}`);
}

let first = null;
for (const event of examples) {
  event.examples.forEach((example, index) => {
    example.__id = `${tag}-${event.name}-${index}`;
  });
  for (const example of event.examples) {
    const { __id: id, ...payload } = example;
    const body = JSON.stringify(payload);
    const answer = await post(id, event.name, body);
    summary.sent++;
    const wanted = processed(event.name, payload.action ?? "") ? "queued" : "ignored";
    expect(id, answer.status === 202 && answer.json.status === wanted,
           `expected 202 ${wanted}, got ${answer.status} ${answer.text.trim()}`);
    if (answer.json.status) summary[answer.json.status]++;
    first ??= { id, event: event.name, body };
  }
}

// One of Medic's own pull requests, merged: the outcome is recorded.
const closed = examples.find((e) => e.name === "pull_request").examples
  .find((e) => e.action === "closed");
const medicPull = structuredClone(closed);
delete medicPull.__id;
medicPull.pull_request.head.ref = "medic/slow/shop-search-handle-0123abcd";
medicPull.pull_request.merged = true;
medicPull.pull_request.merge_commit_sha = "0123456789abcdef0123456789abcdef01234567";
const medicAnswer = await post(`${tag}-medic-pull`, "pull_request", JSON.stringify(medicPull));
expect("medic pull request", medicAnswer.status === 202 && medicAnswer.json.status === "queued",
       medicAnswer.text);

// The same delivery again (GitHub redelivers with the same id): acknowledged, not processed.
const again = await post(first.id, first.event, first.body);
expect("duplicate", again.status === 202 && again.json.status === "duplicate", again.text);
if (again.json.status === "duplicate") summary.duplicate++;

// Deliveries a server must refuse.
async function refused(what, expected, answerPromise) {
  const answer = await answerPromise;
  summary.refused[what] = answer.status;
  expect(what, answer.status === expected, `expected ${expected}, got ${answer.status} ${answer.text}`);
  expect(`${what} leaks no secret`, !answer.text.includes(secret), "the secret is in the answer");
}
const ping = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
await refused("bad signature", 401,
              post(`${tag}-forged`, "ping", ping, { signature: await sign("not-the-secret", ping) }));
await refused("tampered body", 401,
              post(`${tag}-tampered`, "ping", ping.replace("awesome", "awful"),
                   { signature: await sign(secret, ping) }));
await refused("form-encoded body", 415,
              post(`${tag}-form`, "ping", `payload=${encodeURIComponent(ping)}`,
                   { contentType: "application/x-www-form-urlencoded" }));
await refused("missing delivery id", 400, post("", "ping", ping));
await refused("missing event", 400, post(`${tag}-no-event`, "", ping));
await refused("not a JSON object", 400, post(`${tag}-array`, "ping", "[1,2,3]"));
if (limitText) {
  const big = JSON.stringify({ zen: "x".repeat(Number(limitText) + 1024), hook_id: 2 });
  await refused("over the body limit", 413, post(`${tag}-big`, "ping", big));
}

console.log(JSON.stringify({ ...summary, failures }, null, 2));
process.exit(failures.length ? 1 : 0);
