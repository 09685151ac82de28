#!/usr/bin/env node
'use strict';
// Writes OTLP/JSON traces as the OpenTelemetry JavaScript SDK's OTLP HTTP JSON exporter sends
// them: spans made through the SDK's public API, serialized by its own JsonTraceSerializer (the
// exporter's), one ExportTraceServiceRequest per line. Also checks that the real exporter POSTs
// exactly those bytes to a collector on 127.0.0.1.
//
//   node spans.js PREFIX OUT.jsonl SUMMARY.json
//
// PREFIX holds node_modules with either SDK line (install.sh sdk1|sdk2). SUMMARY.json counts the
// spans written by kind, so a reader can account for every one of them. Ids and times are fixed:
// the same SDK version writes the same bytes.
const fs = require('fs');
const http = require('http');
const path = require('path');
const { createRequire } = require('module');

const [prefix, outPath, summaryPath] = process.argv.slice(2);
if (!prefix || !outPath || !summaryPath) {
  process.stderr.write('usage: spans.js PREFIX OUT.jsonl SUMMARY.json\n');
  process.exit(2);
}
const load = createRequire(path.join(prefix, 'package.json'));
const api = load('@opentelemetry/api');
const sdk = load('@opentelemetry/sdk-trace-base');
const resources = load('@opentelemetry/resources');
const { JsonTraceSerializer } = load('@opentelemetry/otlp-transformer');
const { OTLPTraceExporter } = load('@opentelemetry/exporter-trace-otlp-http');
const { SpanKind, SpanStatusCode, TraceFlags, trace, context } = api;
const sdk2 = typeof resources.resourceFromAttributes === 'function';

// Sequential ids and a clock that advances 250 µs per call: the output is reproducible.
class SequentialIds {
  constructor() { this.traces = 0; this.spans = 0; }
  generateTraceId() { return (++this.traces).toString(16).padStart(32, '0'); }
  generateSpanId() { return (++this.spans).toString(16).padStart(16, '0'); }
}
let clockMicros = 0;
function now() {
  clockMicros += 250;
  const nanos = clockMicros * 1000;
  return [1795132800 + Math.floor(nanos / 1e9), nanos % 1e9]; // from 2026-11-20T00:00:00Z
}

const resourceAttributes = { 'service.name': 'depot', 'service.version': '1.4.2',
  'deployment.environment.name': 'test' };
const resource = sdk2
  ? resources.defaultResource().merge(resources.resourceFromAttributes(resourceAttributes))
  : resources.Resource.default().merge(new resources.Resource(resourceAttributes));
const finished = new sdk.InMemorySpanExporter();
const settings = { resource, idGenerator: new SequentialIds(), sampler: new sdk.AlwaysOnSampler(),
  spanProcessors: [new sdk.SimpleSpanProcessor(finished)] };
const provider = new sdk.BasicTracerProvider(settings);
const http_tracer = provider.getTracer('depot.http', '1.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
const rpc_tracer = provider.getTracer('depot.grpc', '1.0.0');
const misc_tracer = provider.getTracer('depot.misc');

function start(tracer, name, options, parent) {
  const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
  return tracer.startSpan(name, Object.assign({ startTime: now() }, options), ctx);
}
function end(span) { span.end(now()); }

// One entry per request, as one BatchSpanProcessor flush would send it.
const requests = [];
function flush() {
  requests.push(finished.getFinishedSpans().slice());
  finished.reset();
}

function httpServer() {
  const server = start(http_tracer, 'GET /items/:id', { kind: SpanKind.SERVER, attributes: {
    'http.request.method': 'GET', 'http.route': '/items/:id', 'url.path': '/items/42',
    'url.query': 'verbose=1', 'url.scheme': 'https', 'server.port': 443,
    'client.address': '10.0.0.7', 'user_agent.original': 'curl/8.5.0' } });
  const load_item = start(http_tracer, 'load_item', { kind: SpanKind.INTERNAL, attributes: {
    'code.function.name': 'depot::load_item', 'code.file.path': '/build/depot/src/items.cpp',
    'code.line.number': 31 } }, server);
  const query = start(http_tracer, 'SELECT items', { kind: SpanKind.CLIENT, attributes: {
    'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM items WHERE id = $1' } }, load_item);
  end(query);
  load_item.addEvent('cache.miss', { 'cache.key': 'item:42', 'cache.ttl_ms': 30000 }, now());
  load_item.addEvent('without attributes', now());
  end(load_item);
  flush(); // the children go out in one batch...
  server.setAttribute('http.response.status_code', 200); // a 2xx leaves the status unset
  end(server);
  flush(); // ...and their parent, which ends last, in the next
}

function httpError() {
  const server = start(http_tracer, 'POST /orders', { kind: SpanKind.SERVER, attributes: {
    'http.request.method': 'POST', 'http.route': '/orders', 'url.path': '/orders' } });
  const check = start(http_tracer, 'check_order', { kind: SpanKind.INTERNAL,
    attributes: { 'code.function.name': 'depot::check_order' } }, server);
  check.setStatus({ code: SpanStatusCode.OK });
  end(check);
  const save = start(http_tracer, 'save_order', { kind: SpanKind.INTERNAL,
    attributes: { 'code.function.name': 'depot::save_order' } }, server);
  save.setStatus({ code: SpanStatusCode.ERROR }); // an error without a message
  end(save);
  const failure = new Error('order o-17 has no lines');
  server.recordException(failure, now()); // an "exception" event carries the message
  server.setAttribute('http.response.status_code', 500);
  server.setStatus({ code: SpanStatusCode.ERROR });
  end(server);
  flush();
}

function grpcServerAndClient() {
  const remote = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED, isRemote: true };
  const parent = trace.setSpanContext(context.active(), remote);
  const server = rpc_tracer.startSpan('depot.Inventory/Reserve', { kind: SpanKind.SERVER,
    startTime: now(), attributes: { 'rpc.system': 'grpc', 'rpc.service': 'depot.Inventory',
      'rpc.method': 'Reserve', 'rpc.grpc.status_code': 0 },
    links: [{ context: remote, attributes: { 'link.reason': 'retry' } }] }, parent);
  server.setStatus({ code: SpanStatusCode.OK, message: 'reserved' });
  end(server);
  // The current conventions: rpc.method fully qualified, no rpc.service.
  const lookup = rpc_tracer.startSpan('depot.Inventory/Lookup', { kind: SpanKind.SERVER,
    startTime: now(), attributes: { 'rpc.system.name': 'grpc', 'rpc.method': 'depot.Inventory/Lookup',
      'rpc.status_code': 'NOT_FOUND' } });
  lookup.setStatus({ code: SpanStatusCode.ERROR, message: 'no item sku-9' });
  end(lookup);
  const client = rpc_tracer.startSpan('depot.Pricing/Quote', { kind: SpanKind.CLIENT,
    startTime: now(), attributes: { 'rpc.system.name': 'grpc', 'rpc.method': 'depot.Pricing/Quote' } });
  client.addLink({ context: server.spanContext() });
  end(client);
  flush();
}

