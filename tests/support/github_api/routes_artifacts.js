'use strict';
// Workflow artifacts, as GitHub serves them:
//   GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip
// answers 302 with a Location on the storage host (here /__blobs/ of this server), valid for a
// minute and needing no Authorization — a client must not send its token there; 410 once the
// artifact expired. Tests upload artifacts with POST /__admin/artifacts
// {id, name, zip_base64, expired?}; GET /__blobs/<token> serves the bytes (application/zip) and
// logs whether an Authorization header came along.

const crypto = require('node:crypto');
const {HttpError, not_found} = require('./http_error');

module.exports = [
  {
    method: 'GET', path: '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', needs: [['actions', 'read']],
    handle(ctx) {
      if (ctx.params.archive_format !== 'zip') throw not_found('only zip archives exist');
      const artifact = ctx.state.artifacts.find((a) => a.id === Number(ctx.params.artifact_id));
      if (!artifact) throw not_found('no such artifact');
      if (artifact.expired) throw new HttpError(410, 'Artifact has expired', null, {}, 'the artifact expired');
      const token = crypto.randomBytes(12).toString('hex');
      ctx.state.blob_links.set(token, {id: artifact.id, expires: Date.now() + 60_000});
      return {status: 302, body: undefined, headers: {location: `${ctx.bodies.base_url}/__blobs/${token}`}};
    },
  },
];
