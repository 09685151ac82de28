#!/usr/bin/env node
'use strict';
// Proves the GitHub API test server (and the fixtures server) against themselves: a realistic
// Medic flow must cause zero violations, and deliberately wrong requests must each be refused
// and recorded. Needs only node (>= 18): the servers are started through run_server.sh and
// run_fixtures_server.sh, which install the npm packages on first use.
//   node self_check.js            (ctest: github_api_server.self_check)

const {execFileSync} = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {check_fixtures} = require('./self_check_fixtures');
const {Checker, start_server, sign_jwt, api_client} = require('./self_check_support');

/// A bare repository with `main` and feature branches, each one commit ahead of main.
function make_repo(dir, branches) {
  const git = (args, input = '') => execFileSync('git', ['--git-dir', dir, ...args], {input, encoding: 'utf8',
    env: {...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com'}}).trim();
  git(['init', '--quiet', '--bare', '--initial-branch', 'main', dir]);
  const commit = (parent, file, text) => {
    const blob = git(['hash-object', '-w', '--stdin'], text);
    const entries = parent ? git(['ls-tree', parent]).split('\n').filter(Boolean) : [];
    entries.push(`100644 blob ${blob}\t${file}`);
    const tree = git(['mktree'], entries.join('\n') + '\n');
    return git(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', `add ${file}`]);
  };
  const main = commit(null, 'README.md', '# shop\n');
  git(['update-ref', 'refs/heads/main', main]);
  const shas = {main};
  for (const branch of branches) {
    shas[branch] = commit(main, `${branch.replace(/\W/g, '_')}.txt`, `${branch}\n`);
    git(['update-ref', `refs/heads/${branch}`, shas[branch]]);
  }
  return {git, shas, commit};
}

function base_config(work, repo_dir, public_key_file) {
  const all = {contents: 'write', pull_requests: 'write', issues: 'write', checks: 'write', metadata: 'read', statuses: 'write', administration: 'read'};
  return {
    owner: 'acme', repo: 'shop', default_branch: 'main', git_dir: repo_dir,
    tokens: {
      ghp_test: {login: 'octocat', type: 'User', permissions: all},
      ghp_readonly: {login: 'reader', type: 'User', permissions: {metadata: 'read', pull_requests: 'read', contents: 'read'}},
    },
    app: {id: 12345, installation_id: 678, public_key_file, slug: 'medic', permissions: all},
    allow_auto_merge: true, collaborators: ['alice', 'bob'], teams: ['perf'],
    required_checks: ['build'], ci_conclusion: 'failure',
  };
}

async function app_flow(c, api, key) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = sign_jwt(key.privateKey, {iat: now - 60, exp: now + 540, iss: 12345});
  let r = await api('GET', '/repos/acme/shop/installation', {auth: `Bearer ${jwt}`});
  c.eq('JWT: GET /repos/{owner}/{repo}/installation', r.status, 200, r.json?.id === 678);
  const bad = [
    ['expired JWT', {iat: now - 700, exp: now - 100, iss: 12345}, key.privateKey, /'Expiration time' claim/],
    ['JWT lasting over 10 minutes', {iat: now, exp: now + 601, iss: 12345}, key.privateKey, /too far in the future/],
    ['JWT from another app', {iat: now, exp: now + 300, iss: 999}, key.privateKey, /Integration not found/],
    ['JWT signed with another key', {iat: now, exp: now + 300, iss: '12345'}, crypto.generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey, /could not be decoded/],
  ];
  for (const [name, claims, signer, message] of bad) {
    r = await api('POST', '/app/installations/678/access_tokens', {auth: `Bearer ${sign_jwt(signer, claims)}`});
    c.eq(`JWT: ${name} -> 401`, r.status, 401, message.test(r.json?.message));
  }
  r = await api('POST', '/app/installations/678/access_tokens', {auth: 'token ghp_test'});
  c.eq('JWT: a user token on the access_tokens endpoint -> 401', r.status, 401);
  r = await api('POST', '/app/installations/678/access_tokens', {auth: `Bearer ${jwt}`, body: {}});
  c.eq('JWT: mint an installation token', r.status, 201, /^ghs_/.test(r.json?.token) && Date.parse(r.json.expires_at) > Date.now() + 3500e3);
  return r.json?.token;
}

async function auth_checks(c, api, ghs) {
  let r = await api('GET', '/repos/acme/shop', {auth: null});
  c.eq('no Authorization header -> 401', r.status, 401);
  r = await api('GET', '/repos/acme/shop', {auth: 'token ghp_nope'});
  c.eq('unknown token -> 401 Bad credentials', r.status, 401, r.json?.message === 'Bad credentials');
  r = await api('GET', '/repos/acme/shop');
  c.eq('GET /repos/{owner}/{repo}', r.status, 200, r.json?.allow_auto_merge === true && r.json?.permissions?.push === true && r.json?.default_branch === 'main');
  const headers = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-used', 'x-ratelimit-reset', 'x-ratelimit-resource', 'x-github-request-id'];
  c.ok('every answer carries the rate-limit and request-id headers', headers.every((h) => r.headers.get(h)) && r.headers.get('content-type') === 'application/json; charset=utf-8');
  const remaining = Number(r.headers.get('x-ratelimit-remaining'));
  r = await api('GET', '/user');
  c.eq('GET /user with a user token', r.status, 200, r.json?.login === 'octocat' && Number(r.headers.get('x-ratelimit-remaining')) === remaining - 1);
  r = await api('GET', '/user', {auth: `token ${ghs}`});
  c.eq('GET /user with an installation token -> 403', r.status, 403, r.json?.message === 'Resource not accessible by integration');
  r = await api('GET', '/rate_limit');
  c.eq('GET /rate_limit', r.status, 200, r.json?.resources?.core?.limit === 5000);
  r = await api('POST', '/repos/acme/shop/labels', {auth: 'token ghp_readonly', body: {name: 'x'}});
  c.eq('read-only token writing -> 403', r.status, 403, r.json?.message === 'Resource not accessible by personal access token');
  r = await api('GET', '/repos/other/repo');
  c.eq('another repository -> 404', r.status, 404);
}

async function ref_checks(c, api, repo) {
  let r = await api('GET', '/repos/acme/shop/git/ref/heads/main');
  c.eq('GET git/ref/heads/main', r.status, 200, r.json?.object?.sha === repo.shas.main);
  r = await api('GET', '/repos/acme/shop/git/matching-refs/heads/medic');
  c.eq('GET git/matching-refs/heads/medic', r.status, 200, r.json?.length === 5);
  const extra = repo.commit(repo.shas.main, 'extra.txt', 'x\n');
  r = await api('POST', '/repos/acme/shop/git/refs', {body: {ref: 'refs/heads/medic/extra', sha: extra}});
  c.eq('POST git/refs creates a branch in the bare repository', r.status, 201, repo.git(['rev-parse', 'refs/heads/medic/extra']) === extra);
  r = await api('POST', '/repos/acme/shop/git/refs', {body: {ref: 'refs/heads/medic/extra', sha: extra}});
  c.eq('POST git/refs again -> 422 Reference already exists', r.status, 422, r.json?.message === 'Reference already exists');
  r = await api('PATCH', '/repos/acme/shop/git/refs/heads/medic/extra', {body: {sha: repo.shas['medic/fix-1']}});
  c.eq('PATCH git/refs not fast-forward -> 422', r.status, 422, r.json?.message === 'Update is not a fast forward');
  r = await api('PATCH', '/repos/acme/shop/git/refs/heads%2Fmedic%2Fextra', {body: {sha: repo.shas['medic/fix-1'], force: true}});
  c.eq('PATCH git/refs with force (ref URL-encoded)', r.status, 200, r.json?.object?.sha === repo.shas['medic/fix-1']);
  r = await api('DELETE', '/repos/acme/shop/git/refs/heads/medic/extra');
  c.eq('DELETE git/refs', r.status, 204);
  r = await api('GET', '/repos/acme/shop/git/ref/heads/medic/extra');
  c.eq('GET a deleted ref -> 404', r.status, 404);
  r = await api('GET', '/repos/acme/shop/branches/main');
  c.eq('GET branches/main (protected)', r.status, 200, r.json?.protected === true);
  r = await api('GET', '/repos/acme/shop/branches/main/protection/required_status_checks');
  c.eq('GET required_status_checks', r.status, 200, r.json?.contexts?.[0] === 'build');
  r = await api('GET', '/repos/acme/shop/branches/medic%2Ffix-1/protection');
  c.eq('protection of an unprotected branch -> 404 Branch not protected', r.status, 404, r.json?.message === 'Branch not protected');
}

async function pull_checks(c, api) {
  let r = await api('POST', '/repos/acme/shop/pulls', {body: {title: 'Fix slow checkout', head: 'acme:medic/fix-1', base: 'main', body: 'Medic found it.', draft: false, maintainer_can_modify: true}});
  c.eq('POST pulls', r.status, 201, r.json?.number === 1 && r.json?.head?.ref === 'medic/fix-1' && r.json?.state === 'open' && r.json?.auto_merge === null);
  const pr1 = r.json;
  r = await api('POST', '/repos/acme/shop/pulls', {body: {title: 'again', head: 'medic/fix-1', base: 'main'}});
  c.eq('POST pulls for the same head -> 422 already exists', r.status, 422, r.json?.errors?.[0]?.message === 'A pull request already exists for acme:medic/fix-1.');
  r = await api('POST', '/repos/acme/shop/pulls', {body: {title: 'nope', head: 'medic/missing', base: 'main'}});
  c.eq('POST pulls with a head branch that does not exist -> 422', r.status, 422, r.json?.errors?.[0]?.field === 'head');
  for (const branch of ['medic/fix-2', 'medic/fix-3', 'medic/fix-4']) {
    r = await api('POST', '/repos/acme/shop/pulls', {body: {title: `Fix ${branch}`, head: `acme:${branch}`, base: 'main'}});
    c.eq(`POST pulls (${branch})`, r.status, 201);
  }
  const seen = [];
  let next = '/repos/acme/shop/pulls?per_page=1&state=open';
  let links = [];
  while (next) {
    r = await api('GET', next);
    seen.push(...(r.json || []).map((p) => p.number));
    links.push(r.headers.get('link') || '');
    const found = /<([^>]+)>; rel="next"/.exec(r.headers.get('link') || '');
    next = found ? new URL(found[1]).pathname + new URL(found[1]).search : null;
    if (seen.length > 10) break;
  }
  c.ok('GET pulls?per_page=1 follows Link rel="next" over every pull request, newest first', JSON.stringify(seen) === '[4,3,2,1]', seen);
  c.ok('Link headers carry rel="last" first and rel="prev"/"first" later', /rel="last"/.test(links[0]) && /rel="prev".*rel="first"/.test(links[3]) && !/rel="next"/.test(links[3]), links);
  r = await api('GET', '/repos/acme/shop/pulls?head=acme:medic/fix-2&state=all');
  c.eq('GET pulls?head=owner:branch filters', r.status, 200, r.json?.length === 1 && r.json[0].number === 2);
  r = await api('PATCH', '/repos/acme/shop/pulls/3', {body: {title: 'Fix three', body: 'updated'}});
  c.eq('PATCH pulls/{pull_number}', r.status, 200, r.json?.title === 'Fix three');
  return pr1;
}

async function issue_checks(c, api) {
  let r = await api('POST', '/repos/acme/shop/labels', {body: {name: 'medic', color: 'd73a4a', description: 'Opened by Medic'}});
  c.eq('POST labels', r.status, 201, r.json?.name === 'medic');
  r = await api('POST', '/repos/acme/shop/labels', {body: {name: 'Medic', color: 'd73a4a'}});
  c.eq('POST labels again -> 422 already_exists', r.status, 422, r.json?.errors?.[0]?.code === 'already_exists');
  r = await api('GET', '/repos/acme/shop/labels/medic');
  c.eq('GET labels/{name}', r.status, 200);
  r = await api('GET', '/repos/acme/shop/labels/absent');
  c.eq('GET labels/{name} unknown -> 404', r.status, 404);
  r = await api('POST', '/repos/acme/shop/issues/1/labels', {body: {labels: ['medic', 'performance']}});
  c.eq('POST issues/1/labels', r.status, 200, r.json?.length === 2);
  r = await api('GET', '/repos/acme/shop/issues/1/labels');
  c.eq('GET issues/1/labels', r.status, 200, r.json?.map((l) => l.name).join() === 'medic,performance');
  for (let i = 1; i <= 35; ++i) {
    r = await api('POST', '/repos/acme/shop/issues/1/comments', {body: {body: `comment ${i}`}});
    if (r.status !== 201) break;
  }
  c.eq('POST issues/1/comments x35', r.status, 201);
  const comment_id = r.json?.id;
  r = await api('GET', '/repos/acme/shop/issues/1/comments');
  c.eq('GET issues/1/comments: 30 per page with rel="next"', r.status, 200, r.json?.length === 30 && /page=2>; rel="next"/.test(r.headers.get('link')));
  r = await api('GET', '/repos/acme/shop/issues/1/comments?page=2');
  c.eq('GET issues/1/comments?page=2: the last 5', r.status, 200, r.json?.length === 5 && r.json[4].body === 'comment 35');
  r = await api('PATCH', `/repos/acme/shop/issues/comments/${comment_id}`, {body: {body: 'edited'}});
  c.eq('PATCH issues/comments/{comment_id}', r.status, 200, r.json?.body === 'edited');
  r = await api('POST', '/repos/acme/shop/pulls/1/requested_reviewers', {body: {reviewers: ['alice'], team_reviewers: ['perf']}});
  c.eq('POST requested_reviewers', r.status, 201, r.json?.requested_reviewers?.[0]?.login === 'alice' && r.json?.requested_teams?.[0]?.slug === 'perf');
  r = await api('POST', '/repos/acme/shop/pulls/1/requested_reviewers', {body: {reviewers: ['mallory']}});
  c.eq('requesting a non-collaborator -> 422', r.status, 422, /may only be requested from collaborators/.test(r.json?.message));
  r = await api('POST', '/repos/acme/shop/pulls/1/requested_reviewers', {body: {reviewers: ['octocat']}});
  c.eq('requesting the author -> 422', r.status, 422, r.json?.message === 'Review cannot be requested from pull request author.');
  r = await api('GET', '/repos/acme/shop/pulls/1/requested_reviewers');
  c.eq('GET requested_reviewers', r.status, 200, r.json?.users?.length === 1 && r.json?.teams?.length === 1);
}

async function tracker_checks(c, api) {
  let r = await api('POST', '/repos/acme/shop/issues', {body: {title: 'Medic could not fix slow X', body: '<!-- medic:escalation:abc -->\nhelp', labels: ['medic:escalation']}});
  c.eq('POST issues', r.status, 201, r.json?.number > 1 && r.json?.pull_request === undefined);
  const number = r.json?.number;
  r = await api('GET', '/repos/acme/shop/issues?state=open&labels=medic:escalation');
  c.eq('GET issues?labels=: the issue alone', r.status, 200, r.json?.length === 1 && r.json[0].number === number);
  r = await api('GET', '/repos/acme/shop/issues?state=all');
  c.eq('GET issues?state=all: pull requests too', r.status, 200, r.json?.some((i) => i.pull_request) && r.json?.some((i) => i.number === number));
  r = await api('PATCH', `/repos/acme/shop/issues/${number}`, {body: {state: 'closed', state_reason: 'completed'}});
  c.eq('PATCH issues/{n} closed', r.status, 200, r.json?.state === 'closed' && r.json?.state_reason === 'completed');
  r = await api('GET', `/repos/acme/shop/issues/${number}`);
  c.eq('GET issues/{n}', r.status, 200, r.json?.state === 'closed');
  r = await api('POST', '/repos/acme/shop/pulls/1/reviews', {body: {event: 'REQUEST_CHANGES', body: 'Please bound it.', comments: [{path: 'src/a.cpp', line: 3, body: 'here'}]}});
  c.eq('POST pulls/1/reviews', r.status, 200, r.json?.state === 'CHANGES_REQUESTED');
  r = await api('GET', `/repos/acme/shop/pulls/1/reviews/${r.json?.id}/comments`);
  c.eq('GET pulls/1/reviews/{id}/comments', r.status, 200, r.json?.length === 1 && r.json[0].path === 'src/a.cpp' && r.json[0].line === 3);
}

async function check_run_checks(c, api, ghs, head_sha) {
  const annotations = (n) => Array.from({length: n}, (_, i) => ({path: 'src/checkout.cpp', start_line: i + 1, end_line: i + 1, annotation_level: 'warning', message: `finding ${i}`}));
  const run = (n) => ({name: 'medic', head_sha, status: 'completed', conclusion: 'neutral', output: {title: 'Medic', summary: 'found things', annotations: annotations(n)}});
  let r = await api('POST', '/repos/acme/shop/check-runs', {body: run(1)});
  c.eq('POST check-runs with a user token -> 403', r.status, 403, r.json?.message === 'You must authenticate via a GitHub App.');
  r = await api('POST', '/repos/acme/shop/check-runs', {auth: `token ${ghs}`, body: run(51)});
  c.eq('POST check-runs with 51 annotations -> 422', r.status, 422, /No more than 50 items are allowed; 51 were supplied/.test(r.json?.message));
  r = await api('POST', '/repos/acme/shop/check-runs', {auth: `token ${ghs}`, body: run(50)});
  c.eq('POST check-runs with 50 annotations', r.status, 201, r.json?.output?.annotations_count === 50);
  const id = r.json?.id;
  r = await api('PATCH', `/repos/acme/shop/check-runs/${id}`, {auth: `token ${ghs}`, body: {output: {title: 'Medic', summary: 'more', annotations: annotations(50)}}});
  c.eq('PATCH check-runs appends 50 more annotations', r.status, 200, r.json?.output?.annotations_count === 100);
  r = await api('GET', `/repos/acme/shop/commits/${head_sha}/check-runs?check_name=build`);
  c.eq('GET commits/{ref}/check-runs?check_name=build: the synthesized CI run', r.status, 200, r.json?.total_count === 1 && r.json.check_runs[0].conclusion === 'failure');
  r = await api('GET', '/repos/acme/shop/commits/medic%2Ffix-1/status');
  c.eq('GET commits/{ref}/status', r.status, 200, r.json?.sha === head_sha);
}

async function merge_checks(c, api, admin, repo, pr1) {
  let r = await api('PUT', '/repos/acme/shop/pulls/1/merge', {body: {merge_method: 'squash'}});
  c.eq('merge with failing CI -> 405', r.status, 405, r.json?.message === 'Required status check "build" is failing.');
  await admin('POST', '/__admin/ci', {conclusion: 'success'});
  r = await api('PUT', '/repos/acme/shop/pulls/1/merge', {body: {sha: repo.shas.main}});
  c.eq('merge with a stale sha -> 409', r.status, 409, r.json?.message === 'Head branch was modified. Review and try the merge again.');
  r = await api('PUT', '/repos/acme/shop/pulls/1/merge', {body: {merge_method: 'squash', sha: pr1.head.sha, commit_title: 'Fix slow checkout (#1)'}});
  c.eq('merge after CI turned green', r.status, 200, r.json?.merged === true && r.json?.message === 'Pull Request successfully merged');
  c.ok('the merge moved main in the bare repository', repo.git(['rev-parse', 'refs/heads/main']) === r.json?.sha);
  r = await api('GET', '/repos/acme/shop/pulls/1');
  c.eq('a merged pull request is closed, merged, merged_at set', r.status, 200, r.json?.state === 'closed' && r.json?.merged === true && r.json?.merged_at !== null);
  r = await api('PUT', '/repos/acme/shop/pulls/1/merge', {body: {}});
  c.eq('merging twice -> 405', r.status, 405);
}

async function auto_merge_checks(c, api, admin) {
  await admin('POST', '/__admin/ci', {conclusion: 'pending'});
  const pr2 = (await api('GET', '/repos/acme/shop/pulls/2')).json;
  c.ok('pending CI: mergeable_state is blocked', pr2?.mergeable_state === 'blocked', pr2?.mergeable_state);
  const mutation = 'mutation($id: ID!) { enablePullRequestAutoMerge(input: {pullRequestId: $id, mergeMethod: SQUASH}) { pullRequest { number merged autoMergeRequest { enabledAt } } } }';
  let r = await api('POST', '/graphql', {body: {query: mutation, variables: {id: pr2.node_id}}});
  const armed = r.json?.data?.enablePullRequestAutoMerge?.pullRequest;
  c.eq('graphql enablePullRequestAutoMerge with pending CI arms it', r.status, 200, armed?.merged === false && armed?.autoMergeRequest?.enabledAt);
  r = await api('GET', '/repos/acme/shop/pulls/2');
  c.ok('REST shows auto_merge', r.json?.auto_merge?.merge_method === 'squash' && r.json?.auto_merge?.enabled_by?.login === 'octocat');
  await admin('POST', '/__admin/ci', {conclusion: 'success'});
  r = await api('GET', '/repos/acme/shop/pulls/2');
  c.ok('CI turning green merges the armed pull request', r.json?.merged === true && r.json?.auto_merge === null);
  const pr3 = (await api('GET', '/repos/acme/shop/pulls/3')).json;
  r = await api('POST', '/graphql', {body: {query: `mutation { enablePullRequestAutoMerge(input: {pullRequestId: "${pr3.node_id}"}) { pullRequest { merged } } }`}});
  c.ok('enablePullRequestAutoMerge on green CI merges at once', r.json?.data?.enablePullRequestAutoMerge?.pullRequest?.merged === true, r.json);
  r = await api('POST', '/graphql', {body: {query: 'query($n: Int!) { repository(owner: "acme", name: "shop") { pullRequest(number: $n) { id merged autoMergeRequest { enabledAt } } } }', variables: {n: 3}}});
  c.ok('graphql repository.pullRequest', r.json?.data?.repository?.pullRequest?.merged === true, r.json);
  const state = await admin('GET', '/__admin/state');
  c.ok('state records the three merges (rest, auto_merge, auto_merge_immediate)', state.merges.map((m) => m.via).join() === 'rest,auto_merge,auto_merge_immediate', state.merges);
}

/// The remaining endpoints, each once: they too must answer without a violation.
async function more_endpoint_checks(c, api, ghs, key) {
  const now = Math.floor(Date.now() / 1000);
  let r = await api('GET', '/app', {auth: `Bearer ${sign_jwt(key.privateKey, {iat: now - 30, exp: now + 300, iss: '12345'})}`});
  c.eq('GET /app with a JWT', r.status, 200, r.json?.id === 12345);
  r = await api('GET', '/repos/acme/shop/labels?per_page=1');
  c.eq('GET labels (paginated)', r.status, 200, r.json?.length === 1 && /rel="next"/.test(r.headers.get('link')));
  r = await api('DELETE', '/repos/acme/shop/issues/1/labels/performance');
  c.eq('DELETE issues/1/labels/{name}', r.status, 200, r.json?.length === 1);
  r = await api('DELETE', '/repos/acme/shop/pulls/1/requested_reviewers', {body: {reviewers: ['alice'], team_reviewers: []}});
  c.eq('DELETE requested_reviewers', r.status, 200, r.json?.requested_reviewers?.length === 0);
  const head = (await api('GET', '/repos/acme/shop/pulls/4')).json?.head?.sha;
  r = await api('POST', `/repos/acme/shop/statuses/${head}`, {body: {state: 'success', context: 'lint', description: 'ok'}});
  c.eq('POST statuses/{sha}', r.status, 201);
  r = await api('GET', `/repos/acme/shop/commits/${head}/status`);
  c.eq('GET commits/{ref}/status combines the statuses', r.status, 200, r.json?.state === 'success' && r.json?.total_count === 1);
  r = await api('GET', `/repos/acme/shop/commits/${head}/statuses`);
  c.eq('GET commits/{ref}/statuses', r.status, 200, r.json?.length === 1);
  r = await api('POST', '/repos/acme/shop/check-runs', {auth: `token ${ghs}`, body: {name: 'medic', head_sha: head, status: 'in_progress'}});
  const run = r.json?.id;
  r = await api('GET', `/repos/acme/shop/check-runs/${run}`);
  c.eq('GET check-runs/{check_run_id}', r.status, 200, r.json?.status === 'in_progress');
  r = await api('PATCH', `/repos/acme/shop/check-runs/${run}`, {auth: `token ${ghs}`, body: {conclusion: 'success', output: {title: 't', summary: 's', annotations: [{path: 'a.cpp', start_line: 1, end_line: 1, annotation_level: 'notice', message: 'm'}]}}});
  c.eq('PATCH check-runs with a conclusion completes it', r.status, 200, r.json?.status === 'completed');
  r = await api('GET', `/repos/acme/shop/check-runs/${run}/annotations`);
  c.eq('GET check-runs/{check_run_id}/annotations', r.status, 200, r.json?.length === 1);
  r = await api('PATCH', '/repos/acme/shop/pulls/4', {body: {state: 'closed'}});
  c.eq('PATCH pulls state=closed', r.status, 200, r.json?.state === 'closed' && r.json?.merged === false);
  r = await api('PATCH', '/repos/acme/shop/pulls/4', {body: {state: 'open'}});
  c.eq('PATCH pulls state=open reopens', r.status, 200, r.json?.state === 'open');
  r = await api('GET', `/repos/acme/shop/issues/comments/${(await api('GET', '/repos/acme/shop/issues/1/comments?per_page=1')).json?.[0]?.id}`);
  c.eq('GET issues/comments/{comment_id}', r.status, 200);
  r = await api('GET', '/repos/acme/shop/pulls/99');
  c.eq('GET pulls/{pull_number} unknown -> 404', r.status, 404);
}

async function fault_checks(c, api, admin) {
  await admin('POST', '/__admin/faults', {method: 'POST', path: '^/repos/[^/]+/[^/]+/pulls$', status: 403, headers: {'retry-after': '1'},
    body: {message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'}, times: 1});
  let r = await api('POST', '/repos/acme/shop/pulls', {body: {title: 'x', head: 'medic/fix-1', base: 'main'}});
  c.eq('a fault is served once, with Retry-After', r.status, 403, r.headers.get('retry-after') === '1' && /secondary rate limit/.test(r.json?.message));
  r = await api('POST', '/repos/acme/shop/pulls', {body: {title: 'x', head: 'medic/fix-1', base: 'main'}});
  c.ok('after the fault, normal handling', r.status !== 403, r.status);
  const state = await admin('GET', '/__admin/state');
  c.ok('state records the fault served', state.faults_served.length === 1 && state.faults_served[0].status === 403);
}

/// Deliberate client bugs: each must be refused and recorded as exactly one violation.
async function violation_checks(c, api, admin) {
  const before = (await admin('GET', '/__admin/violations')).length;
  const cases = [
    ['a wrong type in the body ({"title": 5})', 'POST', '/repos/acme/shop/pulls', {body: {title: 5, head: 'medic/fix-1', base: 'main'}}, 400],
    ['a missing required body field (head)', 'POST', '/repos/acme/shop/pulls', {body: {title: 't', base: 'main'}}, 400],
    ['an unknown body property', 'POST', '/repos/acme/shop/pulls', {body: {titel: 't', head: 'medic/fix-1', base: 'main'}}, 400],
    ['a path that GitHub does not have', 'GET', '/repos/acme/shop/frobnicate', {}, 404],
    ['a query parameter of the wrong type', 'GET', '/repos/acme/shop/pulls?per_page=many', {}, 400],
    ['an unknown query parameter', 'GET', '/repos/acme/shop/pulls?colour=red', {}, 400],
    ['an enum value GitHub does not accept', 'GET', '/repos/acme/shop/pulls?state=merged', {}, 400],
    ['a form-encoded body', 'POST', '/repos/acme/shop/labels', {raw: 'name=x', type: 'application/x-www-form-urlencoded'}, 415],
    ['a body that is not JSON', 'POST', '/repos/acme/shop/labels', {raw: '{"name": ', type: 'application/json'}, 400],
    ['a method the path does not have', 'DELETE', '/repos/acme/shop/pulls/2', {}, 404],
    ['an operation the test server does not implement', 'GET', '/repos/acme/shop/releases', {}, 404],
    ['a GraphQL request without a string query', 'POST', '/graphql', {body: {query: 5}}, 400],
    ['an X-GitHub-Api-Version GitHub does not support', 'GET', '/repos/acme/shop', {headers: {'x-github-api-version': '2021-01-01'}}, 400],
  ];
  let count = before;
  for (const [name, method, url, options, status] of cases) {
    const r = await api(method, url, options);
    const violations = await admin('GET', '/__admin/violations');
    c.ok(`violation: ${name} -> ${status} and recorded`, r.status === status && violations.length === count + 1, {status: r.status, recorded: violations.slice(count)});
    count = violations.length;
  }
}

async function second_server(c, work, repo_dir, key_file) {
  const config = {...base_config(work, repo_dir, key_file), allow_auto_merge: false, required_checks: [], ci_conclusion: 'success'};
  const server = await start_server(work, 'second', config);
  try {
    const api = api_client(server.base_url, 'token ghp_test');
    let r = await api('GET', '/repos/acme/shop/branches/main/protection');
    c.eq('required_checks [] -> GET protection 404 Branch not protected', r.status, 404, r.json?.message === 'Branch not protected');
    r = await api('POST', '/repos/acme/shop/pulls', {body: {title: 'Fix', head: 'medic/fix-5', base: 'main'}});
    r = await api('POST', '/graphql', {body: {query: 'mutation($id: ID!) { enablePullRequestAutoMerge(input: {pullRequestId: $id}) { pullRequest { number } } }', variables: {id: r.json?.node_id}}});
    c.ok('allow_auto_merge false -> GraphQL error UNPROCESSABLE', r.status === 200 && r.json?.errors?.[0]?.type === 'UNPROCESSABLE' && /Auto merge is not allowed/.test(r.json.errors[0].message), r.json);
    const from_file = JSON.parse(fs.readFileSync(server.state_file, 'utf8'));
    c.ok('--state-file holds the state after every request', from_file.pulls.length === 1 && from_file.requests.length === 3 && from_file.refs['refs/heads/main']);
    const violations = await (await fetch(`${server.base_url}/__admin/violations`)).json();
    c.ok('second server: zero violations', violations.length === 0, violations);
  } finally {
    c.eq('SIGTERM stops the server cleanly', await server.stop(), 0);
  }
}

async function main() {
  const c = new Checker();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'medic-github-api-check-'));
  try {
    const repo_dir = path.join(work, 'shop.git');
    const repo = make_repo(repo_dir, ['medic/fix-1', 'medic/fix-2', 'medic/fix-3', 'medic/fix-4', 'medic/fix-5']);
    const key = crypto.generateKeyPairSync('rsa', {modulusLength: 2048});
    const key_file = path.join(work, 'app.pub.pem');
    fs.writeFileSync(key_file, key.publicKey.export({type: 'spki', format: 'pem'}));
    const server = await start_server(work, 'main', base_config(work, repo_dir, key_file));
    console.log(`server started in ${server.startup_ms} ms (run_server.sh to port file, npm packages already installed: ${server.warm})`);
    const api = api_client(server.base_url, 'token ghp_test');
    const admin = async (method, url, body) => (await fetch(server.base_url + url, {method, body: body && JSON.stringify(body)})).json();
    try {
      const ghs = await app_flow(c, api, key);
      await auth_checks(c, api, ghs);
      await ref_checks(c, api, repo);
      const pr1 = await pull_checks(c, api);
      await issue_checks(c, api);
      await tracker_checks(c, api);
      await check_run_checks(c, api, ghs, pr1.head.sha);
      await merge_checks(c, api, admin, repo, pr1);
      await auto_merge_checks(c, api, admin);
      await more_endpoint_checks(c, api, ghs, key);
      await fault_checks(c, api, admin);
      const violations = await admin('GET', '/__admin/violations');
      c.ok('the realistic flow caused zero violations', violations.length === 0, violations);
      const state = await admin('GET', '/__admin/state');
      c.ok('state: check run with all 100 annotations, 1 minted token, review request, comments', state.check_runs[0]?.annotations.length === 100 && state.tokens_minted === 1 && state.review_requests.length === 1 && state.comments.length === 35);
      report_overhead(state.requests);
      await violation_checks(c, api, admin);
    } finally {
      c.eq('SIGTERM stops the server cleanly', await server.stop(), 0);
    }
    await second_server(c, work, repo_dir, key_file);
    await check_fixtures(c, work);
  } catch (error) {
    c.ok(`no unexpected error: ${error.stack || error}`, false);
  } finally {
    fs.rmSync(work, {recursive: true, force: true});
  }
  console.log(`${c.passed} passed, ${c.failed} failed`);
  process.exit(c.failed === 0 ? 0 : 1);
}

/// Prints how long request + response validation took per request (from the server's log).
function report_overhead(requests) {
  const timed = requests.filter((r) => r.validation_us > 0).map((r) => r.validation_us).sort((a, b) => a - b);
  const durations = requests.map((r) => r.duration_ms).sort((a, b) => a - b);
  const pick = (list, q) => list[Math.min(list.length - 1, Math.floor(q * list.length))];
  console.log(`validation per request over ${timed.length} requests: median ${pick(timed, 0.5)} us, p90 ${pick(timed, 0.9)} us, max ${timed.at(-1)} us (first use of an operation compiles its schemas); ` +
    `whole request in the server: median ${pick(durations, 0.5)} ms, p90 ${pick(durations, 0.9)} ms`);
}

main();
