'use strict';
// POST /graphql: the envelope is checked ({query: string, variables?: object}); two documents
// are understood: the enable/disablePullRequestAutoMerge mutations and a pull request lookup.

const {iso} = require('./bodies');

const k_envelope_keys = new Set(['query', 'variables', 'operationName']);
const k_merge_methods = {MERGE: 'merge', SQUASH: 'squash', REBASE: 'rebase'};

/// Problems with the request envelope (GitHub answers those before looking at the document).
function envelope_problems(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['the GraphQL request must be a JSON object'];
  const problems = [];
  if (typeof body.query !== 'string' || body.query.trim() === '') problems.push('"query" must be a non-empty string');
  if (body.variables !== undefined && body.variables !== null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) {
    problems.push('"variables" must be an object');
  }
  if (body.operationName !== undefined && body.operationName !== null && typeof body.operationName !== 'string') {
    problems.push('"operationName" must be a string');
  }
  for (const key of Object.keys(body)) if (!k_envelope_keys.has(key)) problems.push(`unknown key "${key}" in the GraphQL request`);
  return problems;
}

/// Parses `{a: $x, b: "s", c: ENUM, d: 3}` (or `$input`) into an object, resolving variables.
function parse_arguments(text, variables) {
  const value = (raw) => {
    if (raw.startsWith('$')) return variables?.[raw.slice(1)];
    if (raw.startsWith('"')) return JSON.parse(raw);
    if (/^-?\d+$/.test(raw)) return Number(raw);
    if (raw === 'true' || raw === 'false') return raw === 'true';
    return raw;
  };
  const trimmed = text.trim();
  if (trimmed.startsWith('$')) return value(trimmed) ?? {};
  const out = {};
  const pair = /(\w+)\s*:\s*("(?:[^"\\]|\\.)*"|\$\w+|-?\d+|[A-Za-z_]\w*)/g;
  for (let m = pair.exec(trimmed); m; m = pair.exec(trimmed)) out[m[1]] = value(m[2]);
  return out;
}

function error(type, message, path) {
  return {type, path, locations: [{line: 1, column: 1}], message};
}

function auto_merge_request(ctx, pr) {
  if (!pr.auto_merge) return null;
  return {enabledAt: iso(pr.auto_merge.enabled_at), mergeMethod: pr.auto_merge.merge_method.toUpperCase(), enabledBy: {login: pr.auto_merge.enabled_by.login}};
}

function pull_node(ctx, pr) {
  return {id: pr.node_id, number: pr.number, state: pr.merged_at ? 'MERGED' : pr.state.toUpperCase(), merged: Boolean(pr.merged_at), autoMergeRequest: auto_merge_request(ctx, pr)};
}

/// Enables auto-merge like GitHub: refused without "Allow auto-merge" or branch protection,
/// merged at once when the required checks are already green, otherwise armed.
function enable_auto_merge(ctx, input) {
  const path = ['enablePullRequestAutoMerge'];
  const fail = (type, message) => ({data: {enablePullRequestAutoMerge: null}, errors: [error(type, message, path)]});
  const pr = ctx.state.pulls.find((p) => p.node_id === input.pullRequestId);
  if (!pr) return fail('NOT_FOUND', `Could not resolve to a node with the global id of '${input.pullRequestId}'`);
  ctx.state.refresh(pr);
  if (!ctx.config.allow_auto_merge) return fail('UNPROCESSABLE', 'Pull request Auto merge is not allowed for this repository');
  if (pr.state !== 'open') return fail('UNPROCESSABLE', 'Pull request Pull request is closed');
  if (!ctx.state.protected(pr.base_ref)) return fail('UNPROCESSABLE', 'Pull request Protected branch rules not configured for this branch');
  if (input.expectedHeadOid !== undefined && input.expectedHeadOid !== pr.head_sha) {
    return fail('UNPROCESSABLE', 'Pull request The expected head oid does not match the head of the pull request');
  }
  const merge_method = k_merge_methods[input.mergeMethod ?? 'MERGE'];
  if (!merge_method) return fail('INVALID', `Argument 'mergeMethod' has an invalid value (${input.mergeMethod}).`);
  const by = {login: ctx.caller.login, type: ctx.caller.type};
  pr.auto_merge = {merge_method, enabled_at: Date.now(), enabled_by: by, commit_title: input.commitHeadline, commit_message: input.commitBody};
  if (!ctx.state.blocking_check(pr.head_sha)) {
    try {
      ctx.state.merge(pr, {merge_method, commit_title: input.commitHeadline, commit_message: input.commitBody, by, via: 'auto_merge_immediate'});
    } catch (failure) {
      pr.auto_merge = null;
      return fail('UNPROCESSABLE', `Pull request ${failure.message}`);
    }
  }
  const payload = {pullRequest: pull_node(ctx, pr)};
  if (input.clientMutationId !== undefined) payload.clientMutationId = input.clientMutationId;
  return {data: {enablePullRequestAutoMerge: payload}};
}

