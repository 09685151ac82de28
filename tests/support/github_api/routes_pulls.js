'use strict';
// Pull requests: create, list, get, update, merge, review requests.

const {HttpError, validation_failed, not_found} = require('./http_error');

const k_read = [['pull_requests', 'read']];
const k_write = [['pull_requests', 'write']];

function find_pull(ctx) {
  const pr = ctx.state.pull(ctx.params.pull_number);
  if (!pr) throw not_found(`no pull request #${ctx.params.pull_number}`);
  return ctx.state.refresh(pr);
}

function already_exists(ctx, head_ref) {
  return validation_failed([{resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${ctx.config.owner}:${head_ref}.`}]);
}

/// The branch of a `head` value ("owner:branch" or "branch"); null for another owner.
function head_branch(ctx, head) {
  const colon = head.indexOf(':');
  if (colon < 0) return head;
  return head.slice(0, colon).toLowerCase() === ctx.config.owner.toLowerCase() ? head.slice(colon + 1) : null;
}

function create(ctx) {
  const {title, head, base, body = null, draft = false, maintainer_can_modify = true} = ctx.body;
  if (ctx.body.issue !== undefined) ctx.unsupported('converting an issue ("issue") into a pull request');
  const head_ref = head_branch(ctx, head);
  const head_sha = head_ref && ctx.git.resolve(`refs/heads/${head_ref}`);
  const base_sha = ctx.git.resolve(`refs/heads/${base}`);
  if (title === undefined) throw validation_failed([{resource: 'PullRequest', field: 'title', code: 'missing_field'}]);
  if (!base_sha) throw validation_failed([{resource: 'PullRequest', field: 'base', code: 'invalid'}]);
  if (!head_sha) throw validation_failed([{resource: 'PullRequest', field: 'head', code: 'invalid'}]);
  if (ctx.state.pulls.some((p) => p.state === 'open' && p.head_ref === head_ref)) throw already_exists(ctx, head_ref);
  if (ctx.git.is_ancestor(head_sha, base_sha)) {
    throw validation_failed([{resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head_ref}`}]);
  }
  const pr = ctx.state.new_pull({
    title, body, draft, maintainer_can_modify, head_ref, head_sha, base_ref: base, base_sha,
    user: {login: ctx.caller.login, type: ctx.caller.type},
  });
  const answer = ctx.bodies.pull(pr, ctx.state);
  return {status: 201, body: answer, headers: {location: answer.url}};
}

/// GitHub's list filters: `head` only filters in the documented "owner:branch" form (a bare
/// branch name is ignored, as on github.com, which is a classic client bug to catch).
function list(ctx) {
  const q = ctx.query;
  const state = q.state ?? 'open';
  let pulls = ctx.state.pulls.map((p) => ctx.state.refresh(p)).filter((p) => state === 'all' || p.state === state);
  if (q.head !== undefined && q.head.includes(':')) pulls = pulls.filter((p) => head_branch(ctx, q.head) === p.head_ref);
  if (q.base !== undefined) pulls = pulls.filter((p) => p.base_ref === q.base);
  const sort = q.sort ?? 'created';
  const key = {created: (p) => p.created_at, updated: (p) => p.updated_at, popularity: (p) => ctx.state.comments.filter((c) => c.issue_number === p.number).length, 'long-running': (p) => p.created_at}[sort];
  const direction = q.direction ?? (sort === 'created' ? 'desc' : 'asc');
  pulls.sort((a, b) => (key(a) - key(b) || a.number - b.number) * (direction === 'asc' ? 1 : -1));
  const page = ctx.paginate(pulls);
  return {status: 200, body: page.items.map((p) => ctx.bodies.pull(p, ctx.state, true)), headers: page.headers};
}

function update(ctx) {
  const pr = find_pull(ctx);
  const {title, body, state, base, maintainer_can_modify} = ctx.body;
  if (base !== undefined) {
    const base_sha = ctx.git.resolve(`refs/heads/${base}`);
    if (!base_sha) throw validation_failed([{resource: 'PullRequest', field: 'base', code: 'invalid'}]);
    Object.assign(pr, {base_ref: base, base_sha});
  }
  if (state === 'open' && pr.state === 'closed') {
    if (pr.merged_at) throw validation_failed([{resource: 'PullRequest', code: 'custom', message: 'Cannot reopen a merged pull request.'}]);
    if (ctx.state.pulls.some((p) => p.state === 'open' && p.head_ref === pr.head_ref)) throw already_exists(ctx, pr.head_ref);
    Object.assign(pr, {state: 'open', closed_at: null});
  } else if (state === 'closed' && pr.state === 'open') {
    Object.assign(pr, {state: 'closed', closed_at: Date.now(), auto_merge: null});
  }
  if (title !== undefined) pr.title = title;
  if (body !== undefined) pr.body = body;
  if (maintainer_can_modify !== undefined) pr.maintainer_can_modify = maintainer_can_modify;
  pr.updated_at = Date.now();
  return {status: 200, body: ctx.bodies.pull(ctx.state.refresh(pr), ctx.state)};
}

