"""Measure `assistant serve` start-up: process start → first HTTP 200 on 127.0.0.1 (a benchmark, not a test).

    .venv/bin/python tests/browser/measure_startup.py [runs]
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS = 15.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def one_start() -> float:
    port = free_port()
    env = {**os.environ, "ASSISTANT_HOST": "127.0.0.1", "ASSISTANT_PORT": str(port)}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", "from assistant.cli import main; main()", "serve"],
                               cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if process.poll() is not None:
                raise SystemExit(f"`assistant serve` exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    times = [one_start() for _ in range(runs)]
    print("start-up (s): " + ", ".join(f"{value:.2f}" for value in times))
    median = statistics.median(times)
    print(f"median {median:.2f} s, target ≤ {TARGET_SECONDS:.0f} s: {'OK' if median <= TARGET_SECONDS else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
