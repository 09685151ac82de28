'use strict';
// One request through the fake GitHub: route by the OpenAPI description, check the request
// against it (a mismatch is a violation: 400 or 404), serve configured faults, authenticate,
// run the handler, and check the answer against the documented response schema.

const crypto = require('node:crypto');
const {HttpError} = require('./http_error');
const {graphql} = require('./graphql');

// The REST API versions GitHub supports; the description validated against is 2022-11-28's.
const k_api_versions = ['2022-11-28', '2026-03-10'];

/// A problem of the client under test: answered with `status` and recorded as a violation.
class Violation extends Error {
  constructor(status, problems, body) {
    super(problems.join('; '));
    this.status = status;
    this.problems = problems;
    this.answer = body;
  }
}

function query_object(search_params) {
  const query = {};
  for (const key of new Set(search_params.keys())) {
    const all = search_params.getAll(key);
    query[key] = all.length === 1 ? all[0] : all;
  }
  return query;
}

class Dispatcher {
  constructor({validator, config, state, git, auth, bodies, routes}) {
    Object.assign(this, {validator, config, state, git, auth, bodies});
    this.routes = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  }

  /// Handles one GitHub API request: {status, headers, body, template}.
  api(method, url, headers, raw_body) {
    const path = url.pathname;
    const ctx = this.context(method, url, headers);
    this.git.invalidate();
    try {
      this.check_api_version(headers);
      if (path !== '/rate_limit') this.consume_rate_limit();
      if (method === 'POST' && path === '/graphql') return this.graphql(ctx, raw_body);
      const route = this.validator.match(method, path);
      if (route.problem) throw new Violation(404, [route.problem], {message: 'Not Found'});
      Object.assign(ctx, {template: route.template, operation: route.operation, docs: route.operation.externalDocs?.url});
      const handler = this.routes.get(`${method} ${route.template}`);
      ctx.body = this.parse_body(headers, raw_body);
      handler?.precheck?.(ctx.body);
      this.timed(ctx, () => this.check_request(ctx, route));
      const fault = this.take_fault(method, path);
      if (fault) return this.serve_fault(fault, method, path);
      this.check_rate_limit();
      if (!handler) throw new Violation(404, [`not implemented by the test server: ${method} ${route.template}`], {message: 'Not Found'});
      this.authenticate(ctx, handler);
      this.check_repository(ctx);
      const result = handler.handle(ctx);
      this.timed(ctx, () => this.check_response(ctx, result.status, result.body));
      return {...result, template: route.template, validation_us: ctx.validation_us};
    } catch (failure) {
      return this.failure(ctx, failure);
    }
  }

  /// Runs a validation step and adds its time to the request's `validation_us` (for the log).
  timed(ctx, step) {
    const started = process.hrtime.bigint();
    try {
      return step();
    } finally {
      ctx.validation_us += Number(process.hrtime.bigint() - started) / 1000;
    }
  }

  context(method, url, headers) {
    const ctx = {method, url, headers, query: {}, params: {}, docs: null, validation_us: 0, config: this.config, state: this.state, git: this.git, auth: this.auth, bodies: this.bodies};
    ctx.paginate = (items) => this.paginate(ctx, items);
    ctx.unsupported = (what) => {
      throw new Violation(422, [`not implemented by the test server: ${what}`], {message: `The test server does not implement ${what}`});
    };
    return ctx;
  }

  failure(ctx, failure) {
    if (failure instanceof Violation) {
      this.state.violation(ctx.method, ctx.url.pathname, failure.message);
      const body = {...failure.answer, documentation_url: ctx.docs || 'https://docs.github.com/rest', status: String(failure.status)};
      return {status: failure.status, body, template: ctx.template};
    }
    if (failure instanceof HttpError) {
      const body = failure.body(ctx.docs);
      if (ctx.operation) this.timed(ctx, () => this.check_response(ctx, failure.status, body));
      return {status: failure.status, body, headers: failure.headers, template: ctx.template, validation_us: ctx.validation_us};
    }
    this.state.violation(ctx.method, ctx.url.pathname, `test server error: ${failure.stack || failure}`);
    return {status: 500, body: {message: `test server error: ${failure.message}`}, template: ctx.template};
  }

