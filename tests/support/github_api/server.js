#!/usr/bin/env node
'use strict';
// A local GitHub REST/GraphQL server for tests (see README.md):
//   run_server.sh --config <config.json> --port-file <file> [--state-file <file>]
// Listens on 127.0.0.1, port 0; writes the port to --port-file once listening.

const fs = require('node:fs');
const http = require('node:http');
const {OpenApiValidator} = require('./openapi_validator');
const {load_config, check_fault, k_conclusions} = require('./config');
const {GitRepo} = require('./git_repo');
const {State} = require('./state');
const {Bodies} = require('./bodies');
const {Auth} = require('./auth');
const {Dispatcher} = require('./dispatch');

const k_routes = [
  ...require('./routes_repo'),
  ...require('./routes_git'),
  ...require('./routes_pulls'),
  ...require('./routes_issues'),
  ...require('./routes_checks'),
  ...require('./routes_hooks'),
  ...require('./routes_artifacts'),
  ...require('./routes_collaborators'),
  ...require('./routes_tracker'),
];
const k_max_body = 32 * 1024 * 1024;

function parse_args(argv) {
  const args = {config: null, port_file: null, state_file: null};
  for (let i = 0; i < argv.length; ++i) {
    const key = {'--config': 'config', '--port-file': 'port_file', '--state-file': 'state_file'}[argv[i]];
    if (!key || i + 1 >= argv.length) throw new Error(`usage: server.js --config <file> --port-file <file> [--state-file <file>] (bad argument "${argv[i]}")`);
    args[key] = argv[++i];
  }
  if (!args.port_file) throw new Error('--port-file is required');
  return args;
}