function merge(ctx) {
  const pr = find_pull(ctx);
  const {merge_method = 'merge', sha, commit_title, commit_message} = ctx.body ?? {};
  if (pr.state !== 'open') throw new HttpError(405, 'Pull Request is not mergeable');
  if (pr.draft) throw new HttpError(405, 'Pull Request is still a draft');
  if (sha !== undefined && sha !== pr.head_sha) throw new HttpError(409, 'Head branch was modified. Review and try the merge again.');
  const blocked = ctx.state.protected(pr.base_ref) && ctx.state.blocking_check(pr.head_sha);
  if (blocked) throw new HttpError(405, `Required status check "${blocked.name}" is ${blocked.problem}.`);
  try {
    const merged = ctx.state.merge(pr, {merge_method, commit_title, commit_message, by: {login: ctx.caller.login, type: ctx.caller.type}, via: 'rest'});
    return {status: 200, body: {sha: merged, merged: true, message: 'Pull Request successfully merged'}};
  } catch (failure) {
    if (failure instanceof Error) throw failure;
    throw new HttpError(failure.status, failure.message);
  }
}

function request_reviewers(ctx) {
  const pr = find_pull(ctx);
  const reviewers = ctx.body.reviewers ?? [];
  const teams = ctx.body.team_reviewers ?? [];
  if (reviewers.some((r) => r.toLowerCase() === pr.user.login.toLowerCase())) {
    throw new HttpError(422, 'Review cannot be requested from pull request author.');
  }
  const known = new Set(ctx.config.collaborators.map((c) => c.toLowerCase()));
  const teams_known = new Set(ctx.config.teams.map((t) => t.toLowerCase()));
  if (reviewers.some((r) => !known.has(r.toLowerCase())) || teams.some((t) => !teams_known.has(t.toLowerCase()))) {
    throw new HttpError(422, `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${ctx.config.owner}/${ctx.config.repo} repository.`);
  }
  for (const r of reviewers) if (!pr.requested_reviewers.includes(r)) pr.requested_reviewers.push(r);
  for (const t of teams) if (!pr.requested_teams.includes(t)) pr.requested_teams.push(t);
  ctx.state.review_requests.push({pull_number: pr.number, reviewers, team_reviewers: teams, by: ctx.caller.login, time_ms: Date.now()});
  pr.updated_at = Date.now();
  return {status: 201, body: ctx.bodies.pull(pr, ctx.state, true)};
}

function remove_reviewers(ctx) {
  const pr = find_pull(ctx);
  pr.requested_reviewers = pr.requested_reviewers.filter((r) => !(ctx.body.reviewers ?? []).includes(r));
  pr.requested_teams = pr.requested_teams.filter((t) => !(ctx.body.team_reviewers ?? []).includes(t));
  return {status: 200, body: ctx.bodies.pull(pr, ctx.state, true)};
}

module.exports = [
  {method: 'POST', path: '/repos/{owner}/{repo}/pulls', needs: k_write, handle: create},
  {method: 'GET', path: '/repos/{owner}/{repo}/pulls', needs: k_read, handle: list},
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}', needs: k_read,
    handle: (ctx) => ({status: 200, body: ctx.bodies.pull(find_pull(ctx), ctx.state)}),
  },
  {method: 'PATCH', path: '/repos/{owner}/{repo}/pulls/{pull_number}', needs: k_write, handle: update},
  {method: 'PUT', path: '/repos/{owner}/{repo}/pulls/{pull_number}/merge', needs: [['contents', 'write']], handle: merge},
  {method: 'POST', path: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', needs: k_write, handle: request_reviewers},
  {method: 'DELETE', path: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', needs: k_write, handle: remove_reviewers},
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', needs: k_read,
    handle(ctx) {
      const pr = find_pull(ctx);
      return {status: 200, body: {users: pr.requested_reviewers.map((l) => ctx.bodies.user(l)), teams: pr.requested_teams.map((t) => ctx.bodies.team(t))}};
    },
  },
];
