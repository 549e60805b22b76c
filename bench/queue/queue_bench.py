#!/usr/bin/python3
"""Queue throughput benchmark: N cheap hwsim COST simulations from C concurrent clients, through the gateway.

Measures completed jobs per second (first createdAt to last finishedAt, from the job views), queue wait
(startedAt - createdAt) p50/p95/max, and checks that every job was claimed exactly once (one transition
to RUNNING, one to SUCCEEDED, attempts == 1). Standard library only (Debian's python3, http.client with one keep-alive connection per client).
"""
import argparse
import concurrent.futures
import datetime
import http.client
import json
import statistics
import sys
import time
import threading
import urllib.parse

BODY = {"type": "COST", "model": {"zoo": "resnet18", "input": [3, 224, 224], "classes": 1000},
        "preset": "isaac-puma", "crossbarBudget": 64, "batch": 1, "experiment": "queue-bench"}


_local = threading.local()


def connection(gateway):
    """One keep-alive connection per client thread, as a pipeline's HTTP session would hold."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        url = urllib.parse.urlsplit(gateway)
        conn = _local.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    return conn


def call(gateway, key, method, path, body=None, idempotency_key=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
    if idempotency_key:
        # A submission resent after a dropped connection must not create a second job.
        headers["Idempotency-Key"] = idempotency_key
    for attempt in range(20):
        conn = connection(gateway)
        try:
            conn.request(method, path, body=data, headers=headers)
            r = conn.getresponse()
            payload = r.read()
        except (http.client.HTTPException, OSError):
            # The server closed an idle connection: open a new one and send again.
            conn.close()
            _local.conn = None
            if attempt < 19:
                continue
            raise
        if r.status in (429, 503) and attempt < 19:
            time.sleep(float(r.getheader("Retry-After") or 1))
            continue
        if r.status >= 300:
            raise RuntimeError(f"{method} {path}: {r.status} {payload[:300]!r}")
        return r.status, json.loads(payload or b"null")
    raise RuntimeError(f"{method} {path}: gave up")


def instant(text):
    """ISO-8601 instant with Z and up to nanoseconds -> aware datetime (fromisoformat wants <= 6 digits)."""
    text = text.rstrip("Z")
    if "." in text:
        whole, frac = text.split(".")
        text = whole + "." + (frac + "000000")[:6]
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.timezone.utc)


def percentile(values, p):
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gateway", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--jobs", type=int, default=300)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--out", help="write the raw per-job numbers here (JSON)")
    a = ap.parse_args()

    # Warm-up: one job end to end, so JIT and connection pools are not in the measurement.
    _, warm = call(a.gateway, a.key, "POST", "/api/v1/simulations", BODY)
    deadline = time.time() + 120
    while call(a.gateway, a.key, "GET", "/api/v1/simulations/" + warm["id"])[1]["state"] != "SUCCEEDED":
        if time.time() > deadline:
            sys.exit("warm-up job did not finish")
        time.sleep(0.2)

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(a.clients) as pool:
        batch = f"{time.time():.6f}"
        ids = list(pool.map(lambda i: call(a.gateway, a.key, "POST", "/api/v1/simulations", BODY,
                                           idempotency_key=f"queue-bench-{batch}-{i}")[1]["id"],
                            range(a.jobs)))
    submit_s = time.time() - t0

    views, pending = {}, set(ids)
    deadline = time.time() + a.timeout
    with concurrent.futures.ThreadPoolExecutor(a.clients) as pool:
        while pending and time.time() < deadline:
            for v in pool.map(lambda i: call(a.gateway, a.key, "GET", "/api/v1/simulations/" + i)[1], list(pending)):
                if v["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
                    views[v["id"]] = v
                    pending.discard(v["id"])
            if pending:
                time.sleep(0.5)
    if pending:
        sys.exit(f"{len(pending)} jobs not finished after {a.timeout} s")

    vs = list(views.values())
    failed = [v for v in vs if v["state"] != "SUCCEEDED"]
    waits = [(instant(v["startedAt"]) - instant(v["createdAt"])).total_seconds() for v in vs]
    first = min(instant(v["createdAt"]) for v in vs)
    last = max(instant(v["finishedAt"]) for v in vs)
    span = (last - first).total_seconds()
    duplicates = [v["id"] for v in vs
                  if v["attempts"] != 1
                  or sum(1 for h in v["history"] if h["to"] == "RUNNING") != 1
                  or sum(1 for h in v["history"] if h["to"] == "SUCCEEDED") != 1]
    result = {
        "jobs": len(vs), "clients": a.clients, "failed": len(failed), "duplicates": len(duplicates),
        "submit_per_s": round(len(vs) / submit_s, 1),
        "completed_per_s": round(len(vs) / span, 1), "span_s": round(span, 2),
        "queue_wait_p50_s": round(percentile(waits, 50), 3), "queue_wait_p95_s": round(percentile(waits, 95), 3),
        "queue_wait_max_s": round(max(waits), 3), "queue_wait_mean_s": round(statistics.mean(waits), 3),
    }
    print(json.dumps(result))
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"summary": result, "jobs": [{"id": v["id"], "createdAt": v["createdAt"],
                                                    "startedAt": v["startedAt"], "finishedAt": v["finishedAt"],
                                                    "attempts": v["attempts"]} for v in vs]}, f, indent=1)
    if failed or duplicates:
        sys.exit(f"{len(failed)} failed, {len(duplicates)} claimed more than once: {duplicates[:5]}")


if __name__ == "__main__":
    main()
