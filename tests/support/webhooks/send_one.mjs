// Sends one webhook delivery to a running `medic serve`, signed as GitHub signs it (with
// @octokit/webhooks-methods), and prints the HTTP status and the answer on one line.
//
//   node send_one.mjs <node_modules dir> <server URL> <secret> <event> <delivery id> <body file>

import { readFileSync } from "node:fs";
import { loadSign, postDelivery } from "./delivery.mjs";

const [modules, server, secret, event, id, bodyFile] = process.argv.slice(2);
if (!bodyFile) {
  console.error("usage: send_one.mjs <node_modules> <server URL> <secret> <event> <id> <body file>");
  process.exit(2);
}
const sign = await loadSign(modules);
const body = readFileSync(bodyFile, "utf8");
const response = await postDelivery({ server, secret, sign, event, id, body });
console.log(`${response.status} ${(await response.text()).trim()}`);
