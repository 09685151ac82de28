// One webhook delivery as GitHub sends it: JSON, GitHub's headers, and X-Hub-Signature-256
// computed by @octokit/webhooks-methods (or the one given, for forged deliveries). Shared by the
// senders in this folder.

import path from "node:path";
import { pathToFileURL } from "node:url";

/// @octokit/webhooks-methods' sign(secret, body), loaded from <modules>.
export async function loadSign(modules) {
  const methods = await import(
    pathToFileURL(path.join(modules, "@octokit/webhooks-methods/dist-node/index.js")).href
  );
  return methods.sign;
}

/// POSTs `body` to <server>/webhook; empty `event` or `id` leave their header out. Returns the
/// fetch Response.
export async function postDelivery({ server, secret, sign, event, id, body, signature,
                                     contentType = "application/json" }) {
  const headers = { "Content-Type": contentType, "User-Agent": "GitHub-Hookshot/medic-test" };
  if (event) headers["X-GitHub-Event"] = event;
  if (id) headers["X-GitHub-Delivery"] = id;
  headers["X-Hub-Signature-256"] = signature ?? (await sign(secret, body));
  return fetch(`${server}/webhook`, { method: "POST", headers, body });
}
