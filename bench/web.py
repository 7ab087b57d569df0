"""The web page under load on the loopback address: how long POST /api/validate takes (needs
the test extra, for httpx2).

    python bench/web.py                        # 1, 4 and 8 clients, 80 validations each
    python bench/web.py --clients 8 --requests 200

Starts `docgen serve` in its own process (its own port, DOCGEN_TOKEN set, a folder of its own
in a temporary directory), waits for it to answer, then has CLIENTS threads send REQUESTS
validations of the example workbook (the 43 partners of `docgen init`) in all, each with its own
HTTP connection, for each number of clients in turn (after an untimed warm-up: the server's
validating processes start with its first validations). Printed per number of clients: the
median (p50), p95 and slowest seconds and the requests per second; any validation not answered
200 with no error in the workbook is printed at the end, and fails the bench. The target of
docgen issue 22: p95 at most 1 s with 8 clients. The server is on
the same two cores as the clients, so this is what one machine gives, not a server's capacity.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx

TOKEN = "bench-token"
START_SECONDS = 30  # the server must answer within this, or the bench stops


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(folder: Path, port: int) -> subprocess.Popen:
    environment = {**os.environ, "DOCGEN_TOKEN": TOKEN}
    command = [
        sys.executable,
        "-m",
        "docgen",
        "serve",
        "--port",
        str(port),
        "--folder",
        str(folder),
    ]
    return subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, cwd=folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--requests", type=int, default=80, help="validations per round [80]")
    args = parser.parse_args()

    from docgen.sample import write_sample

    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="docgen-bench-web-") as work:
        folder = Path(work)
        workbook = write_sample(folder / "partners.xlsx").read_bytes()
        port = free_port()
        server = serve(folder, port)
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {TOKEN}"}
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                try:
                    httpx.get(f"{base}/api/words?amount=1", headers=headers, timeout=1)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.2)
            # Untimed: the validating processes start with the first validations.
            warm = max(args.clients)
            rounds = [(warm, warm, None), *((c, args.requests, c) for c in args.clients)]
            for clients, requests, shown in rounds:
                times, wall = validations(base, headers, workbook, clients, requests, failures)
                if shown is None:
                    print(f"warm-up: {requests} validations, not timed")
                    continue
                times.sort()
                p95 = times[max(0, round(0.95 * len(times)) - 1)]
                print(
                    f"{clients:>2} clients: {len(times)} validations, "
                    f"p50 {statistics.median(times):.3f} s, p95 {p95:.3f} s, "
                    f"slowest {times[-1]:.3f} s, {len(times) / wall:.1f} requests/s"
                )
        finally:
            server.terminate()
            server.wait(30)
    for failure in failures[:5]:
        print("failed:", failure)
    if failures:
        raise SystemExit(1)


def validations(
    base: str,
    headers: dict[str, str],
    workbook: bytes,
    clients: int,
    requests: int,
    failures: list[str],
) -> tuple[list[float], float]:
    """``requests`` validations of ``workbook`` by ``clients`` threads at once: each one's
    seconds, and the seconds of them all."""
    times: list[float] = []
    lock = threading.Lock()
    left = iter(range(requests))

    def client() -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            while True:
                with lock:
                    if next(left, None) is None:
                        return
                started = time.perf_counter()
                files = {"workbook": ("partners.xlsx", workbook)}
                response = http.post("/api/validate", files=files)
                took = time.perf_counter() - started
                ok = response.status_code == 200 and response.json()["errors"] == []
                with lock:
                    times.append(took)
                    if not ok:
                        failures.append(f"{response.status_code} {response.text[:200]}")

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, time.perf_counter() - started


if __name__ == "__main__":
    main()
