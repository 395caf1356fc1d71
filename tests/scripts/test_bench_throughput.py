"""The throughput benchmark reads wrk's figures and errors correctly."""

import math

import pytest

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
