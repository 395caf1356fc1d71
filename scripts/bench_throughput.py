"""Requests per second of one uvicorn worker: `python -m scripts.bench_throughput`.

Starts a real uvicorn (one worker, 127.0.0.1, a free port) on the in-process engine with the
demo clinic seeded (SEED_DEMO_DATA=true, SEED_DEMO_PATIENTS=--patients), signs in as the demo
admin, then loads it over loopback with `wrk` (Debian's `wrk` package: installed with apt-get
when run as root and missing, otherwise the script says how to install it), the targets in
turn, for several rounds: `/health` (no database, the ceiling), an authenticated patient read
`GET /api/v1/patients/{id}`, and a patient list page `GET /api/v1/patients?page=1&size=20`.
Prints each one's requests per second and its share of the same round's `/health` (the median
of the rounds, and each round's), against issue 12's goals (a patient read at least 50%, a list
page at least 10%). Rounds, because `/health` alone swings by a third from one run to the next
on a 2-core machine where wrk and the server share the cores. The server logs at WARNING only,
so log output costs every target the same nothing. Compare ratios from the same run, not
figures from different machines.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.seed import DEMO_ADMIN_EMAIL, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
API = "/api/v1"
READ_GOAL = 0.50
LIST_GOAL = 0.10
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class WrkResult:
    """What one wrk run measured."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx answers and socket errors