function write_atomically(file, text) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function read_body(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > k_max_body) reject(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res, status, headers, body) {
  const text = body === undefined || status === 204 ? '' : JSON.stringify(body);
  const all = {...headers};
  if (text) all['content-type'] = 'application/json; charset=utf-8';
  all['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(status, all);
  res.end(text);
}

/// The test-only endpoints under /__admin/ (not GitHub's; not validated, not logged).
function admin(server, method, path, body) {
  const {state} = server;
  const parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
  if (method === 'GET' && path === '/__admin/state') return [200, state.snapshot()];
  if (method === 'GET' && path === '/__admin/violations') return [200, state.violations];
  if (method === 'POST' && path === '/__admin/ci') {
    if (!k_conclusions.includes(parsed?.conclusion)) return [400, {message: `conclusion must be one of ${k_conclusions.join(', ')}`}];
    state.ci_conclusion = parsed.conclusion;
    state.ci_changed_at = Date.now();
    state.settle();
    return [200, {ci_conclusion: state.ci_conclusion}];
  }
  if (method === 'POST' && path === '/__admin/webhook') {
    if (typeof parsed?.url !== 'string' || typeof parsed?.secret !== 'string') return [400, {message: 'give {url, secret}'}];
    state.webhook = {url: parsed.url, secret: parsed.secret};
    return [200, {url: parsed.url}];
  }
  if (method === 'POST' && path === '/__admin/hook_deliveries') {
    for (const d of Array.isArray(parsed) ? parsed : [parsed]) {
      if (typeof d?.guid !== 'string' || typeof d?.event !== 'string' || typeof d?.payload !== 'object') return [400, {message: 'each needs {guid, event, payload, status_code?, action?}'}];
      const status_code = d.status_code ?? 0;
      state.hook_deliveries.push({
        id: state.id(), guid: d.guid, event: d.event, action: d.action ?? d.payload.action ?? null, payload: JSON.stringify(d.payload),
        installation_id: d.payload.installation?.id ?? null, delivered_at: Date.now(), redelivery: Boolean(d.redelivery), duration: 0.01,
        status_code, status: status_code >= 200 && status_code < 300 ? 'OK' : status_code ? `Invalid HTTP Response: ${status_code}` : 'failed to connect to host', done: true,
      });
    }
    return [200, {logged: state.hook_deliveries.length}];
  }
  if (method === 'POST' && path === '/__admin/artifacts') {
    if (!Number.isInteger(parsed?.id) || typeof parsed?.zip_base64 !== 'string') return [400, {message: 'give {id, name, zip_base64, expired?}'}];
    state.artifacts.push({id: parsed.id, name: parsed.name ?? `artifact-${parsed.id}`, zip: Buffer.from(parsed.zip_base64, 'base64'), expired: Boolean(parsed.expired)});
    return [200, {artifacts: state.artifacts.length}];
  }
  if (method === 'POST' && path === '/__admin/faults') {
    const faults = Array.isArray(parsed) ? parsed : [parsed];
    faults.forEach(check_fault);
    state.faults.push(...faults);
    return [200, {faults: state.faults}];
  }
  return [404, {message: `no admin endpoint ${method} ${path}`}];
}

function log_entry(started, req, url, result) {
  const auth = req.headers.authorization;
  return {
    time_ms: started, duration_ms: Date.now() - started, method: req.method, path: url.pathname,
    query: Object.fromEntries(url.searchParams), status: result.status, operation: result.template ?? null, fault: Boolean(result.fault),
    validation_us: Math.round(result.validation_us ?? 0),
    authorization_scheme: auth ? auth.split(/\s+/)[0] : null, accept: req.headers.accept ?? null, user_agent: req.headers['user-agent'] ?? null,
    x_github_api_version: req.headers['x-github-api-version'] ?? null, content_type: req.headers['content-type'] ?? null,
  };
}

/// The storage host a 302 from the artifacts API points to: bytes for a link that has not
/// expired, whoever asks (GitHub's links carry their own signature; a token is not needed).
function serve_blob(state, req, url, res) {
  const link = state.blob_links.get(url.pathname.slice('/__blobs/'.length));
  const artifact = link && link.expires > Date.now() ? state.artifacts.find((a) => a.id === link.id) : null;
  state.blob_requests.push({artifact_id: link?.id ?? null, status: artifact ? 200 : 403, authorization: Boolean(req.headers.authorization)});
  state.persist();
  if (!artifact) return send(res, 403, {}, {message: 'AuthenticationFailed: the link expired or never existed'});
  res.writeHead(200, {'content-type': 'application/zip', 'content-length': String(artifact.zip.length)});
  res.end(artifact.zip);
}

async function handle(server, req, res) {
  const started = Date.now();
  const url = new URL(req.url, 'http://127.0.0.1');
  let body;
  try {
    body = await read_body(req);
  } catch (error) {
    return send(res, 413, {}, {message: error.message});
  }
  if (url.pathname.startsWith('/__blobs/')) return serve_blob(server.state, req, url, res);
  if (url.pathname.startsWith('/__admin/')) {
    server.state.git.invalidate();
    let answer;
    try {
      answer = admin(server, req.method, url.pathname, body);
    } catch (error) {
      answer = [400, {message: `admin request failed: ${error.message}`}];
    }
    server.state.persist();
    return send(res, answer[0], {}, answer[1]);
  }
  const result = server.dispatcher.api(req.method, url, req.headers, body);
  server.state.settle();
  server.state.requests.push(log_entry(started, req, url, result));
  server.state.persist();
  const version = req.headers['x-github-api-version'] ?? '2022-11-28';
  send(res, result.status, {...server.dispatcher.common_headers(version), ...(result.headers ?? {})}, result.body);
}

function main() {
  const args = parse_args(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const config = load_config(args.config);
  const validator = new OpenApiValidator();
  const git = new GitRepo(config.git_dir, config.default_branch);
  const state = new State(config, git, args.state_file);
  const bodies = new Bodies(validator, config);
  const auth = new Auth(config, state);
  const dispatcher = new Dispatcher({validator, config, state, git, auth, bodies, routes: k_routes});
  const server = {state, dispatcher};
  const http_server = http.createServer((req, res) => {
    handle(server, req, res).catch((error) => {
      state.violation(req.method, req.url, `test server error: ${error.stack || error}`);
      if (!res.headersSent) send(res, 500, {}, {message: `test server error: ${error.message}`});
    });
  });
  http_server.keepAliveTimeout = 5000;
  http_server.listen(0, '127.0.0.1', () => {
    const {port} = http_server.address();
    bodies.base_url = `http://127.0.0.1:${port}`;
    state.persist();
    write_atomically(args.port_file, `${port}\n`);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stderr.write(`github api test server: listening on 127.0.0.1:${port} (started in ${ms.toFixed(0)} ms, OpenAPI loaded in ${validator.load_ms.toFixed(0)} ms)\n`);
  });
  const stop = () => {
    http_server.close();
    http_server.closeAllConnections();
    git.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (error) {
  process.stderr.write(`github api test server: ${error.message}\n`);
  process.exit(1);
}
