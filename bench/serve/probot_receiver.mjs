// bench/serve's baseline: the receive path Probot uses — @octokit/webhooks' createNodeMiddleware
// on Node's http server, verifying each signature and queueing the event in memory (what
// Probot's handlers then take from). Prints "listening <port>" once ready.
//
//   node probot_receiver.mjs <node_modules dir> <secret>

import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [modules, secret] = process.argv.slice(2);
const load = (name, file) => import(pathToFileURL(path.join(modules, name, file)).href);
const { Webhooks, createNodeMiddleware } = await load("@octokit/webhooks", "dist-bundle/index.js");

const webhooks = new Webhooks({ secret });
const queue = [];
webhooks.onAny((event) => {
  queue.push(event.id);
  if (queue.length > 100000) queue.length = 0; // memory stays bounded over a long run
});
const middleware = createNodeMiddleware(webhooks, { path: "/webhook" });
const server = http.createServer((request, response) => {
  middleware(request, response).then((handled) => {
    if (!handled) { response.writeHead(404); response.end(); }
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
