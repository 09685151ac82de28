'use strict';
// Issues that are not pull requests (Medic's escalation issues), and reviews with line comments:
//   POST  /repos/{owner}/{repo}/issues                       201, numbered with the pull requests
//   GET   /repos/{owner}/{repo}/issues?state=&labels=        issues and pull requests, as GitHub
//   GET   /repos/{owner}/{repo}/issues/{issue_number}
//   PATCH /repos/{owner}/{repo}/issues/{issue_number}        title, body, state, state_reason
//   POST  /repos/{owner}/{repo}/pulls/{pull_number}/reviews  a submitted review with comments
//   GET   /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments

const {not_found, validation_failed} = require('./http_error');

const k_read = [['issues', 'read']];
const k_write = [['issues', 'write']];
const k_review_read = [['pull_requests', 'read']];
const k_review_write = [['pull_requests', 'write']];

function find_tracked(ctx) {
  const issue = ctx.state.issues.find((i) => i.number === ctx.params.issue_number);
  if (!issue) throw not_found(`no issue #${ctx.params.issue_number}`);
  return issue;
}

function labels_of(ctx, names) {
  return (names || []).map((name) => (typeof name === 'string' ? name : name.name));
}

module.exports = [
  {
    method: 'POST', path: '/repos/{owner}/{repo}/issues', needs: k_write,
    handle(ctx) {
      if (!ctx.body.title) throw validation_failed([{resource: 'Issue', code: 'missing_field', field: 'title'}]);
      const labels = labels_of(ctx, ctx.body.labels);
      for (const name of labels) if (!ctx.state.labels.has(name.toLowerCase())) ctx.state.labels.set(name.toLowerCase(), {id: ctx.state.id(), name, color: 'ededed', description: null});
      const issue = ctx.state.new_issue({title: ctx.body.title, body: ctx.body.body ?? null, labels, user: {login: ctx.caller.login, type: ctx.caller.type}});
      const body = ctx.bodies.issue(issue, ctx.state);
      return {status: 201, body, headers: {location: body.url}};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues', needs: k_read,
    handle(ctx) {
      const state = ctx.query.state || 'open';
      const wanted = ctx.query.labels ? ctx.query.labels.split(',').map((l) => l.trim().toLowerCase()) : [];
      const matches = (item) => (state === 'all' || item.state === state) &&
        wanted.every((l) => item.labels.some((have) => have.toLowerCase() === l));
      const items = [
        ...ctx.state.issues.filter(matches).map((i) => ctx.bodies.issue(i, ctx.state)),
        ...ctx.state.pulls.filter(matches).map((p) => ctx.bodies.pull_as_issue(p, ctx.state)),
      ].sort((a, b) => b.number - a.number);
      const page = ctx.paginate(items);
      return {status: 200, body: page.items, headers: page.headers};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/issues/{issue_number}', needs: k_read,
    handle: (ctx) => ({status: 200, body: ctx.bodies.issue(find_tracked(ctx), ctx.state)}),
  },
  {
    method: 'PATCH', path: '/repos/{owner}/{repo}/issues/{issue_number}', needs: k_write,
    handle(ctx) {
      const issue = find_tracked(ctx);
      for (const key of ['title', 'body']) if (key in ctx.body) issue[key] = ctx.body[key];
      if (ctx.body.state && ctx.body.state !== issue.state) {
        issue.state = ctx.body.state;
        issue.state_reason = ctx.body.state === 'closed' ? (ctx.body.state_reason || 'completed') : null;
        issue.closed_at = ctx.body.state === 'closed' ? Date.now() : null;
      }
      issue.updated_at = Date.now();
      return {status: 200, body: ctx.bodies.issue(issue, ctx.state)};
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', needs: k_review_write,
    handle(ctx) {
      const pr = ctx.state.pull(ctx.params.pull_number);
      if (!pr) throw not_found(`no pull request #${ctx.params.pull_number}`);
      const states = {APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED'};
      if (!states[ctx.body.event]) throw validation_failed([{resource: 'PullRequestReview', code: 'invalid', field: 'event'}]);
      const review = {id: ctx.state.id(), pull_number: pr.number, body: ctx.body.body || '', state: states[ctx.body.event],
        commit_id: pr.head_sha, user: {login: ctx.caller.login, type: ctx.caller.type}, submitted_at: Date.now()};
      review.comments = (ctx.body.comments || []).map((c) => ({id: ctx.state.id(), path: c.path, line: c.line ?? null, body: c.body}));
      ctx.state.reviews.push(review);
      return {status: 200, body: ctx.bodies.review(review)};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments', needs: k_review_read,
    handle(ctx) {
      const review = ctx.state.reviews.find((r) => r.id === ctx.params.review_id && r.pull_number === ctx.params.pull_number);
      if (!review) throw not_found(`no review ${ctx.params.review_id} on #${ctx.params.pull_number}`);
      const page = ctx.paginate(review.comments.map((c) => ctx.bodies.review_comment(review, c)));
      return {status: 200, body: page.items, headers: page.headers};
    },
  },
];
