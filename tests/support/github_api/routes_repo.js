'use strict';
// The repository, the caller, rate limits, branches and their protection, and the GitHub App
// endpoints (installation lookup, installation tokens).

const {HttpError, not_found} = require('./http_error');

const k_read_meta = [['metadata', 'read']];
const k_read_admin = [['administration', 'read']];

/// The branch of `params.branch`, or 404 "Branch not found".
function branch_sha(ctx) {
  const sha = ctx.git.resolve(`refs/heads/${ctx.params.branch}`);
  if (!sha) throw new HttpError(404, 'Branch not found');
  return sha;
}

/// Protection exists only on the default branch, and only when required_checks is not empty.
function require_protection(ctx) {
  branch_sha(ctx);
  if (!ctx.state.protected(ctx.params.branch)) throw new HttpError(404, 'Branch not protected');
}

module.exports = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}', needs: k_read_meta,
    handle: (ctx) => ({status: 200, body: ctx.bodies.full_repository(ctx.caller)}),
  },
  {
    method: 'GET', path: '/user', needs: [],
    handle(ctx) {
      if (ctx.caller.kind === 'installation') throw new HttpError(403, 'Resource not accessible by integration');
      const user = ctx.bodies.example('private-user');
      Object.assign(user, ctx.bodies.user(ctx.caller.login, ctx.caller.type));
      user.name = ctx.caller.login;
      return {status: 200, body: user};
    },
  },
  {
    method: 'GET', path: '/rate_limit', auth: 'optional',
    handle(ctx) {
      const body = ctx.bodies.example('rate-limit-overview');
      const rate = ctx.state.rate;
      const core = {limit: rate.limit, used: rate.limit - rate.remaining, remaining: rate.remaining, reset: rate.reset};
      body.resources.core = core;
      body.rate = {...core};
      return {status: 200, body};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/branches/{branch}', needs: k_read_meta,
    handle(ctx) {
      const sha = branch_sha(ctx);
      return {status: 200, body: ctx.bodies.branch(ctx.params.branch, sha, ctx.state.protected(ctx.params.branch))};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/branches/{branch}/protection', needs: k_read_admin,
    handle(ctx) {
      require_protection(ctx);
      return {status: 200, body: ctx.bodies.protection(ctx.params.branch)};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks', needs: k_read_admin,
    handle(ctx) {
      require_protection(ctx);
      return {status: 200, body: ctx.bodies.status_check_policy(ctx.params.branch)};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/installation', auth: 'jwt',
    handle: (ctx) => ({status: 200, body: installation(ctx)}),
  },
  {
    method: 'GET', path: '/app', auth: 'jwt',
    handle: (ctx) => ({status: 200, body: ctx.bodies.app()}),
  },
  {
    method: 'POST', path: '/app/installations/{installation_id}/access_tokens', auth: 'jwt',
    handle(ctx) {
      if (ctx.params.installation_id !== ctx.config.app.installation_id) throw not_found('no such installation');
      const minted = ctx.auth.mint(ctx.body?.permissions);
      const body = ctx.bodies.example('installation-token');
      Object.assign(body, minted, {repository_selection: 'selected'});
      body.repositories = [ctx.bodies.pr_repo()];
      return {status: 201, body};
    },
  },
];

function installation(ctx) {
  const body = ctx.bodies.example('installation');
  const app = ctx.config.app;
  Object.assign(body, {id: app.installation_id, app_id: app.id, app_slug: app.slug, target_id: ctx.bodies.repo_id, permissions: app.permissions});
  body.account = ctx.bodies.user(ctx.config.owner, 'Organization');
  body.target_type = 'Organization';
  body.repository_selection = 'selected';
  body.access_tokens_url = `${ctx.bodies.base_url}/app/installations/${app.installation_id}/access_tokens`;
  body.repositories_url = `${ctx.bodies.base_url}/installation/repositories`;
  return body;
}
