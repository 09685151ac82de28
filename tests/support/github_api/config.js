'use strict';
// The test server's configuration: defaults for every key, and a refusal of unknown keys so a
// typo in a test's config fails at start-up instead of silently meaning "default".

const fs = require('node:fs');

const k_defaults = {
  owner: 'acme',
  repo: 'shop',
  default_branch: 'main',
  git_dir: null,
  clone_url: null, // the repository's clone_url (where its git server is); null: github.com's
  tokens: {
    ghp_test: {
      login: 'octocat',
      type: 'User',
      permissions: {contents: 'write', pull_requests: 'write', issues: 'write', checks: 'write', metadata: 'read', statuses: 'write', administration: 'read'},
    },
  },
  app: null,
  allow_auto_merge: true,
  collaborators: ['alice', 'bob'],
  collaborator_permissions: {alice: 'admin', bob: 'write'}, // routes_collaborators.js
  teams: ['perf'],
  required_checks: ['build'],
  ci_conclusion: 'success',
  ci_check_name: 'build',
  faults: [],
  rate_limit: {limit: 5000, remaining: 4999},
  strict_body_properties: true,
};

const k_app_defaults = {
  id: 12345,
  installation_id: 678,
  public_key_file: null,
  slug: 'medic',
  installation_token: null, // a fixed value for every minted token; null: random "ghs_..."

  permissions: {contents: 'write', pull_requests: 'write', issues: 'write', checks: 'write', metadata: 'read', statuses: 'write', administration: 'read', actions: 'read'},
};

const k_conclusions = ['success', 'failure', 'pending'];
const k_fault_keys = new Set(['method', 'path', 'status', 'headers', 'body', 'times']);

/// Throws unless `fault` is {method?, path? (a RegExp source), status, headers?, body?, times?}.
function check_fault(fault) {
  if (fault === null || typeof fault !== 'object' || Array.isArray(fault)) throw new Error('a fault must be an object');
  for (const key of Object.keys(fault)) {
    if (!k_fault_keys.has(key)) throw new Error(`unknown fault key "${key}" (known: ${[...k_fault_keys].join(', ')})`);
  }
  if (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599) throw new Error('a fault needs an HTTP "status"');
  new RegExp(fault.path ?? '');
  if (fault.times !== undefined && !Number.isInteger(fault.times)) throw new Error('fault "times" must be an integer');
}

/// Reads and completes a config file (or `{}` when none); throws with the reason on bad input.
function load_config(file) {
  const raw = file ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('the config must be a JSON object');
  for (const key of Object.keys(raw)) {
    if (!(key in k_defaults)) throw new Error(`unknown config key "${key}" (known: ${Object.keys(k_defaults).join(', ')})`);
  }
  const config = {...structuredClone(k_defaults), ...raw};
  if (config.app) {
    for (const key of Object.keys(config.app)) {
      if (!(key in k_app_defaults)) throw new Error(`unknown config key "app.${key}"`);
    }
    config.app = {...structuredClone(k_app_defaults), ...config.app};
    if (!config.app.public_key_file) throw new Error('app.public_key_file is required when "app" is set');
    config.app.id = Number(config.app.id);
    config.app.installation_id = Number(config.app.installation_id);
  }
  if (!k_conclusions.includes(config.ci_conclusion)) {
    throw new Error(`ci_conclusion must be one of ${k_conclusions.join(', ')}`);
  }
  config.rate_limit = {limit: 5000, remaining: 4999, ...config.rate_limit};
  if (!Array.isArray(config.faults)) throw new Error('"faults" must be an array');
  config.faults.forEach(check_fault);
  for (const [token, user] of Object.entries(config.tokens)) {
    if (!user.login) throw new Error(`tokens.${token}.login is required`);
    user.type = user.type || 'User';
    user.permissions = user.permissions || {};
  }
  return config;
}

module.exports = {load_config, check_fault, k_conclusions};
