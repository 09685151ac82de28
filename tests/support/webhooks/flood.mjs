// Sends <count> signed deliveries with unique ids to a running `medic serve`, <concurrency> at a
// time, and SIGKILLs process <pid> the moment the <kill-after>th one is acknowledged (0: never).
// Each delivery is the installation.created example GitHub's Octokit project publishes, with
// its own installation id, so processing it leaves one row a test can count; or, with the event
// repository_dispatch, its repository_dispatch example sending an anomaly report (an empty one)
// for one of 16 repositories. Writes the ids that got a 2xx to <acked file>, one per line;
// prints a JSON summary. Deliveries refused or unanswered after the kill are expected: GitHub
// would redeliver them.
//
//   node flood.mjs <node_modules> <server URL> <secret> <tag> <count> <concurrency> \
//                  <kill-after> <pid> <acked file> [installation|repository_dispatch]

import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadSign, postDelivery } from "./delivery.mjs";

const [modules, server, secret, tag, countText, concurrencyText, killText, pidText, ackedFile,
       event = "installation"] = process.argv.slice(2);
if (!ackedFile) {
  console.error("usage: flood.mjs <modules> <url> <secret> <tag> <count> <concurrency> <kill-after> <pid> <acked file>");
  process.exit(2);
}
const count = Number(countText);
const killAfter = Number(killText);
const require = createRequire(path.join(modules, "noop.js"));
const examples = require("@octokit/webhooks-examples");
const templates = {
  installation: examples.find((e) => e.name === "installation")
    .examples.find((e) => e.action === "created"),
  repository_dispatch: examples.find((e) => e.name === "repository_dispatch").examples[0],
};
const template = templates[event];
if (!template) {
  console.error(`flood.mjs: no deliveries of ${event}: installation or repository_dispatch`);
  process.exit(2);
}
// The payload of delivery <index>.
function payloadOf(index) {
  const payload = structuredClone(template);
  if (event === "installation") {
    payload.installation.id = 1_000_000 + index;
    return payload;
  }
  payload.action = "medic-anomaly-report";
  payload.client_payload = { anomaly_report: { anomalies: [] } };
  payload.installation = { id: 1_000_000 + index };
  payload.repository.name = `repo-${index % 16}`;
  payload.repository.full_name = `${payload.repository.owner.login}/${payload.repository.name}`;
  return payload;
}
const sign = await loadSign(modules);

const acked = [];
const summary = { sent: 0, acked: 0, refused: 0, unanswered: 0, killed_after: null };
let next = 0;

async function sendOne(index) {
  const body = JSON.stringify(payloadOf(index));
  const id = `${tag}-${index}`;
  summary.sent++;
  try {
    const response = await postDelivery({ server, secret, sign, event, id, body });
    await response.arrayBuffer();
    if (response.status < 200 || response.status > 299) {
      summary.refused++;
      return;
    }
    acked.push(id);
    summary.acked++;
    if (summary.acked === killAfter) {
      summary.killed_after = summary.acked;
      process.kill(Number(pidText), "SIGKILL");
    }
  } catch {
    summary.unanswered++; // the connection broke: the server is gone
  }
}

async function lane() {
  while (next < count) await sendOne(next++);
}
await Promise.all(Array.from({ length: Number(concurrencyText) }, lane));
if (killAfter > 0 && summary.killed_after === null) {
  // Fewer acknowledgements than the kill point: kill now, so the test fails on the count
  // instead of waiting for a server that is never killed.
  summary.killed_after = `the end (${summary.acked} acknowledged)`;
  process.kill(Number(pidText), "SIGKILL");
}
writeFileSync(ackedFile, acked.join("\n") + (acked.length ? "\n" : ""));
console.log(JSON.stringify(summary));
