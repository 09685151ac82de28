'use strict';
// The App's webhook delivery log and redelivery, as GitHub keeps them:
//   GET  /app/hook/deliveries                          newest first, cursor pagination (Link)
//   POST /app/hook/deliveries/{delivery_id}/attempts   202; the event is sent again, later
// Both need the App's JWT. A redelivery signs the logged payload with the webhook secret
// (HMAC-SHA256, X-Hub-Signature-256), POSTs it to the webhook URL with the same
// X-GitHub-Delivery, and logs a new attempt with the receiver's status. Tests log the deliveries
// GitHub "tried" (POST /__admin/hook_deliveries) and say where the webhook is
// (POST /__admin/webhook).

const crypto = require('node:crypto');
const {not_found} = require('./http_error');

/// The hook-delivery-item GitHub lists.
function item(attempt) {
  return {
    id: attempt.id, guid: attempt.guid, delivered_at: new Date(attempt.delivered_at).toISOString(),
    redelivery: attempt.redelivery, duration: attempt.duration, status: attempt.status,
    status_code: attempt.status_code, event: attempt.event, action: attempt.action ?? null,
    installation_id: attempt.installation_id ?? null, repository_id: null, throttled_at: null,
  };
}

/// Sends `attempt`'s event to the webhook and records how the receiver answered.
async function deliver(state, attempt) {
  const started = Date.now();
  const hook = state.webhook;
  try {
    if (!hook) throw new Error('no webhook URL');
    const signature = 'sha256=' + crypto.createHmac('sha256', hook.secret).update(attempt.payload).digest('hex');
    const response = await fetch(hook.url, {
      method: 'POST', body: attempt.payload,
      headers: {
        'Content-Type': 'application/json', 'User-Agent': 'GitHub-Hookshot/test-server',
        'X-GitHub-Event': attempt.event, 'X-GitHub-Delivery': attempt.guid, 'X-Hub-Signature-256': signature,
      },
    });
    await response.arrayBuffer();
    attempt.status_code = response.status;
    attempt.status = response.ok ? 'OK' : `Invalid HTTP Response: ${response.status}`;
  } catch {
    attempt.status_code = 0;
    attempt.status = 'failed to connect to host';
  }
  attempt.duration = (Date.now() - started) / 1000;
  attempt.done = true;
  state.persist();
}

module.exports = [
  {
    method: 'GET', path: '/app/hook/deliveries', auth: 'jwt',
    handle(ctx) {
      // The cursor is the id of the last attempt of the previous page: attempts logged between
      // two page requests neither shift nor repeat what the next page holds.
      const per_page = Math.min(ctx.query.per_page > 0 ? ctx.query.per_page : 30, 100);
      const after = Number(ctx.query.cursor ?? 0) || 0;
      const newest_first = [...ctx.state.hook_deliveries].filter((a) => a.done && (!after || a.id < after)).reverse();
      const page = newest_first.slice(0, per_page);
      const headers = {};
      if (newest_first.length > per_page) {
        const next = new URL(ctx.url.pathname + ctx.url.search, ctx.bodies.base_url);
        next.searchParams.set('cursor', String(page[page.length - 1].id));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return {status: 200, body: page.map(item), headers};
    },
  },
  {
    method: 'POST', path: '/app/hook/deliveries/{delivery_id}/attempts', auth: 'jwt',
    handle(ctx) {
      const original = ctx.state.hook_deliveries.find((a) => a.id === ctx.params.delivery_id);
      if (!original) throw not_found('no such delivery');
      const attempt = {...original, id: ctx.state.id(), delivered_at: Date.now(), redelivery: true, done: false};
      ctx.state.hook_deliveries.push(attempt);
      ctx.state.redelivery_requests.push({delivery_id: original.id, guid: original.guid, time_ms: Date.now()});
      deliver(ctx.state, attempt);
      return {status: 202, body: {}};
    },
  },
];
