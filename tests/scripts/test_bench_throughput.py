"""The throughput benchmark reads wrk's figures and errors correctly, and finds wrk."""

import math
import subprocess

import pytest

from scripts import bench_throughput
from scripts.bench_throughput import parse_wrk

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/health
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.27ms    5.48ms  30.03ms   84.63%
    Req/Sec   753.91    255.67     1.34k    72.73%
  Latency Distribution
     50%  850.00us
     75%    6.03ms
     90%   12.62ms
     99%    1.20s
  8280 requests in 10.10s, 4.20MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:    819.80
Transfer/sec:    425.87KB
"""


def test_reads_rate_percentiles_in_milliseconds_and_every_error() -> None:
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests_per_second == 819.80
    assert math.isclose(result.p50_ms, 0.85)
    assert math.isclose(result.p99_ms, 1200.0)
    assert result.errors == 12  # 2 read + 3 timeouts + 7 non-2xx


def test_a_clean_run_has_no_errors() -> None:
    clean = "\n".join(
        line for line in WRK_OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )
    assert parse_wrk(clean).errors == 0


def test_output_without_a_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="Requests/sec"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_without_wrk_it_says_how_to_install_it(monkeypatch, capsys) -> None:
    monkeypatch.setattr(bench_throughput.shutil, "which", lambda name: None)
    monkeypatch.setattr(bench_throughput.os, "geteuid", lambda: 1000)  # not root
    with pytest.raises(SystemExit):
        bench_throughput.main(["--duration", "1"])
    assert "apt-get install wrk" in capsys.readouterr().err


def test_as_root_it_installs_wrk_with_apt_get(monkeypatch) -> None:
    commands: list[list[str]] = []
    installed: set[str] = {"apt-get"}

    def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        commands.append(command)
        # The first install fails (no package lists yet), the one after the update works.
        done = command[:2] == ["apt-get", "install"] and ["apt-get", "update"] in commands
        if done:
            installed.add("wrk")
        return subprocess.CompletedProcess(command, 0 if done else 100)

    monkeypatch.setattr(bench_throughput.os, "geteuid", lambda: 0)
    monkeypatch.setattr(
        bench_throughput.shutil,
        "which",
        lambda name: f"/usr/bin/{name}" if name in installed else None,
    )
    monkeypatch.setattr(bench_throughput.subprocess, "run", run)
    assert bench_throughput.ensure_wrk()
    assert [c[:2] for c in commands] == [
        ["apt-get", "install"],
        ["apt-get", "update"],
        ["apt-get", "install"],
    ]
    assert "wrk" in commands[0]
