'use strict';
// Who is calling: config tokens, installation tokens this server minted, and GitHub App JWTs
// (RS256, verified with the app's public key), with GitHub's answers when they do not fit.

const crypto = require('node:crypto');
const fs = require('node:fs');
const {HttpError} = require('./http_error');

const k_levels = {none: 0, read: 1, write: 2, admin: 3};
const k_docs = 'https://docs.github.com/rest';

class Auth {
  constructor(config, state) {
    this.config = config;
    this.state = state;
    this.public_key = config.app ? crypto.createPublicKey(fs.readFileSync(config.app.public_key_file)) : null;
  }

  /// Splits the Authorization header into {scheme, credential}; null when absent or malformed.
  static parse_header(header) {
    const found = /^(token|bearer)\s+(\S+)\s*$/i.exec(header || '');
    return found ? {scheme: found[1].toLowerCase() === 'token' ? 'token' : 'Bearer', credential: found[2]} : null;
  }

  /// The caller of a request needing a token (user or installation); throws 401 otherwise.
  caller(header) {
    const parsed = Auth.parse_header(header);
    if (!parsed) throw new HttpError(401, 'Requires authentication', k_docs);
    if (parsed.credential.split('.').length === 3 && this.config.app) {
      throw new HttpError(401, 'A JSON web token cannot be used on this endpoint; use an installation access token', k_docs);
    }
    const user = this.config.tokens[parsed.credential];
    if (user) {
      const kind = user.type === 'Bot' ? 'installation' : 'user';
      return {kind, login: user.login, type: user.type, permissions: user.permissions, id: user.id};
    }
    const minted = this.state.minted_tokens.find((t) => t.token === parsed.credential);
    if (minted && Date.parse(minted.expires_at) > Date.now()) {
      return {kind: 'installation', login: `${this.config.app.slug}[bot]`, type: 'Bot', permissions: minted.permissions};
    }
    throw new HttpError(401, 'Bad credentials', k_docs);
  }

  /// Throws GitHub's 403 unless the caller holds one of `needs` ([[scope, level], ...]).
  require_permission(caller, needs) {
    if (!needs || needs.length === 0) return;
    const held = caller.permissions || {};
    const ok = needs.some(([scope, level]) => (k_levels[held[scope]] ?? 0) >= k_levels[level]);
    if (ok) return;
    const who = caller.kind === 'installation' ? 'integration' : 'personal access token';
    throw new HttpError(403, `Resource not accessible by ${who}`, null, {
      'x-accepted-github-permissions': needs.map(([s, l]) => `${s}=${l}`).join('; '),
    });
  }

  /// Verifies an app JWT from `Authorization: Bearer <jwt>`; throws 401 with GitHub's message.
  app_jwt(header) {
    if (!this.config.app) throw new HttpError(401, 'Integration not found (the test server has no "app" in its config)', k_docs);
    const parsed = Auth.parse_header(header);
    if (!parsed) throw new HttpError(401, 'Requires authentication', k_docs);
    const parts = parsed.credential.split('.');
    if (parsed.scheme !== 'Bearer' || parts.length !== 3) {
      throw new HttpError(401, 'A JSON web token could not be decoded', k_docs, {}, 'expected "Authorization: Bearer <JWT>"');
    }
    let head;
    let claims;
    try {
      head = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      throw new HttpError(401, 'A JSON web token could not be decoded', k_docs, {}, 'header or payload is not base64url JSON');
    }
    if (head.alg !== 'RS256') {
      throw new HttpError(401, 'A JSON web token could not be decoded', k_docs, {}, `alg is ${JSON.stringify(head.alg)}, GitHub requires RS256`);
    }
    const signed = crypto.verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), this.public_key, Buffer.from(parts[2], 'base64url'));
    if (!signed) {
      throw new HttpError(401, 'A JSON web token could not be decoded', k_docs, {}, 'the signature does not verify with app.public_key_file');
    }
    this.check_claims(claims);
    return {kind: 'app', login: this.config.app.slug, permissions: {}};
  }

  check_claims(claims) {
    const now = Math.floor(Date.now() / 1000);
    if (String(claims.iss) !== String(this.config.app.id)) {
      throw new HttpError(401, 'Integration not found', k_docs, {}, `iss is ${JSON.stringify(claims.iss)}, the app id is ${this.config.app.id}`);
    }
    if (!Number.isInteger(claims.iat)) {
      throw new HttpError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued", k_docs);
    }
    if (claims.iat > now) {
      throw new HttpError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued", k_docs, {}, `iat is ${claims.iat - now} s in the future`);
    }
    if (typeof claims.exp !== 'number' || claims.exp <= now) {
      throw new HttpError(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires", k_docs);
    }
    if (claims.exp - claims.iat > 600) {
      throw new HttpError(401, "'Expiration time' claim ('exp') is too far in the future", k_docs, {}, `exp - iat is ${claims.exp - claims.iat} s, at most 600 s are allowed`);
    }
  }

  /// Mints an installation token ("ghs_" + random, 1 h), narrowed to `requested` permissions.
  mint(requested) {
    const granted = this.config.app.permissions;
    const permissions = requested ? {} : {...granted};
    for (const [scope, level] of Object.entries(requested || {})) {
      if ((k_levels[granted[scope]] ?? 0) < (k_levels[level] ?? 99)) {
        throw new HttpError(422, 'The permissions requested are not granted to this installation.', 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app');
      }
      permissions[scope] = level;
    }
    const token = {
      // app.installation_token pins the value, so a git server started beside this one can
      // accept the same token for pushes (on GitHub one installation token serves both).
      token: this.config.app.installation_token || 'ghs_' + crypto.randomBytes(27).toString('base64url'),
      expires_at: new Date(Date.now() + 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
      permissions,
    };
    this.state.minted_tokens.push(token);
    return token;
  }
}

module.exports = {Auth, k_levels};
