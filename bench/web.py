"""The web page under load on the loopback address: how long POST /api/validate takes (needs
the test extra, for httpx2).

    python bench/web.py                      # 20 clients, 200 validations of the example
    python bench/web.py --clients 8 --requests 80

Starts `docgen serve` in its own process (its own port, DOCGEN_TOKEN set, a folder of its own
in a temporary directory), waits for it to answer, then has CLIENTS threads send REQUESTS
validations of the example workbook (the 43 partners of `docgen init`) in all, each with its own
HTTP connection. Printed: the requests, how many were answered 200 with no error in the
workbook, the median, p95 and slowest seconds, and the requests per second. The server is on
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
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from docgen.sample import write_sample

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

            times: list[float] = []
            failures: list[str] = []
            lock = threading.Lock()
            left = iter(range(args.requests))

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
            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(30)

    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(f"requests           {len(times)} ({args.clients} clients)")
    print(f"answered clean     {len(times) - len(failures)}")
    print(f"median             {statistics.median(times):.3f} s")
    print(f"p95                {p95:.3f} s")
    print(f"slowest            {times[-1]:.3f} s")
    print(f"requests/second    {len(times) / wall:.1f}")
    for failure in failures[:5]:
        print("failed:", failure)
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
