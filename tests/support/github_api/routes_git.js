'use strict';
// Git references, read from and written to the real bare repository.

const {HttpError, not_found} = require('./http_error');

const k_read = [['contents', 'read']];
const k_write = [['contents', 'write']];

function unprocessable(message) {
  return new HttpError(422, message);
}

function ref_body(ctx, found) {
  return ctx.bodies.git_ref(found.ref, found.sha, found.type);
}

/// The full ref for a `{ref}` path parameter ("heads/x" -> "refs/heads/x").
function full_ref(ref) {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

module.exports = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/git/ref/{ref}', needs: k_read,
    handle(ctx) {
      const found = ctx.git.ref(full_ref(ctx.params.ref));
      if (!found) throw not_found(`no ref ${full_ref(ctx.params.ref)} in ${ctx.git.dir}`);
      return {status: 200, body: ref_body(ctx, found)};
    },
  },
  {
    method: 'GET', path: '/repos/{owner}/{repo}/git/matching-refs/{ref}', needs: k_read,
    handle(ctx) {
      const prefix = full_ref(ctx.params.ref);
      const refs = ctx.git.refs().filter((r) => r.ref.startsWith(prefix));
      return {status: 200, body: refs.map((r) => ref_body(ctx, r))};
    },
  },
  {
    method: 'POST', path: '/repos/{owner}/{repo}/git/refs', needs: k_write,
    handle(ctx) {
      const {ref, sha} = ctx.body;
      if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
        throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
      }
      if (!ctx.git.valid_ref_name(ref)) throw unprocessable(`${ref} is not a valid ref name.`);
      if (!ctx.git.object_type(sha)) throw unprocessable('Object does not exist');
      if (ctx.git.ref(ref)) throw unprocessable('Reference already exists');
      const made = ctx.git.update_ref(ref, sha, '');
      if (!made.ok) throw unprocessable('Reference already exists');
      const found = ctx.git.ref(ref);
      return {status: 201, body: ref_body(ctx, found), headers: {location: ref_body(ctx, found).url}};
    },
  },
  {
    method: 'PATCH', path: '/repos/{owner}/{repo}/git/refs/{ref}', needs: k_write,
    handle(ctx) {
      const ref = full_ref(ctx.params.ref);
      const current = ctx.git.ref(ref);
      if (!current) throw unprocessable('Reference does not exist');
      const {sha, force = false} = ctx.body;
      if (!ctx.git.object_type(sha)) throw unprocessable('Object does not exist');
      if (!force && !ctx.git.is_ancestor(current.sha, sha)) throw unprocessable('Update is not a fast forward');
      const moved = ctx.git.update_ref(ref, sha, current.sha);
      if (!moved.ok) throw new HttpError(409, 'Reference update failed: the ref moved meanwhile');
      return {status: 200, body: ref_body(ctx, ctx.git.ref(ref))};
    },
  },
  {
    method: 'DELETE', path: '/repos/{owner}/{repo}/git/refs/{ref}', needs: k_write,
    handle(ctx) {
      const ref = full_ref(ctx.params.ref);
      if (!ctx.git.ref(ref)) throw unprocessable('Reference does not exist');
      ctx.git.delete_ref(ref);
      return {status: 204};
    },
  },
];
