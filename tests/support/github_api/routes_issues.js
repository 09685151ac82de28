'use strict';
// Labels and issue comments, on pull requests and on issues (routes_tracker.js).

const {HttpError, validation_failed, not_found} = require('./http_error');

// On a pull request, GitHub accepts either the issues or the pull_requests permission.
const k_read = [['issues', 'read'], ['pull_requests', 'read']];
const k_write = [['issues', 'write'], ['pull_requests', 'write']];

function find_issue(ctx) {
  const found = ctx.state.pull(ctx.params.issue_number) || ctx.state.issues.find((i) => i.number === ctx.params.issue_number);
  if (!found) throw not_found(`no issue or pull request #${ctx.params.issue_number}`);
  return found;
}

function find_label(ctx, name) {
  return ctx.state.labels.get(name.toLowerCase()) || null;
}

/// Creates a label; `color` must be six hex digits without '#', as on GitHub.
function add_label(ctx, name, color = 'ededed', description = null) {
  if (!/^[0-9a-fA-F]{6}$/.test(color)) throw validation_failed([{resource: 'Label', code: 'invalid', field: 'color'}]);
  const label = {id: ctx.state.id(), name, color: color.toLowerCase(), description};
  ctx.state.labels.set(name.toLowerCase(), label);
  return label;
}

function find_comment(ctx) {
  const comment = ctx.state.comments.find((c) => c.id === ctx.params.comment_id);
  if (!comment) throw not_found(`no comment ${ctx.params.comment_id}`);
  return comment;
}

function issue_labels(ctx, pr) {
  return pr.labels.map((n) => ctx.bodies.label(find_label(ctx, n)));
}

module.exports = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/labels', needs: k_read,
    handle(ctx) {
      const page = ctx.paginate([...ctx.state.labels.values()]);
      return {status: 200, body: page.items.map((l) => ctx.bodies.label(l)), headers: page.headers};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/labels/{name}', needs: k_read,
    handle(ctx) {
      const label = find_label(ctx, ctx.params.name);
      if (!label) throw not_found(`no label "${ctx.params.name}"`);
      return {status: 200, body: ctx.bodies.label(label)};
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/labels', needs: k_write,
    handle(ctx) {
      const {name, color, description} = ctx.body;
      if (find_label(ctx, name)) throw validation_failed([{resource: 'Label', code: 'already_exists', field: 'name'}]);
      const answer = ctx.bodies.label(add_label(ctx, name, color, description));
      return {status: 201, body: answer, headers: {location: answer.url}};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}/labels', needs: k_read,
    handle(ctx) {
      const page = ctx.paginate(issue_labels(ctx, find_issue(ctx)));
      return {status: 200, body: page.items, headers: page.headers};
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/labels', needs: k_write,
    handle(ctx) {
      const pr = find_issue(ctx);
      for (const item of ctx.body.labels ?? []) {
        const name = typeof item === 'string' ? item : item.name;
        const label = find_label(ctx, name) || add_label(ctx, name);
        if (!pr.labels.some((n) => n.toLowerCase() === label.name.toLowerCase())) pr.labels.push(label.name);
      }
      pr.updated_at = Date.now();
      return {status: 200, body: issue_labels(ctx, pr)};
    },
  },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', needs: k_write,
    handle(ctx) {
      const pr = find_issue(ctx);
      const before = pr.labels.length;
      pr.labels = pr.labels.filter((n) => n.toLowerCase() !== ctx.params.name.toLowerCase());
      if (pr.labels.length === before) throw new HttpError(404, 'Label does not exist');
      return {status: 200, body: issue_labels(ctx, pr)};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments', needs: k_read,
    handle(ctx) {
      const pr = find_issue(ctx);
      const since = ctx.query.since ? Date.parse(ctx.query.since) : -Infinity;
      const comments = ctx.state.comments.filter((c) => c.issue_number === pr.number && c.updated_at >= since);
      const page = ctx.paginate(comments);
      return {status: 200, body: page.items.map((c) => ctx.bodies.comment(c)), headers: page.headers};
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments', needs: k_write,
    handle(ctx) {
      const pr = find_issue(ctx);
      const now = Date.now();
      const comment = {id: ctx.state.id(), issue_number: pr.number, body: ctx.body.body, user: {login: ctx.caller.login, type: ctx.caller.type}, created_at: now, updated_at: now};
      ctx.state.comments.push(comment);
      const answer = ctx.bodies.comment(comment);
      return {status: 201, body: answer, headers: {location: answer.url}};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}', needs: k_read,
    handle: (ctx) => ({status: 200, body: ctx.bodies.comment(find_comment(ctx))}),
  },
  {
    method: 'PATCH', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}', needs: k_write,
    handle(ctx) {
      const comment = find_comment(ctx);
      comment.body = ctx.body.body;
      comment.updated_at = Date.now();
      return {status: 200, body: ctx.bodies.comment(comment)};
    },
  },
];
