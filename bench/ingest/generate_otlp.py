#!/usr/bin/python3
"""Writes N spans of OTLP/JSON traces shaped like the OpenTelemetry SDKs' OTLP HTTP JSON exporter
writes them, one ExportTraceServiceRequest per line, for bench/ingest.

Shape (as observed from @opentelemetry/sdk-trace-base 2.x + otlp-transformer): batches of 128
spans under one resource (service.name, telemetry.sdk.*), hex ids, times as decimal strings,
`kind` always present, `status` always an object ({"code":0} when unset), intValue as numbers,
dropped counts present. Per request trace: one SERVER span named by its route with the HTTP
semantic attributes, two INTERNAL children, one CLIENT call to a database (with an event), 1 %
errors with a message and an exception event. Deterministic for a given seed."""
import json
import random
import sys

ROUTES = [("GET", "/api/v1/items/{id}"), ("GET", "/api/v1/search"), ("POST", "/api/v1/orders"),
          ("GET", "/api/v1/orders/{id}"), ("PUT", "/api/v1/cart/{id}"), ("GET", "/healthz"),
          ("DELETE", "/api/v1/cart/{id}/lines/{line}"), ("GET", "/api/v1/recommendations")]
INTERNAL = ["validate", "load_catalog", "render", "price_lines", "authorize"]


def attrs(**pairs):
    out = []
    for key, value in pairs.items():
        key = key.replace("__", ".")
        if isinstance(value, bool):
            out.append({"key": key, "value": {"boolValue": value}})
        elif isinstance(value, int):
            out.append({"key": key, "value": {"intValue": value}})
        else:
            out.append({"key": key, "value": {"stringValue": value}})
    return out


class Spans:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.clock = 1_795_168_800_000_000_000  # 2026-11-20T10:00:00Z in ns

    def span(self, trace, span_id, parent, name, kind, start, duration, attributes, status,
             events=()):
        record = {"attributes": attributes, "droppedAttributesCount": 0,
                  "droppedEventsCount": 0, "droppedLinksCount": 0,
                  "endTimeUnixNano": str(start + duration), "events": list(events),
                  "flags": 257, "kind": kind, "links": [], "name": name,
                  "spanId": span_id, "startTimeUnixNano": str(start), "status": status,
                  "traceId": trace}
        if parent:
            record["parentSpanId"] = parent
        return record

    def trace(self):
        rng = self.rng
        trace = f"{rng.getrandbits(128):032x}"
        root = f"{rng.getrandbits(64):016x}"
        method, route = rng.choice(ROUTES)
        path = route.replace("{id}", str(rng.randint(1, 10**6))).replace("{line}", "3")
        start = self.clock
        self.clock += rng.randint(100_000, 3_000_000)
        duration = int(rng.lognormvariate(14, 0.8))
        failed = rng.random() < 0.01
        children = []
        offset = start + 10_000
        for name in rng.sample(INTERNAL, 2):
            child_duration = duration // 5
            children.append(self.span(trace, f"{rng.getrandbits(64):016x}", root, name, 1, offset,
                                      child_duration, attrs(component="shop"), {"code": 0}))
            offset += child_duration
        db_event = {"attributes": attrs(rows=rng.randint(0, 50)), "name": "rows fetched",
                    "timeUnixNano": str(offset + 500), "droppedAttributesCount": 0}
        children.append(self.span(trace, f"{rng.getrandbits(64):016x}", root, "SELECT shop.items",
                                  3, offset, duration // 4,
                                  attrs(db__system__name="postgresql",
                                        db__query__text="SELECT * FROM items WHERE id = $1",
                                        server__address="db.internal", server__port=5432),
                                  {"code": 0}, [db_event]))
        status = {"code": 0}
        events = []
        if failed:
            message = f"upstream timeout after {rng.randint(100, 900)} ms"
            status = {"code": 2, "message": message}
            events.append({"attributes": attrs(exception__type="TimeoutError",
                                               exception__message=message),
                           "name": "exception", "timeUnixNano": str(start + duration - 1000),
                           "droppedAttributesCount": 0})
        server = self.span(trace, root, None, f"{method} {route}", 2, start, duration,
                           attrs(http__request__method=method, http__route=route,
                                 url__path=path, url__scheme="https",
                                 url__query=f"page={rng.randint(1, 9)}",
                                 http__response__status_code=500 if failed else 200,
                                 server__address="shop.example.com", server__port=443,
                                 client__address=f"10.0.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                                 user_agent__original=rng.choice(["Mozilla/5.0", "okhttp/4.12.0"])),
                           status, events)
        return children + [server]  # exporters write spans as they end: children first


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: generate_otlp.py SPANS OUT.jsonl", file=sys.stderr)
        return 2
    count, path = int(sys.argv[1]), sys.argv[2]
    spans = Spans(42)
    resource = {"attributes": attrs(service__name="shop", telemetry__sdk__language="nodejs",
                                    telemetry__sdk__name="opentelemetry",
                                    telemetry__sdk__version="2.12.1"),
                "droppedAttributesCount": 0}
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < count:
            batch = []
            while len(batch) < 128:
                batch.extend(spans.trace())
            request = {"resourceSpans": [{"resource": resource, "scopeSpans": [
                {"scope": {"name": "shop-http", "version": "1.0.0"}, "spans": batch}]}]}
            out.write(json.dumps(request, separators=(",", ":")) + "\n")
            written += len(batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