  /// JSON bodies only, sent as application/json: curl's default form encoding is a classic bug.
  parse_body(headers, raw_body) {
    if (raw_body.length === 0) return undefined;
    const type = headers['content-type'] || '';
    if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new Violation(415, [`request body sent with Content-Type "${type}", GitHub expects application/json`], {message: 'Unsupported Media Type'});
    }
    try {
      return JSON.parse(raw_body.toString('utf8'));
    } catch (error) {
      throw new Violation(400, [`request body is not valid JSON: ${error.message}`], {message: 'Problems parsing JSON'});
    }
  }

  check_request(ctx, route) {
    const params = this.validator.check_parameters(route.template, ctx.method, route.operation, route.params, query_object(ctx.url.searchParams));
    const problems = [...params.problems, ...this.validator.check_request_body(route.template, ctx.method, route.operation, ctx.body)];
    if (!this.config.strict_body_properties) {
      problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('which the operation does not define')));
    }
    if (problems.length) {
      throw new Violation(400, problems, {message: `Invalid request.\n\n${problems.join('\n')}`});
    }
    ctx.params = params.path;
    ctx.query = params.query;
  }

  check_response(ctx, status, body) {
    if (!ctx.operation) return;
    for (const problem of this.validator.check_response(ctx.template, ctx.method, ctx.operation, status, body)) {
      this.state.violation(ctx.method, ctx.url.pathname, `test server bug: ${problem}`);
    }
  }

  /// The first pending fault matching METHOD and path; its `times` is used up.
  take_fault(method, path) {
    const fault = this.state.faults.find((f) => (f.times ?? 1) > 0 && (!f.method || f.method.toUpperCase() === method) && new RegExp(f.path ?? '.*').test(path));
    if (fault) fault.times = (fault.times ?? 1) - 1;
    return fault;
  }

  serve_fault(fault, method, path) {
    this.state.faults_served.push({method, path, status: fault.status, time_ms: Date.now()});
    return {status: fault.status ?? 500, body: fault.body ?? {message: 'Server Error'}, headers: fault.headers ?? {}, fault: true};
  }

  /// GitHub answers 400 to an API version it does not support (absent means 2022-11-28).
  check_api_version(headers) {
    const version = headers['x-github-api-version'];
    if (version === undefined || k_api_versions.includes(version)) return;
    throw new Violation(400, [`unsupported X-GitHub-Api-Version "${version}" (supported: ${k_api_versions.join(', ')})`],
      {message: `Invalid API version provided: ${version}. Supported versions: ${k_api_versions.join(', ')}.`});
  }

  consume_rate_limit() {
    if (this.state.rate.remaining > 0) this.state.rate.remaining -= 1;
    else this.state.rate.exhausted = true;
  }

  check_rate_limit() {
    if (!this.state.rate.exhausted) return;
    this.state.rate.exhausted = false;
    throw new HttpError(403, 'API rate limit exceeded. If you reach out to GitHub Support for help, please include the request ID.',
      'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api');
  }

  authenticate(ctx, handler) {
    const header = ctx.headers.authorization;
    if (handler.auth === 'jwt') {
      ctx.caller = this.auth.app_jwt(header);
      return;
    }
    if (handler.auth === 'optional' && !header) {
      ctx.caller = {kind: 'anonymous', login: null, permissions: {}};
      return;
    }
    ctx.caller = this.auth.caller(header);
    this.auth.require_permission(ctx.caller, handler.needs);
  }

  /// Only the configured repository exists; any other is GitHub's plain 404.
  check_repository(ctx) {
    const {owner, repo} = ctx.params;
    if (owner === undefined) return;
    if (owner.toLowerCase() !== this.config.owner.toLowerCase() || repo.toLowerCase() !== this.config.repo.toLowerCase()) {
      throw new HttpError(404, 'Not Found', null, {}, `the test server only has ${this.config.owner}/${this.config.repo}`);
    }
  }

  graphql(ctx, raw_body) {
    ctx.docs = 'https://docs.github.com/graphql';
    ctx.body = this.parse_body(ctx.headers, raw_body);
    ctx.caller = this.auth.caller(ctx.headers.authorization);
    const answer = graphql(ctx);
    for (const problem of answer.problems) this.state.violation(ctx.method, '/graphql', problem);
    return {status: answer.status, body: answer.body, template: '/graphql'};
  }

  /// GitHub's pagination: per_page (default 30, at most 100), page, and a Link header with
  /// rel="prev", "next", "last", "first" as they apply.
  paginate(ctx, items) {
    const per_page = Math.min(ctx.query.per_page > 0 ? ctx.query.per_page : 30, 100);
    const page = ctx.query.page > 0 ? ctx.query.page : 1;
    const last = Math.max(1, Math.ceil(items.length / per_page));
    const link = (n) => {
      const url = new URL(ctx.url.pathname + ctx.url.search, this.bodies.base_url);
      url.searchParams.set('page', String(n));
      return url.href;
    };
    const rels = [];
    if (page > 1) rels.push([page - 1, 'prev']);
    if (page < last) rels.push([page + 1, 'next'], [last, 'last']);
    if (page > 1) rels.push([1, 'first']);
    const headers = rels.length ? {link: rels.map(([n, rel]) => `<${link(n)}>; rel="${rel}"`).join(', ')} : {};
    return {items: items.slice((page - 1) * per_page, page * per_page), headers};
  }

  /// The headers GitHub sends on every answer.
  common_headers(selected_version = '2022-11-28') {
    const rate = this.state.rate;
    return {
      'x-ratelimit-limit': String(rate.limit),
      'x-ratelimit-remaining': String(rate.remaining),
      'x-ratelimit-used': String(rate.limit - rate.remaining),
      'x-ratelimit-reset': String(rate.reset),
      'x-ratelimit-resource': 'core',
      'x-github-request-id': crypto.randomBytes(8).toString('hex').toUpperCase().replace(/(.{4})(.{4})(.{4})(.{4})/, '$1:$2:$3:$4'),
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': k_api_versions.includes(selected_version) ? selected_version : k_api_versions[0],
    };
  }
}

module.exports = {Dispatcher, query_object};
