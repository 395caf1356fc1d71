"""Server memory while clients send oversized bodies: a real uvicorn, measured from /proc.

    python -m scripts.bench_body_limit                         # 6 parallel 50 MB bodies
    python -m scripts.bench_body_limit --app-dir /tmp/before   # the same against another tree
    python -m scripts.bench_body_limit --chunked               # bodies without Content-Length

The server runs on the in-process engine on a free port of 127.0.0.1; its resident memory
(VmRSS) is printed after start-up and its peak (VmHWM) after the bodies were sent.
"""

import argparse
import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
CHUNK = 256 * 1024


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (resident peak) of a process, in kB."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            figures[key] = int(value.split()[0])
    return figures


def reset_peak(pid: int) -> None:
    """Restart VmHWM from the current RSS, so start-up does not count (Linux 4.0+)."""
    # Without it the peak includes start-up, which can only overstate it.
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/clear_refs").write_text("5")


def start_server(app_dir: Path, port: int) -> subprocess.Popen[bytes]:
    """uvicorn serving `app_dir`'s app on the in-process engine, as ./run_server.sh would."""
    env = {
        **os.environ,
        "ENVIRONMENT": "development",
        "MONGODB_URL": "memory://",
        "SEED_DEMO_DATA": "false",
        "REMINDERS_ENABLED": "false",
        "SMTP_HOST": "",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("PYTHONPATH", None)
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--app-dir", str(app_dir)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-proxy-headers"]
    return subprocess.Popen(
        command, cwd=app_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_until_up(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Poll /health until the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server exited with {server.returncode} while starting")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("The server did not start in time")


def login_body(size: int) -> Iterator[bytes]:
    """A JSON login body of `size` bytes whose password is one long string, in chunks."""
    head = b'{"email": "bench@example.org", "password": "'
    tail = b'"}'
    yield head
    remaining = size - len(head) - len(tail)
    filler = b"x" * CHUNK
    while remaining > 0:
        yield filler[: min(CHUNK, remaining)]
        remaining -= CHUNK
    yield tail


def send_one(port: int, path: str, size: int, chunked: bool) -> str:
    """POST one body; the status code, or what went wrong on the connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Content-Type": "application/json"}
    if not chunked:
        headers["Content-Length"] = str(size)
    try:
        connection.request("POST", path, body=login_body(size), headers=headers)
    except OSError as exc:
        # The server may answer and stop reading before the whole body is sent.
        try:
            return str(connection.getresponse().status)
        except OSError:
            return f"connection error ({type(exc).__name__})"
    try:
        return str(connection.getresponse().status)
    except OSError as exc:
        return f"connection error ({type(exc).__name__})"
    finally:
        connection.close()


def sample_peak(pid: int, stop: threading.Event, peak: list[int]) -> None:
    """Keep the highest VmRSS seen until `stop` is set (VmHWM is the kernel's exact peak)."""
    while not stop.is_set():
        peak[0] = max(peak[0], memory_kb(pid).get("VmRSS", 0))
        stop.wait(0.01)


def main(argv: list[str] | None = None) -> None:
    """Start the server, measure it idle, send the bodies, print statuses and memory."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app-dir", type=Path, default=PROJECT, help="tree holding app/")
    parser.add_argument("--parallel", type=int, default=6, help="bodies sent at once")
    parser.add_argument("--mb", type=int, default=50, help="size of each body in MB")
    parser.add_argument("--path", default="/api/v1/auth/login", help="route to POST to")
    parser.add_argument("--chunked", action="store_true", help="no Content-Length header")
    args = parser.parse_args(argv)

    port = free_port()
    server = start_server(args.app_dir.resolve(), port)
    try:
        wait_until_up(port, server)
        reset_peak(server.pid)
        idle = memory_kb(server.pid)
        size = args.mb * MB
        stop, peak = threading.Event(), [idle["VmRSS"]]
        sampler = threading.Thread(target=sample_peak, args=(server.pid, stop, peak))
        sampler.start()
        started = time.perf_counter()
        with ThreadPoolExecutor(args.parallel) as pool:
            futures = [
                pool.submit(send_one, port, args.path, size, args.chunked)
                for _ in range(args.parallel)
            ]
            statuses = [future.result() for future in futures]
        elapsed = time.perf_counter() - started
        stop.set()
        sampler.join()
        after = memory_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    framing = "chunked" if args.chunked else "Content-Length"
    print(f"App: {args.app_dir.resolve()}  (uvicorn, memory://, 127.0.0.1:{port})")
    print(f"Sent: {args.parallel} parallel bodies of {args.mb} MB ({framing}) to {args.path}")
    print(f"Statuses: {', '.join(statuses)}  in {elapsed:.1f} s")
    print(f"Server RSS idle: {idle['VmRSS'] / 1024:.1f} MB")
    print(f"Server RSS peak: {max(peak[0], after['VmHWM']) / 1024:.1f} MB (VmHWM)")
    print(f"Server RSS growth: {(after['VmHWM'] - idle['VmRSS']) / 1024:.1f} MB")


if __name__ == "__main__":
    main()