def parse_wrk(output: str) -> WrkResult:
    """Read requests/s, the latency percentiles (`--latency`) and errors from wrk's output."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None:
        raise ValueError(f"no Requests/sec in wrk's output:\n{output}")

    def latency(percent: str) -> float:
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\b", output, re.MULTILINE)
        return float(found.group(1)) * _UNITS[found.group(2)] if found else float("nan")

    errors = 0
    if non_2xx := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(non_2xx.group(1))
    if socket_errors := re.search(r"Socket errors:(.*)", output):
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return WrkResult(float(rate.group(1)), latency("50"), latency("99"), errors)


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def call(url: str, body: dict[str, Any] | None = None, token: str | None = None) -> Any:
    """A JSON request with the standard library (no client library's overhead to explain)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def start_server(port: int, patients: int, log: Any) -> subprocess.Popen[bytes]:
    """uvicorn, one worker, on the in-process engine, seeding the demo clinic; stderr to `log`."""
    env = {
        **os.environ,
        "MONGODB_URL": "memory://",
        "ENVIRONMENT": "development",
        "SEED_DEMO_DATA": "true",
        "SEED_DEMO_PATIENTS": str(patients),
        "REMINDERS_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "SMTP_HOST": "",
    }
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", "1", "--no-proxy-headers"]
    command += ["--no-access-log", "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)


def wait_until_up(base: str, server: subprocess.Popen[bytes], log: Any, timeout: float) -> float:
    """Poll /health until it answers; returns the seconds it took (start-up and seeding)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the server exited ({server.returncode}):\n{log.read().decode()}")
        try:
            call(f"{base}/health")
            return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise TimeoutError(f"the server did not answer /health within {timeout:.0f} s")


def run_wrk(url: str, token: str | None, args: argparse.Namespace) -> WrkResult:
    """One bounded wrk run against `url`."""
    # A generous time-out: a slow answer is a figure to report, not an error.
    command = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "60s"]
    command.append("--latency")
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    finished = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=args.duration + 120, check=True
    )
    return parse_wrk(finished.stdout)


def report(label: str, shares: list[float], results: list[WrkResult], goal: float | None) -> bool:
    """Print one target's line (median of the rounds); returns whether it met its goal."""
    share = statistics.median(shares)
    rate = statistics.median(result.requests_per_second for result in results)
    p50 = statistics.median(result.p50_ms for result in results)
    p99 = statistics.median(result.p99_ms for result in results)
    errors = sum(result.errors for result in results)
    verdict = ""
    if goal is not None:
        verdict = f"goal >= {goal:.0%}: {'met' if share >= goal else 'MISSED'}"
    rounds = " ".join(f"{one:.0%}" for one in shares)
    print(
        f"  {label:<34} {rate:9.1f} req/s   {share:7.1%} of /health (rounds: {rounds})   "
        f"p50 {p50:6.1f} ms   p99 {p99:6.1f} ms{f'   {errors} errors' if errors else ''}   "
        f"{verdict}",
        flush=True,
    )
    return (goal is None or share >= goal) and not errors


def measure(args: argparse.Namespace) -> bool:
    """Start the server, load each target in turn, print the figures; True if goals are met."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server = start_server(port, args.patients, log)
        try:
            seconds = wait_until_up(base, server, log, args.startup_timeout)
            print(f"uvicorn, one worker, {base}, in-process engine; demo clinic of ", end="")
            print(f"{args.patients:,} children up in {seconds:.1f} s", flush=True)
            return load_targets(base, args)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def load_targets(base: str, args: argparse.Namespace) -> bool:
    """Sign in, load /health, a patient read and a list page; print them against the goals."""
    login = {"email": DEMO_ADMIN_EMAIL, "password": DEMO_PASSWORD}
    token = call(f"{base}{API}/auth/login", login)["access_token"]
    first = call(f"{base}{API}/patients?size=1", token=token)["items"][0]["id"]
    print(
        f"wrk -t1 -c{args.connections} -d{args.duration}s per target, the three in turn, "
        f"{args.rounds} rounds; each share is of the same round's /health, median shown:",
        flush=True,
    )
    targets = {
        "/health": (f"{base}/health", None, None),
        "patient read GET /patients/{id}": (f"{base}{API}/patients/{first}", token, READ_GOAL),
        "patient list page (20)": (f"{base}{API}/patients?page=1&size=20", token, LIST_GOAL),
    }
    results: dict[str, list[WrkResult]] = {label: [] for label in targets}
    for _ in range(args.rounds):
        for label, (url, bearer, _goal) in targets.items():
            results[label].append(run_wrk(url, bearer, args))
    health = [result.requests_per_second for result in results["/health"]]
    met = True
    for label, (_url, _bearer, goal) in targets.items():
        shares = [r.requests_per_second / h for r, h in zip(results[label], health, strict=True)]
        met &= report(label, shares, results[label], goal)
    print(f"Goals: {'all met' if met else 'NOT all met'}", flush=True)
    return met


WRK_HINT = (
    "wrk is not installed: install it as root with `apt-get install wrk` (Debian, Ubuntu), "
    "or build it from https://github.com/wg/wrk, then run this again"
)


def ensure_wrk() -> bool:
    """Whether wrk is on the PATH; run as root on Debian, installs it with apt-get first."""
    if shutil.which("wrk"):
        return True
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return False
    print("wrk is not installed: installing Debian's wrk with apt-get", flush=True)
    install = ["apt-get", "install", "-y", "--no-install-recommends", "wrk"]
    if subprocess.run(install, stdout=subprocess.DEVNULL, check=False).returncode != 0:
        # A fresh machine may have no package lists yet: fetch them, then try once more.
        subprocess.run(["apt-get", "update"], stdout=subprocess.DEVNULL, check=False)
        subprocess.run(install, stdout=subprocess.DEVNULL, check=False)
    return shutil.which("wrk") is not None


def main(argv: list[str] | None = None) -> bool:
    """Parse the arguments and run the measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=300, help="children in the demo clinic")
    parser.add_argument("--duration", type=int, default=5, help="seconds of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="times each target is loaded")
    parser.add_argument("--connections", type=int, default=10, help="open connections")
    parser.add_argument(
        "--startup-timeout", type=float, default=300.0, help="seconds to wait for the server"
    )
    args = parser.parse_args(argv)
    if min(args.patients, args.duration, args.connections, args.rounds) < 1:
        parser.error("--patients, --duration, --connections and --rounds must be at least 1")
    if not ensure_wrk():
        parser.error(WRK_HINT)
    return measure(args)


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1:]) else 1)
