#!/usr/bin/python3
"""Writes N synthetic Medic JSON-lines events (~300 bytes each) for bench/ingest.

Shape as production services emit it: 60 handlers, a quarter of calls inside sequence runs,
1 % errors with messages, a handful of attributes per call. Deterministic for a given seed."""
import json
import random
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: generate.py EVENTS OUT.jsonl", file=sys.stderr)
        return 2
    count, path = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(42)
    handlers = [f"shop::Service{i:02d}::handle_request_{i % 7}" for i in range(60)]
    regions = ["eu-west-1", "us-east-1", "ap-south-1"]
    agents = ["Mozilla/5.0 (X11; Linux x86_64)", "okhttp/4.12.0", "curl/8.5.0"]
    base = 1_795_168_800_000  # 2026-11-20T10:00:00Z in ms
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            ts_ms = base + i * 5
            seconds, millis = divmod(ts_ms, 1000)
            hour, rest = divmod(seconds % 86400, 3600)
            ts = f"2026-11-20T{hour:02d}:{rest // 60:02d}:{rest % 60:02d}.{millis:03d}Z"
            event = {"ts": ts, "handler": rng.choice(handlers),
                     "duration_ms": round(rng.lognormvariate(0.5, 0.8), 3),
                     "status": "error" if rng.random() < 0.01 else "ok"}
            if event["status"] == "error":
                event["error"] = f"upstream timeout after {rng.randint(100, 900)} ms (order o-{i})"
            if i % 4 == 0:
                event.update({"sequence": "checkout", "run": f"r-{i // 16}", "step": (i // 4) % 4 + 1})
            event["attrs"] = {"cart_items": rng.randint(1, 30), "customer": f"c-{rng.randint(1, 99999)}",
                              "region": rng.choice(regions), "request_id": f"{rng.getrandbits(64):016x}",
                              "user_agent": rng.choice(agents),
                              "route": f"/api/v2/shop/{rng.choice(regions)}/orders/{rng.randint(1, 10**9)}"}
            out.write(json.dumps(event, separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
