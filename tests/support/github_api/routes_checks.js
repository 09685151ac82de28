'use strict';
// Check runs (GitHub Apps only, at most 50 annotations per request) and commit statuses.

const {HttpError, not_found} = require('./http_error');

const k_max_annotations = 50;

/// GitHub refuses more than 50 annotations per request with this 422 (checked before the
/// schema, whose maxItems would otherwise call it a client bug: it is a documented limit).
function limit_annotations(body) {
  const count = body?.output?.annotations?.length ?? 0;
  if (count > k_max_annotations) {
    throw new HttpError(422, `Invalid request.\n\nNo more than ${k_max_annotations} items are allowed; ${count} were supplied.`);
  }
}

function require_app(ctx) {
  if (ctx.caller.kind !== 'installation') throw new HttpError(403, 'You must authenticate via a GitHub App.');
}

function commit_of(ctx, ref) {
  const sha = ctx.git.resolve(ref);
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

/// Applies create/update fields to a stored run, as GitHub does: a conclusion completes it.
function apply(run, body) {
  for (const key of ['name', 'details_url', 'external_id', 'status', 'conclusion']) {
    if (body[key] !== undefined) run[key] = body[key];
  }
  if (body.started_at !== undefined) run.started_at = Date.parse(body.started_at);
  if (body.completed_at !== undefined) run.completed_at = Date.parse(body.completed_at);
  if (body.conclusion !== undefined) {
    run.status = 'completed';
    run.completed_at = run.completed_at ?? Date.now();
  }
  if (run.status === 'completed' && !run.conclusion) {
    throw new HttpError(422, 'Invalid request.\n\n"conclusion" is required when "status" is "completed".');
  }
  if (body.output) {
    const {annotations = [], ...rest} = body.output;
    run.output = {...run.output, ...rest};
    run.annotations.push(...annotations);
  }
  if (body.actions !== undefined) run.actions = body.actions;
}

function create_run(ctx) {
  require_app(ctx);
  const sha = commit_of(ctx, ctx.body.head_sha);
  if (sha !== ctx.body.head_sha) throw new HttpError(422, `No commit found for SHA: ${ctx.body.head_sha}`);
  const run = {id: ctx.state.id(), head_sha: sha, status: 'queued', conclusion: null, started_at: Date.now(), completed_at: null, output: {}, annotations: [], app_login: ctx.caller.login};
  apply(run, ctx.body);
  ctx.state.check_runs.push(run);
  return {status: 201, body: ctx.bodies.check_run(run)};
}

function find_run(ctx) {
  const run = ctx.state.check_runs.find((r) => r.id === ctx.params.check_run_id);
  if (!run) throw not_found(`no check run ${ctx.params.check_run_id} created through the API`);
  return run;
}

function update_run(ctx) {
  require_app(ctx);
  const run = find_run(ctx);
  const copy = structuredClone(run);
  apply(copy, ctx.body);
  Object.assign(run, copy);
  return {status: 200, body: ctx.bodies.check_run(run)};
}

function list_runs(ctx) {
  const sha = commit_of(ctx, ctx.params.ref);
  let runs = ctx.state.runs_for(sha);
  const q = ctx.query;
  if (q.check_name !== undefined) runs = runs.filter((r) => r.name === q.check_name);
  if (q.status !== undefined) runs = runs.filter((r) => r.status === q.status);
  if ((q.filter ?? 'latest') === 'latest') runs = runs.filter((r, i) => runs.findIndex((o) => o.name === r.name) === i);
  const page = ctx.paginate(runs);
  return {status: 200, body: {total_count: runs.length, check_runs: page.items.map((r) => ctx.bodies.check_run(r))}, headers: page.headers};
}

function create_status(ctx) {
  const sha = commit_of(ctx, ctx.params.sha);
  const {state, target_url = null, description = null, context = 'default'} = ctx.body;
  const status = {id: ctx.state.id(), sha, state, target_url, description, context, created_at: Date.now(), creator: {login: ctx.caller.login, type: ctx.caller.type}};
  ctx.state.statuses.push(status);
  const answer = ctx.bodies.status(status);
  return {status: 201, body: answer, headers: {location: answer.url}};
}

/// The latest status per context, newest first, as the combined status shows them.
function latest_statuses(ctx, sha) {
  const all = ctx.state.statuses.filter((s) => s.sha === sha).reverse();
  return all.filter((s, i) => all.findIndex((o) => o.context === s.context) === i);
}

module.exports = [
  {method: 'POST', path: '/repos/{owner}/{repo}/check-runs', needs: [['checks', 'write']], precheck: limit_annotations, handle: create_run},
  {method: 'PATCH', path: '/repos/{owner}/{repo}/check-runs/{check_run_id}', needs: [['checks', 'write']], precheck: limit_annotations, handle: update_run},
  {
    method: 'GET', path: '/repos/{owner}/{repo}/check-runs/{check_run_id}', needs: [['checks', 'read']],
    handle: (ctx) => ({status: 200, body: ctx.bodies.check_run(find_run(ctx))}),
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', needs: [['checks', 'read']],
    handle(ctx) {
      const page = ctx.paginate(find_run(ctx).annotations);
      return {status: 200, body: page.items.map((a) => ctx.bodies.annotation(a)), headers: page.headers};
    },
  },
  {method: 'GET', path: '/repos/{owner}/{repo}/commits/{ref}/check-runs', needs: [['checks', 'read']], handle: list_runs},
  {method: 'POST', path: '/repos/{owner}/{repo}/statuses/{sha}', needs: [['statuses', 'write']], handle: create_status},
  {
    method: 'GET', path: '/repos/{owner}/{repo}/commits/{ref}/status', needs: [['statuses', 'read']],
    handle(ctx) {
      const sha = commit_of(ctx, ctx.params.ref);
      return {status: 200, body: ctx.bodies.combined_status(sha, latest_statuses(ctx, sha))};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/commits/{ref}/statuses', needs: [['statuses', 'read']],
    handle(ctx) {
      const sha = commit_of(ctx, ctx.params.ref);
      const page = ctx.paginate(ctx.state.statuses.filter((s) => s.sha === sha).reverse());
      return {status: 200, body: page.items.map((s) => ctx.bodies.status(s)), headers: page.headers};
    },
  },
];
