'use strict';
// GitHub's OpenAPI description (@octokit/openapi, OpenAPI 3.0.3) as a request router and a
// request/response validator. The description is loaded once; each operation's schemas are
// compiled by ajv on first use and cached.

const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const k_root_id = 'gh';
// Path parameters documented to hold slashes (`heads/feature/x`); clients may send them
// unencoded, so a template whose parameter spans several segments is tried last.
const k_multi_segment_params = new Set(['ref', 'branch', 'path', 'name', 'tag']);

/// Locates the description inside the installed @octokit/openapi package.
function spec_path() {
  const pkg = require.resolve('@octokit/openapi/package.json');
  return path.join(path.dirname(pkg), 'generated', 'api.github.com.json');
}

/// Rewrites OpenAPI 3.0 idioms into JSON Schema that ajv understands: `nullable: true`
/// becomes a `null` type (ajv's own `nullable` refuses schemas without `type`, and GitHub's
/// description has 135 of those), and local `$ref`s point at the registered root document.
/// Example values are data, not schemas: they are left alone.
function normalize(node, in_properties = false) {
  if (Array.isArray(node)) {
    for (const item of node) normalize(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const key of Object.keys(node)) {
    if (in_properties || (key !== 'example' && key !== 'examples')) normalize(node[key], key === 'properties' && !in_properties);
  }
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) node.$ref = k_root_id + node.$ref;
  if (!('nullable' in node)) return;
  const nullable = node.nullable === true;
  delete node.nullable;
  if (!nullable) return;
  if (typeof node.type === 'string') {
    node.type = [node.type, 'null'];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
    return;
  }
  const rest = {...node};
  for (const key of Object.keys(node)) delete node[key];
  node.anyOf = [{type: 'null'}, rest];
}

/// Compiles one path template into a matcher; `greedy` lets slash-holding parameters span segments.
function template_matcher(template, greedy) {
  const names = [];
  let literal = 0;
  const source = template.replace(/\{([^}]+)\}|[^{]+/g, (whole, name) => {
    if (name === undefined) {
      literal += whole.length;
      return whole.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    }
    names.push(name);
    return greedy && k_multi_segment_params.has(name) ? '(.+?)' : '([^/]+)';
  });
  return {regex: new RegExp('^' + source + '$'), names, literal};
}

class OpenApiValidator {
  /// Loads and prepares the description; `file` defaults to the installed package's.
  constructor(file = spec_path()) {
    const started = process.hrtime.bigint();
    this.spec = JSON.parse(fs.readFileSync(file, 'utf8'));
    normalize(this.spec);
    this.ajv = new Ajv({strict: false, allErrors: true, validateSchema: false, addUsedSchema: false});
    addFormats(this.ajv);
    this.ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
    this.ajv.addFormat('timestamp', true);
    this.ajv.addSchema(this.spec, k_root_id);
    this.templates = Object.keys(this.spec.paths).map((template) => ({
      template,
      strict: template_matcher(template, false),
      greedy: template_matcher(template, true),
    }));
    this.cache = new Map();
    this.load_ms = Number(process.hrtime.bigint() - started) / 1e6;
  }

  /// Finds the operation for METHOD + raw path: {template, operation, params} or {problem}.
  match(method, raw_path) {
    const lower = method.toLowerCase();
    for (const mode of ['strict', 'greedy']) {
      const found = [];
      for (const entry of this.templates) {
        const groups = entry[mode].regex.exec(raw_path);
        if (groups) found.push({entry, groups, has_method: Boolean(this.spec.paths[entry.template][lower])});
      }
      if (found.length === 0) continue;
      const candidates = found.some((f) => f.has_method) ? found.filter((f) => f.has_method) : found;
      // The most specific template wins: `/pulls/comments` over `/pulls/{pull_number}`.
      candidates.sort((a, b) => b.entry[mode].literal - a.entry[mode].literal);
      const best = candidates[0];
      if (!best.has_method) {
        return {problem: `${method} is not an operation of ${best.entry.template} in GitHub's OpenAPI description`};
      }
      const params = {};
      best.entry[mode].names.forEach((name, i) => {
        params[name] = decodeURIComponent(best.groups[i + 1]);
      });
      return {template: best.entry.template, operation: this.spec.paths[best.entry.template][lower], params};
    }
    return {problem: `${method} ${raw_path} is not a path of GitHub's OpenAPI description`};
  }

  /// Follows a `$ref` to components (parameters, requestBodies, responses) to the object itself.
  deref(node) {
    let current = node;
    for (let hops = 0; current && typeof current.$ref === 'string' && hops < 10; ++hops) {
      const pointer = current.$ref.slice(current.$ref.indexOf('#') + 2).split('/');
      current = pointer.reduce((at, token) => at?.[token.replace(/~1/g, '/').replace(/~0/g, '~')], this.spec);
    }
    return current;
  }