function messaging() {
  const publish = start(misc_tracer, 'send orders.created', { kind: SpanKind.PRODUCER, attributes: {
    'messaging.system': 'kafka', 'messaging.destination.name': 'orders.created' } });
  end(publish);
  const process_span = start(misc_tracer, 'process orders.created', { kind: SpanKind.CONSUMER,
    attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders.created',
      'messaging.operation.name': 'process' }, links: [{ context: publish.spanContext() }] });
  end(process_span);
  flush();
}

function everyAttributeType() {
  const span = start(misc_tracer, 'attribute_types', { kind: SpanKind.INTERNAL, attributes: {
    text: 'hello', 'text.empty': '', 'text.escapes': 'h\u00e9llo \u2603 "q" \\ \n', whole: 42,
    'whole.negative': -7, 'whole.max_safe': Number.MAX_SAFE_INTEGER, real: 3.14159,
    'real.huge': 1.5e300, yes: true, no: false, 'list.text': ['a', 'b'], 'list.whole': [1, 2],
    'list.mixed': [1, 2.5], 'list.empty': [], 'list.with_null': ['x', null] } });
  span.setAttribute('real.nan', NaN);
  span.setAttribute('real.infinite', Infinity);
  span.addEvent('typed', { 'event.whole': 1, 'event.list': ['p', 'q'] }, now());
  end(span);
  flush();
}

function droppedCounts() {
  const limits = { attributeCountLimit: 2, eventCountLimit: 1, linkCountLimit: 1 };
  const limited = new sdk.BasicTracerProvider(Object.assign({}, settings, { spanLimits: limits }));
  const span = limited.getTracer('depot.limits').startSpan('limited', { startTime: now(),
    attributes: { a: 1, b: 2, c: 3 } });
  span.addEvent('first', now());
  span.addEvent('second', now());
  span.end(now());
  flush();
}

// The serializer also writes values the Span API refuses (nested objects, bytes), as processors
// of other SDKs produce them: a finished span wrapped with such attributes.
function nestedValues() {
  end(start(misc_tracer, 'nested_values', { kind: SpanKind.INTERNAL, attributes: { plain: 'yes' } }));
  const [real] = finished.getFinishedSpans();
  finished.reset();
  const wrapped = Object.create(real);
  Object.defineProperty(wrapped, 'attributes', { value: Object.assign({}, real.attributes, {
    'map.nested': { inner: 'v', deeper: { list: [1, 'two', true] } },
    bytes: new Uint8Array([0, 1, 2, 253, 254, 255]), 'list.nested': ['s', ['inner'], { k: 'v' }] }) });
  requests.push([wrapped]);
}

httpServer();
httpError();
grpcServerAndClient();
messaging();
everyAttributeType();
droppedCounts();
nestedValues();

const decoder = new TextDecoder();
const bodies = requests.map((spans) => decoder.decode(JsonTraceSerializer.serializeRequest(spans)));
fs.writeFileSync(outPath, bodies.map((body) => body + '\n').join(''));
const all = requests.flat();
const outgoing = all.filter((s) => s.kind === SpanKind.CLIENT || s.kind === SpanKind.PRODUCER);
fs.writeFileSync(summaryPath, JSON.stringify({ sdk: sdk2 ? 2 : 1, requests: requests.length,
  spans: all.length, outgoing: outgoing.length }) + '\n');

// What the exporter really sends must be what was written.
async function exporterSendsTheSameBytes() {
  const received = [];
  const collector = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${collector.address().port}/v1/traces` });
  for (const spans of requests)
    await new Promise((resolve, reject) => exporter.export(spans, (result) =>
      (result.code === 0 ? resolve() : reject(result.error || new Error('export failed')))));
  await exporter.shutdown();
  collector.close();
  const same = received.filter((body, i) => body === bodies[i]).length;
  if (same !== bodies.length)
    throw new Error(`the exporter sent ${received.length} bodies, ${same} identical to the serializer's`);
}
exporterSendsTheSameBytes().catch((error) => {
  process.stderr.write(`spans.js: ${error.message}\n`);
  process.exit(1);
});
