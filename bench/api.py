"""API load: N concurrent clients calling POST /api/v1/check for S seconds against `assistant serve` on loopback,
while a prober loads the Gradio page every few seconds.

Reports errors (any non-200 or failed request: must be 0), /check latency p50/p95/p99, throughput, and whether
the web page kept answering. The server is started here, on 127.0.0.1 and a free port, and stopped at the end;
every client stops at the deadline, and the run stops by itself (duration and client count are capped).

Run: .venv/bin/python -m bench.api [--clients 50] [--seconds 60] [--sensitive-rate 0.2]
Writes bench/out/api.json. The machine's load average is printed with the numbers: the 2 cores are shared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.synthetic import comment

ROOT = Path(__file__).resolve().parent.parent
MAX_CLIENTS = 200  # a bounded load: this is a benchmark on loopback, not a stress tool
MAX_SECONDS = 600
PROBE_EVERY_SECONDS = 2.0
READY_TIMEOUT_SECONDS = 180
REQUEST_TIMEOUT_SECONDS = 30
POOL_SIZE = 500  # distinct comments, drawn at random by each client
SEED = 7
WARM_UP_DONE = ("rewrite model ready", "of the rewrite model failed")  # how the server logs its last warm-up step


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def start_server(port: int, log_path: Path) -> subprocess.Popen:
    """`assistant serve` on 127.0.0.1:port, the rules rewrite only (this run measures checks)."""
    env = {**os.environ, "ASSISTANT_HOST": "127.0.0.1", "ASSISTANT_PORT": str(port), "ASSISTANT_REWRITE_ROUNDS": "0"}
    with log_path.open("w", encoding="utf-8") as log:
        return subprocess.Popen([sys.executable, "-c", "from assistant.cli import main; main()", "serve"], cwd=ROOT,
                                env=env, stdout=log, stderr=subprocess.STDOUT)


async def wait_until_warm(http: httpx.AsyncClient, server: subprocess.Popen, log_path: Path) -> float:
    """Seconds until the page answers and the server's background warm-up has finished (its last step logged):
    the run measures a warm server, not model loading."""
    started = time.perf_counter()
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"`assistant serve` exited with {server.returncode}")
        try:
            page_ok = (await http.get("/")).status_code == 200
        except httpx.TransportError:
            page_ok = False
        log = log_path.read_text(encoding="utf-8", errors="replace")
        if page_ok and any(line in log for line in WARM_UP_DONE):
            return time.perf_counter() - started
        await asyncio.sleep(0.5)
    raise SystemExit(f"`assistant serve` was not warm within {READY_TIMEOUT_SECONDS} s")


async def client(http: httpx.AsyncClient, texts: list[str], seed: int, deadline: float,
                 latencies: list[float], errors: list[str]) -> None:
    """One CRM page checking comments back to back until the deadline."""
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            response = await http.post("/api/v1/check", json={"text": rng.choice(texts)})
        except httpx.HTTPError as error:
            errors.append(type(error).__name__)
            continue
        if response.status_code == 200:
            latencies.append(time.perf_counter() - started)
        else:
            errors.append(f"HTTP {response.status_code}")


async def prober(http: httpx.AsyncClient, deadline: float, probes: list[tuple[int, float]]) -> None:
    """The Gradio page, loaded every few seconds during the run: (status, seconds) each time."""
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            status = (await http.get("/")).status_code
        except httpx.HTTPError:
            status = 0
        probes.append((status, time.perf_counter() - started))
        await asyncio.sleep(PROBE_EVERY_SECONDS)


async def run(server: subprocess.Popen, log_path: Path, port: int, clients: int, seconds: float,
              sensitive_rate: float) -> dict:
    rng = random.Random(SEED)
    texts = [text for text in (comment(rng, sensitive_rate) for _ in range(POOL_SIZE)) if text.strip()]
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits,
                                 timeout=REQUEST_TIMEOUT_SECONDS) as http:
        ready = await wait_until_warm(http, server, log_path)
        latencies: list[float] = []
        errors: list[str] = []
        probes: list[tuple[int, float]] = []
        started = time.perf_counter()
        deadline = time.monotonic() + seconds
        await asyncio.gather(prober(http, deadline, probes),
                             *(client(http, texts, SEED + index, deadline, latencies, errors)
                               for index in range(clients)))
        elapsed = time.perf_counter() - started
    page_ok = [seconds for status, seconds in probes if status == 200]
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "ready_and_warm_seconds": round(ready, 1),
        "requests_ok": len(latencies),
        "errors": len(errors),
        "error_kinds": {kind: errors.count(kind) for kind in sorted(set(errors))},
        "throughput_per_second": round(len(latencies) / elapsed, 1),
        "check_p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "check_p95_ms": round(1000 * _percentile(latencies, 0.95), 1),
        "check_p99_ms": round(1000 * _percentile(latencies, 0.99), 1),
        "page_probes": len(probes),
        "page_probes_ok": len(page_ok),
        "page_p50_ms": round(1000 * statistics.median(page_ok), 1) if page_ok else None,
        "page_max_ms": round(1000 * max(page_ok), 1) if page_ok else None,
        "sensitive_rate": sensitive_rate,
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "cpu_count": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help=f"Concurrent API clients (at most {MAX_CLIENTS}).")
    parser.add_argument("--seconds", type=float, default=60, help=f"Duration (at most {MAX_SECONDS} s).")
    parser.add_argument("--sensitive-rate", type=float, default=0.2, help="Share of flagged comments sent.")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "api.json")
    args = parser.parse_args()
    clients, seconds = min(args.clients, MAX_CLIENTS), min(args.seconds, MAX_SECONDS)

    port = _free_port()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    log_path = args.out.with_suffix(".server.log")
    server = start_server(port, log_path)
    try:
        result = asyncio.run(run(server, log_path, port, clients, seconds, args.sensitive_rate))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(f"{clients} clients × {result['seconds']} s: {result['errors']} errors, "
          f"{result['throughput_per_second']} checks/s, p50 {result['check_p50_ms']} ms, p95 "
          f"{result['check_p95_ms']} ms; page {result['page_probes_ok']}/{result['page_probes']} probes OK "
          f"(max {result['page_max_ms']} ms); load average {result['load_average']}")
    if result["errors"] or result["page_probes_ok"] < result["page_probes"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
