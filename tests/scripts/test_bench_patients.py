"""The patient-search benchmark runs end to end on a small data set."""

import re

from scripts import bench_patients, bench_support
from tests.mail import Mailbox


def test_benchmark_seeds_and_reports_percentiles(smtp_server: Mailbox, capsys) -> None:
    bench_patients.main(["--patients", "250", "--requests", "3"])
    out = capsys.readouterr().out
    assert "Patients: 250 in one clinic" in out
    assert "engine: memory://" in out
    for label in ("(a) name prefix", "(b) first page", "(c) exact MRN"):
        line = next(line for line in out.splitlines() if label in line)
        assert re.search(r"p50 +\d+\.\d ms +p95 +\d+\.\d ms", line), line
    first_page = next(line for line in out.splitlines() if "(b) first page" in line)
    assert "avg total matches 250" in first_page
    mrn = next(line for line in out.splitlines() if "(c) exact MRN" in line)
    assert "avg total matches 1)" in mrn


def test_percentile_is_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert bench_support.percentile(samples, 0.50) == 50.0
    assert bench_support.percentile(samples, 0.95) == 95.0
    assert bench_support.percentile([7.0], 0.95) == 7.0
