"""The reports benchmark runs end to end on a small clinic."""

import re

from scripts import bench_reports
from tests.mail import Mailbox

LABELS = (
    "summary",
    "coverage ?cohort=12-23m",
    "doses-administered ?group_by=month",
    "doses-administered ?group_by=vaccine_group",
    "defaulters (first page)",
)


def test_benchmark_seeds_and_times_every_report(smtp_server: Mailbox, capsys) -> None:
    bench_reports.main(["--patients", "30", "--requests", "2"])
    out = capsys.readouterr().out
    assert "Patients: 30 in one clinic (who)" in out
    assert "engine: memory://" in out
    seeded = re.search(r"Seeded 30 children and ([\d,]+) doses \(([\d.]+) per child\)", out)
    assert seeded and float(seeded.group(2)) > 5, out
    for label in LABELS:
        line = next(line for line in out.splitlines() if line.strip().startswith(label))
        assert re.search(r"p50 +\d+\.\d ms +p95 +\d+\.\d ms", line), line