/// Turns auto-merge off like GitHub (a PR without it: an error).
function disable_auto_merge(ctx, input) {
  const path = ['disablePullRequestAutoMerge'];
  const pr = ctx.state.pulls.find((p) => p.node_id === input.pullRequestId);
  if (!pr) return {data: {disablePullRequestAutoMerge: null}, errors: [error('NOT_FOUND', `Could not resolve to a node with the global id of '${input.pullRequestId}'`, path)]};
  if (!pr.auto_merge) return {data: {disablePullRequestAutoMerge: null}, errors: [error('UNPROCESSABLE', 'Pull request Auto merge is not enabled for this pull request', path)]};
  pr.auto_merge = null;
  ctx.state.auto_merge_disabled.push({pull_number: pr.number, reason: 'disabled through GraphQL', time_ms: Date.now()});
  return {data: {disablePullRequestAutoMerge: {pullRequest: pull_node(ctx, pr)}}};
}

/// markPullRequestReadyForReview / convertPullRequestToDraft: flips the PR's draft state.
function set_draft(ctx, name, input, draft) {
  const pr = ctx.state.pulls.find((p) => p.node_id === input.pullRequestId);
  if (!pr) return {data: {[name]: null}, errors: [error('NOT_FOUND', `Could not resolve to a node with the global id of '${input.pullRequestId}'`, [name])]};
  if (pr.state !== 'open') return {data: {[name]: null}, errors: [error('UNPROCESSABLE', 'Pull request is closed', [name])]};
  pr.draft = draft;
  pr.updated_at = Date.now();
  return {data: {[name]: {pullRequest: {...pull_node(ctx, pr), isDraft: draft}}}};
}

function repository_pull(ctx, query, variables) {
  const repo = parse_arguments(/repository\s*\(([^)]*)\)/.exec(query)[1], variables);
  const number = parse_arguments(/pullRequest\s*\(([^)]*)\)/.exec(query)?.[1] ?? '', variables).number;
  if (String(repo.owner).toLowerCase() !== ctx.config.owner.toLowerCase() || String(repo.name).toLowerCase() !== ctx.config.repo.toLowerCase()) {
    return {data: {repository: null}, errors: [error('NOT_FOUND', `Could not resolve to a Repository with the name '${repo.owner}/${repo.name}'.`, ['repository'])]};
  }
  const pr = ctx.state.pull(number);
  if (!pr) {
    return {data: {repository: {pullRequest: null}}, errors: [error('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`, ['repository', 'pullRequest'])]};
  }
  return {data: {repository: {pullRequest: pull_node(ctx, ctx.state.refresh(pr))}}};
}

/// Answers one GraphQL request: {status, body, problems} (problems = violations to record).
function graphql(ctx) {
  const problems = envelope_problems(ctx.body);
  if (problems.length) return {status: 400, body: {message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql'}, problems};
  const {query, variables} = ctx.body;
  const mutation = /\b(enable|disable)PullRequestAutoMerge\s*\(\s*input\s*:\s*(\{[^}]*\}|\$\w+)\s*\)/.exec(query);
  if (mutation) {
    const name = `${mutation[1]}PullRequestAutoMerge`;
    try {
      ctx.auth.require_permission(ctx.caller, [['pull_requests', 'write'], ['contents', 'write']]);
    } catch (refused) {
      const errors = [error('FORBIDDEN', refused.message, [name])];
      return {status: 200, body: {data: {[name]: null}, errors}, problems: []};
    }
    const act = mutation[1] === 'enable' ? enable_auto_merge : disable_auto_merge;
    return {status: 200, body: act(ctx, parse_arguments(mutation[2], variables)), problems: []};
  }
  const flip = /\b(markPullRequestReadyForReview|convertPullRequestToDraft)\s*\(\s*input\s*:\s*(\{[^}]*\}|\$\w+)\s*\)/.exec(query);
  if (flip) {
    try {
      ctx.auth.require_permission(ctx.caller, [['pull_requests', 'write']]);
    } catch (refused) {
      return {status: 200, body: {data: {[flip[1]]: null}, errors: [error('FORBIDDEN', refused.message, [flip[1]])]}, problems: []};
    }
    const input = parse_arguments(flip[2], variables);
    return {status: 200, body: set_draft(ctx, flip[1], input, flip[1] === 'convertPullRequestToDraft'), problems: []};
  }
  if (/^\s*(query\b[^{]*)?\{\s*repository\s*\(/.test(query) && /pullRequest\s*\(/.test(query)) {
    return {status: 200, body: repository_pull(ctx, query, variables), problems: []};
  }
  const problem = 'not implemented by the test server: this GraphQL document (only enable/disablePullRequestAutoMerge and repository.pullRequest are)';
  return {status: 200, body: {errors: [{message: problem}]}, problems: [problem]};
}

module.exports = {graphql, envelope_problems, parse_arguments};
