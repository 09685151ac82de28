'use strict';
// Helpers of self_check.js: a checker that prints each result, starting a server script and
// waiting for its port file, an HTTP client, and JWT signing.

const {spawn} = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const k_start_timeout_ms = 600000; // the first run installs ~400 MB of npm packages

class Checker {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }

  ok(name, condition, detail) {
    if (condition) {
      this.passed += 1;
      console.log(`ok   - ${name}`);
    } else {
      this.failed += 1;
      console.log(`FAIL - ${name}${detail === undefined ? '' : `\n       ${JSON.stringify(detail).slice(0, 2000)}`}`);
    }
  }

  /// Checks an HTTP status, and optionally more about the answer.
  eq(name, actual, expected, extra = true) {
    this.ok(name, actual === expected && Boolean(extra), {status: actual, expected, extra_condition: Boolean(extra)});
  }
}

/// Starts `script` (a run_*.sh next to this file) and resolves once its port file appears.
function start_script(work, name, script, args) {
  const port_file = path.join(work, `${name}.port`);
  const started = Date.now();
  const child = spawn(path.join(__dirname, script), ['--port-file', port_file, ...args], {stdio: ['ignore', 'inherit', 'pipe']});
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (fs.existsSync(port_file)) {
        clearInterval(poll);
        const port = Number(fs.readFileSync(port_file, 'utf8'));
        resolve({
          base_url: `http://127.0.0.1:${port}`, startup_ms: Date.now() - started, warm: !/installing/.test(stderr), stderr: () => stderr,
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      } else if (child.exitCode !== null || Date.now() - started > k_start_timeout_ms) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`${script} did not start: ${stderr}`));
      }
    }, 20);
  });
}

/// Starts the API server with `config`; the state file is `<work>/<name>.state.json`.
async function start_server(work, name, config) {
  const config_file = path.join(work, `${name}.config.json`);
  const state_file = path.join(work, `${name}.state.json`);
  fs.writeFileSync(config_file, JSON.stringify(config));
  const server = await start_script(work, name, 'run_server.sh', ['--config', config_file, '--state-file', state_file]);
  return {...server, state_file};
}

/// An RS256 JWT as a GitHub App signs it.
function sign_jwt(private_key, claims) {
  const part = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
  const signed = `${part({alg: 'RS256', typ: 'JWT'})}.${part(claims)}`;
  return `${signed}.${crypto.sign('RSA-SHA256', Buffer.from(signed), private_key).toString('base64url')}`;
}

/// fetch with GitHub's headers; options: auth (null = none), body (JSON), raw + type.
function api_client(base_url, default_auth) {
  return async (method, url, options = {}) => {
    const headers = {accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'medic-self-check'};
    Object.assign(headers, options.headers ?? {});
    const auth = options.auth === undefined ? default_auth : options.auth;
    if (auth) headers.authorization = auth;
    let body;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.type;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    }
    const response = await fetch(base_url + url, {method, headers, body});
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return {status: response.status, headers: response.headers, json, text};
  };
}

module.exports = {Checker, start_script, start_server, sign_jwt, api_client};
