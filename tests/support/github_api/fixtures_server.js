#!/usr/bin/env node
'use strict';
// @octokit/fixtures-server's middleware in an express app bound to 127.0.0.1 (the package's
// own CLI listens on every interface). Recorded api.github.com scenarios, replayed strictly in
// order; see README.md for how a test loads one and what each expects.
//   run_fixtures_server.sh --port-file <file> [--ttl <ms>] [--log-level <level>]

const fs = require('node:fs');
const http = require('node:http');
const {pathToFileURL} = require('node:url');

function parse_args(argv) {
  const args = {port_file: null, ttl: 600000, log_level: 'warn'};
  for (let i = 0; i < argv.length; ++i) {
    const key = {'--port-file': 'port_file', '--ttl': 'ttl', '--log-level': 'log_level'}[argv[i]];
    if (!key || i + 1 >= argv.length) throw new Error(`usage: fixtures_server.js --port-file <file> [--ttl <ms>] [--log-level <level>] (bad argument "${argv[i]}")`);
    args[key] = argv[++i];
  }
  if (!args.port_file) throw new Error('--port-file is required');
  args.ttl = Number(args.ttl);
  return args;
}

/// Imports an ES module package found through NODE_PATH (ESM resolution ignores NODE_PATH).
async function import_package(name) {
  return (await import(pathToFileURL(require.resolve(name)).href)).default;
}

async function main() {
  const args = parse_args(process.argv.slice(2));
  const express = require('express');
  const fixtures = await import_package('@octokit/fixtures');
  const fixtures_server = await import_package('@octokit/fixtures-server');
  // Replays are answered by nock inside this process; nothing may leave the machine.
  fixtures.nock.disableNetConnect();
  const app = express();
  app.get('/ping', (req, res) => res.json({ok: true}));
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1', () => {
    const {port} = server.address();
    // fixturesUrl is baked into every replayed URL (Link headers, "url" fields), so the
    // middleware is created once the port is known.
    app.use(fixtures_server({fixturesUrl: `http://127.0.0.1:${port}`, logLevel: args.log_level, ttl: args.ttl}));
    const tmp = `${args.port_file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, `${port}\n`);
    fs.renameSync(tmp, args.port_file);
    process.stderr.write(`github fixtures server: listening on 127.0.0.1:${port}\n`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`github fixtures server: ${error.stack || error}\n`);
  process.exit(1);
});
