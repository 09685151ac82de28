'use strict';
// The fixtures server half of self_check.js: every scenario README.md documents is replayed
// with exactly the documented requests, and a request off the script is refused.

const http = require('node:http');
const {start_script} = require('./self_check_support');

const k_headers = {
  accept: 'application/vnd.github.v3+json',
  authorization: 'token 0000000000000000000000000000000000000001',
};
const k_sha1 = '0000000000000000000000000000000000000001';
const k_sha2 = '0000000000000000000000000000000000000002';

/// The request scripts README.md lists: [method, path (with query), body, expected status].
const k_scenarios = {
  'git-refs': [
    ['GET', '/repos/octokit-fixture-org/git-refs/git/refs/', undefined, 200],
    ['POST', '/repos/octokit-fixture-org/git-refs/git/refs', {ref: 'refs/heads/test', sha: k_sha2}, 201],
    ['PATCH', '/repos/octokit-fixture-org/git-refs/git/refs/heads/test', {sha: k_sha1}, 200],
    ['GET', '/repos/octokit-fixture-org/git-refs/git/refs/', undefined, 200],
    ['DELETE', '/repos/octokit-fixture-org/git-refs/git/refs/heads/test', undefined, 204],
  ],
  labels: [
    ['GET', '/repos/octokit-fixture-org/labels/labels', undefined, 200],
    ['POST', '/repos/octokit-fixture-org/labels/labels', {name: 'test-label', color: '663399'}, 201],
    ['GET', '/repos/octokit-fixture-org/labels/labels/test-label', undefined, 200],
    ['PATCH', '/repos/octokit-fixture-org/labels/labels/test-label', {new_name: 'test-label-updated', color: 'BADA55'}, 200],
    ['DELETE', '/repos/octokit-fixture-org/labels/labels/test-label-updated', undefined, 204],
  ],
  'create-status': [
    ['POST', `/repos/octokit-fixture-org/create-status/statuses/${k_sha1}`, {state: 'failure', target_url: 'https://example.com', description: 'create-status failure test', context: 'example/1'}, 201],
    ['POST', `/repos/octokit-fixture-org/create-status/statuses/${k_sha1}`, {state: 'success', target_url: 'https://example.com', description: 'create-status success test', context: 'example/2'}, 201],
    ['GET', `/repos/octokit-fixture-org/create-status/commits/${k_sha1}/statuses`, undefined, 200],
    ['GET', `/repos/octokit-fixture-org/create-status/commits/${k_sha1}/status`, undefined, 200],
  ],
  errors: [['POST', '/repos/octokit-fixture-org/errors/labels', {name: 'foo', color: 'invalid'}, 422]],
  'paginate-issues': [
    ['GET', '/repos/octokit-fixture-org/paginate-issues/issues?per_page=3', undefined, 200],
    ['GET', '/repositories/1000/issues?per_page=3&page=2', undefined, 200],
    ['GET', '/repositories/1000/issues?per_page=3&page=3', undefined, 200],
    ['GET', '/repositories/1000/issues?per_page=3&page=4', undefined, 200],
    ['GET', '/repositories/1000/issues?per_page=3&page=5', undefined, 200],
  ],
};

async function load(base_url, scenario) {
  const response = await fetch(`${base_url}/fixtures`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({scenario})});
  return {status: response.status, json: await response.json()};
}

function send(prefix, method, url, body) {
  const headers = {...k_headers};
  if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  return fetch(prefix + url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
}

/// Replays one scenario; for paginate-issues also follows the replayed Link headers.
async function replay(c, base_url, name, script) {
  const loaded = await load(base_url, name);
  c.eq(`fixtures: POST /fixtures {"scenario": "${name}"}`, loaded.status, 201, loaded.json.url === `${base_url}/api.github.com/${loaded.json.id}`);
  const statuses = [];
  let next_link = null;
  for (const [method, url, body] of script) {
    const response = await send(loaded.json.url, method, url, body);
    statuses.push(response.status);
    next_link = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') || '')?.[1] ?? next_link;
    if (response.status === 404) {
      c.ok(`fixtures: ${name}: ${method} ${url}`, false, await response.text());
      return;
    }
    await response.arrayBuffer();
  }
  c.ok(`fixtures: ${name}: ${script.length} requests answered ${statuses.join(', ')}`, JSON.stringify(statuses) === JSON.stringify(script.map((s) => s[3])));
  if (name === 'paginate-issues') {
    c.ok('fixtures: paginate-issues: Link URLs point back at this fixture', next_link === null || next_link.startsWith(loaded.json.url));
  }
}

/// fetch always sends an Accept header; node:http sends only what it is given.
function get_without_accept(url) {
  return new Promise((resolve, reject) => {
    http.get(url, {headers: {authorization: k_headers.authorization}}, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({status: res.statusCode, json: JSON.parse(text)}));
    }).on('error', reject);
  });
}

async function mismatch_checks(c, base_url) {
  const loaded = await load(base_url, 'labels');
  let response = await send(loaded.json.url, 'POST', '/repos/octokit-fixture-org/labels/labels', {name: 'test-label', color: '663399'});
  let body = await response.json();
  c.ok('fixtures: a request out of order -> 404 "does not match next fixture"', response.status === 404 && /does not match next fixture: GET/.test(body.error), body);
  const bare = await get_without_accept(`${loaded.json.url}/repos/octokit-fixture-org/labels/labels`);
  c.ok('fixtures: no Accept header -> 400 "Accept header required"', bare.status === 400 && bare.json.error === 'Accept header required', bare);
  response = await fetch(`${loaded.json.url}/repos/octokit-fixture-org/labels/labels`, {headers: {...k_headers, accept: 'application/vnd.github+json'}});
  body = await response.json();
  c.ok('fixtures: another Accept value -> 404 "Nock: No match for request"', response.status === 404 && body.error === 'Nock: No match for request', body);
  response = await send(loaded.json.url, 'GET', '/repos/octokit-fixture-org/labels/labels');
  c.eq('fixtures: a refused request does not consume the step', response.status, 200);
  response = await send(loaded.json.url, 'POST', '/repos/octokit-fixture-org/labels/labels', {color: '663399', name: 'test-label'});
  c.eq('fixtures: JSON key order does not matter (same bytes count)', response.status, 201);
  const unknown = await load(base_url, 'no-such-scenario');
  c.eq('fixtures: an unknown scenario -> 400', unknown.status, 400);
}

async function check_fixtures(c, work) {
  const server = await start_script(work, 'fixtures', 'run_fixtures_server.sh', []);
  console.log(`fixtures server started in ${server.startup_ms} ms`);
  try {
    for (const [name, script] of Object.entries(k_scenarios)) await replay(c, server.base_url, name, script);
    await mismatch_checks(c, server.base_url);
  } finally {
    c.eq('fixtures server: SIGTERM stops it cleanly', await server.stop(), 0);
  }
}

module.exports = {check_fixtures, k_scenarios};
