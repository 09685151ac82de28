#!/usr/bin/env node
'use strict';
// Sends a service's telemetry to `medic serve` the way a service instrumented with the
// OpenTelemetry JavaScript SDK does: every span of TRACES.jsonl (OTLP/JSON lines, as the shop's
// load driver writes them) made again through the SDK's tracer — same names, kinds, times,
// attributes, status and parent/child shape; new ids — and every line of LOGS.jsonl (Medic's
// JSON logs) emitted through the SDK's logger with the handler as code.function.name. The
// SDK's own BatchSpanProcessor and BatchLogRecordProcessor hand them to its OTLP HTTP JSON
// exporters (traces gzip-compressed, logs not), which POST to URL/v1/traces and URL/v1/logs
// with the bearer token.
//
//   node live_shop.js PREFIX TRACES.jsonl LOGS.jsonl URL TOKEN SUMMARY.json
//
// PREFIX holds node_modules of the sdk2 line (install.sh sdk2). SUMMARY.json counts what was
// sent and what the exporters reported as failed; the script exits 1 when any export failed.
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { createRequire } = require('module');

const [prefix, tracesPath, logsPath, url, token, summaryPath] = process.argv.slice(2);
if (!summaryPath) {
  process.stderr.write('usage: live_shop.js PREFIX TRACES.jsonl LOGS.jsonl URL TOKEN SUMMARY.json\n');
  process.exit(2);
}
const load = createRequire(path.join(prefix, 'package.json'));
const api = load('@opentelemetry/api');
const sdk = load('@opentelemetry/sdk-trace-base');
const resources = load('@opentelemetry/resources');
const logsSdk = load('@opentelemetry/sdk-logs');
const { OTLPTraceExporter } = load('@opentelemetry/exporter-trace-otlp-http');
const { OTLPLogExporter } = load('@opentelemetry/exporter-logs-otlp-http');
const { SpanStatusCode, trace, context } = api;

const headers = { Authorization: `Bearer ${token}` };
const counts = { spans: 0, log_records: 0, failed_exports: 0, exports: 0, errors: [] };

// Counts each export's result: a refused batch must fail the test, not vanish.
function counted(exporter) {
  const send = exporter.export.bind(exporter);
  exporter.export = (items, done) => send(items, (result) => {
    counts.exports += 1;
    if (result.code !== 0) {
      counts.failed_exports += 1;
      counts.errors.push(String(result.error && result.error.message));
    }
    done(result);
  });
  return exporter;
}

const resource = resources.resourceFromAttributes({ 'service.name': 'shop' });
// Batches leave on the timer, between traces (each trace is ended in one go), so no trace is
// split over two requests: those may arrive out of order (the SDK exports concurrently), and a
// run whose parent arrives after its children were idle-closed loses its name (counted then as
// a call of the parent), where the file, one trace per line, cannot.
const batch = { maxQueueSize: 1 << 20, maxExportBatchSize: 1 << 16, scheduledDelayMillis: 100 };
const tracerProvider = new sdk.BasicTracerProvider({ resource, spanProcessors: [
  new sdk.BatchSpanProcessor(counted(new OTLPTraceExporter(
    { url: `${url}/v1/traces`, headers, compression: 'gzip' })), batch)] });
// (sdk-logs 0.2xx takes the exporter inside the processor's options.)
const loggerProvider = new logsSdk.LoggerProvider({ resource, processors: [
  new logsSdk.BatchLogRecordProcessor(Object.assign({ exporter: counted(new OTLPLogExporter(
    { url: `${url}/v1/logs`, headers })) }, batch))] });
const tracer = tracerProvider.getTracer('shop.live');
const logger = loggerProvider.getLogger('shop.live');

// OTLP's nanoseconds (a decimal string) as the SDK's [seconds, nanoseconds].
function hrTime(nanos) {
  const n = BigInt(nanos);
  return [Number(n / 1000000000n), Number(n % 1000000000n)];
}

function attributesOf(list) {
  const out = {};
  for (const { key, value } of list || []) {
    if (value.stringValue !== undefined) out[key] = value.stringValue;
    else if (value.intValue !== undefined) out[key] = Number(value.intValue);
    else if (value.doubleValue !== undefined) out[key] = value.doubleValue;
    else if (value.boolValue !== undefined) out[key] = value.boolValue;
  }
  return out;
}

// One trace: parents made before their children, children ended before their parents.
function replayTrace(spans) {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const made = new Map();
  const order = [];
  function make(span) {
    if (made.has(span.spanId)) return made.get(span.spanId);
    const parentSpan = span.parentSpanId && byId.has(span.parentSpanId)
      ? make(byId.get(span.parentSpanId)) : undefined;
    const ctx = parentSpan ? trace.setSpan(context.active(), parentSpan) : context.active();
    const created = tracer.startSpan(span.name, { kind: Math.max(0, (span.kind || 1) - 1),
      startTime: hrTime(span.startTimeUnixNano), attributes: attributesOf(span.attributes) }, ctx);
    if (span.status && span.status.code === 2)
      created.setStatus({ code: SpanStatusCode.ERROR, message: span.status.message });
    made.set(span.spanId, created);
    order.push([created, span]);
    return created;
  }
  spans.forEach(make);
  for (const [created, span] of order.reverse()) created.end(hrTime(span.endTimeUnixNano));
  counts.spans += spans.length;
}

const severity = { info: 9, warn: 13, error: 17 };

async function eachLine(file, take) {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) take(JSON.parse(line));
}

async function main() {
  await eachLine(tracesPath, (request) => {
    for (const resourceSpans of request.resourceSpans)
      for (const scopeSpans of resourceSpans.scopeSpans) replayTrace(scopeSpans.spans);
  });
  await eachLine(logsPath, (log) => {
    logger.emit({ timestamp: Date.parse(log.ts), severityText: log.level,
      severityNumber: severity[log.level] || 0, body: log.message,
      attributes: { 'code.function.name': log.handler } });
    counts.log_records += 1;
  });
  await tracerProvider.forceFlush();
  await loggerProvider.forceFlush();
  await tracerProvider.shutdown();
  await loggerProvider.shutdown();
  fs.writeFileSync(summaryPath, JSON.stringify(counts) + '\n');
  process.exit(counts.failed_exports === 0 ? 0 : 1);
}

main().catch((error) => { process.stderr.write(`${error.stack}\n`); process.exit(1); });