  compiled(key, make_schema) {
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(make_schema());
      this.cache.set(key, validate);
    }
    return validate;
  }

  /// The resolved parameter objects of an operation.
  parameters(operation) {
    return (operation.parameters || []).map((p) => this.deref(p));
  }

  /// Validates path and query parameters (coerced from strings by their schema's type);
  /// returns the list of problems and the coerced query.
  check_parameters(template, method, operation, path_params, query) {
    const problems = [];
    const params = this.parameters(operation);
    const coerced = {path: {}, query: {}};
    for (const p of params.filter((x) => x.in === 'path')) {
      coerced.path[p.name] = coerce(path_params[p.name], this.deref(p.schema));
    }
    const known = new Set(params.filter((x) => x.in === 'query').map((x) => x.name));
    for (const [name, value] of Object.entries(query)) {
      if (!known.has(name)) {
        problems.push(`unknown query parameter "${name}"`);
        continue;
      }
      const p = params.find((x) => x.in === 'query' && x.name === name);
      coerced.query[name] = coerce(value, this.deref(p.schema));
    }
    for (const where of ['path', 'query']) {
      const list = params.filter((x) => x.in === where);
      const validate = this.compiled(`${method} ${template} ${where}`, () => ({
        type: 'object',
        properties: Object.fromEntries(list.map((p) => [p.name, p.schema || {}])),
        required: list.filter((p) => p.required).map((p) => p.name),
      }));
      if (!validate(coerced[where])) problems.push(...describe(validate.errors, `${where} parameter`));
    }
    return {problems, path: coerced.path, query: coerced.query};
  }

  /// The JSON schema of the request body, or null when the operation takes none.
  request_schema(operation) {
    const body = this.deref(operation.requestBody);
    if (!body) return null;
    return {required: Boolean(body.required), schema: body.content?.['application/json']?.schema ?? null};
  }

  /// Validates a parsed JSON request body (undefined when none was sent).
  check_request_body(template, method, operation, body) {
    const spec = this.request_schema(operation);
    if (!spec) {
      return body === undefined ? [] : ['the operation takes no request body'];
    }
    if (body === undefined) return spec.required ? ['the request body is required'] : [];
    if (!spec.schema) return [];
    const validate = this.compiled(`${method} ${template} body`, () => spec.schema);
    const problems = validate(body) ? [] : describe(validate.errors, 'body');
    problems.push(...this.unknown_properties(spec.schema, body));
    return problems;
  }

  /// GitHub ignores unknown top-level body properties; a client sending one has a bug (a typo,
  /// a field of another endpoint), so it is reported even where additionalProperties allows it.
  unknown_properties(schema, body) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
    const allowed = new Set();
    let open = false;
    const collect = (node) => {
      const s = this.deref(node);
      if (!s || typeof s !== 'object') return;
      if (s.properties) Object.keys(s.properties).forEach((k) => allowed.add(k));
      else if (s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'))) open = true;
      if (s.additionalProperties && s.additionalProperties !== false) open = true;
      for (const key of ['allOf', 'anyOf', 'oneOf']) (s[key] || []).forEach(collect);
    };
    collect(schema);
    if (open) return [];
    return Object.keys(body)
      .filter((k) => !allowed.has(k))
      .map((k) => `body has property "${k}", which the operation does not define`);
  }

  /// The response entry of an operation for a status, or null when it is not documented.
  response(operation, status) {
    const responses = operation.responses || {};
    const entry = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    return entry ? this.deref(entry) : null;
  }

  /// Validates a JSON response body against the documented schema for its status.
  check_response(template, method, operation, status, body) {
    const entry = this.response(operation, status);
    if (!entry) {
      return status < 300 ? [`status ${status} is not documented for ${method} ${template}`] : [];
    }
    const schema = entry.content?.['application/json']?.schema;
    if (!schema) {
      // GitHub sends its JSON error body even where the description documents none.
      return body === undefined || status >= 400 ? [] : [`status ${status} of ${method} ${template} documents no JSON body`];
    }
    const validate = this.compiled(`${method} ${template} response ${status}`, () => schema);
    return validate(body) ? [] : describe(validate.errors, `response ${status}`);
  }

  /// A named example from components/examples (deep copy), e.g. "pull-request".
  example(name) {
    const found = this.spec.components.examples[name];
    if (!found) throw new Error(`no example "${name}" in GitHub's OpenAPI description`);
    return structuredClone(found.value);
  }
}

/// Converts a parameter's string value to the type its schema declares, so ajv sees numbers
/// and booleans; anything that does not convert stays a string and fails validation.
function coerce(value, schema) {
  if (value === undefined || !schema) return value;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const one = Array.isArray(value) ? value[value.length - 1] : value;
  if (type === 'array') return (Array.isArray(value) ? value : String(value).split(','));
  if (type === 'integer' || type === 'number') {
    return /^-?\d+(\.\d+)?$/.test(one) ? Number(one) : one;
  }
  if (type === 'boolean') return one === 'true' ? true : one === 'false' ? false : one;
  return one;
}

/// Turns ajv errors into short sentences naming the offending location.
function describe(errors, where) {
  const seen = new Set();
  const out = [];
  for (const e of errors || []) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const at = e.instancePath ? `${where} ${e.instancePath}` : where;
    let text = `${at} ${e.message}`;
    if (e.keyword === 'additionalProperties') text += ` "${e.params.additionalProperty}"`;
    if (e.keyword === 'enum') text += `: ${JSON.stringify(e.params.allowedValues)}`;
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  }
  return out.length ? out.slice(0, 10) : [`${where} does not match the schema`];
}

module.exports = {OpenApiValidator, spec_path, normalize};
