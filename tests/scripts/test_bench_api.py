"""The API benchmark seeds a small demo clinic and prints every request's figures."""

import re

from scripts import bench_api
from tests.mail import Mailbox

LABELS = (
    "patient list page",
    "patient search ?q=",
    "patient detail",
    "child forecast",
    "record a dose",
    "due list (first page)",
    "summary",
    "coverage ?cohort=12-23m",
    "doses administered",
    "defaulters (first page)",
    "milestone concerns",
    "a child's milestones",
    "/health (reference)",
    "reminder run (per 100 children)",
)
FIGURES = re.compile(
    r"p50 +\d+\.\d ms +p95 +\d+\.\d ms +cpu p50 +\d+\.\d ms +round trips +(\d+\.\d) +\(n=1\)"
)


def _line(out: str, label: str) -> str:
    return next(line for line in out.splitlines() if line.strip().startswith(label))


def test_benchmark_prints_each_request_with_round_trips_and_goals(
    smtp_server: Mailbox, capsys
) -> None:
    bench_api.main(["--patients", "12", "--requests", "1", "--baseline-patients", "6"])
    out = capsys.readouterr().out
    assert "Engine: memory://" in out
    assert re.search(r"Baseline clinic: 6 children seeded in \d+\.\d s", out), out
    seeded = r"Patients: 12 in the demo clinic, seeded in \d+\.\d s \(cpu \d+\.\d s\)"
    assert re.search(seeded + r" +under a minute: (met|MISSED)", out), out
    for label in LABELS:
        line = _line(out, label)
        figures = FIGURES.search(line)
        assert figures, line
        if label == "/health (reference)":
            assert float(figures.group(1)) == 0, line  # no database behind it
            assert "p95<=" not in line, line  # a reference, not a goal
        else:
            assert float(figures.group(1)) > 0, line
            assert re.search(r"p95<=\d+ ms (met|MISSED), round trips (same|GROW)", line), line
    assert re.search(r"^Goals: (all met|NOT all met)$", out, re.MULTILINE), out


def test_latency_goals_follow_the_clinic_size() -> None:
    assert bench_api.latency_goal_ms(300, "summary") == 150
    assert bench_api.latency_goal_ms(2000, "summary") == 500
    assert bench_api.latency_goal_ms(5000, "summary") is None
    assert bench_api.latency_goal_ms(2000, bench_api.REMINDER_LABEL) == 200  # 2 s per 1,000
    assert bench_api.latency_goal_ms(300, bench_api.HEALTH_LABEL) is None


def test_round_trips_must_not_grow_with_the_clinic() -> None:
    assert bench_api.round_trips_hold("summary", 9.0, 9.0)
    assert not bench_api.round_trips_hold("summary", 10.0, 9.0)
    assert not bench_api.round_trips_hold("summary", 8.0, 9.0)
    # The reminder run is per 100 children: fewer per 100 at a larger clinic is fine.
    assert bench_api.round_trips_hold(bench_api.REMINDER_LABEL, 20.0, 75.0)
    assert not bench_api.round_trips_hold(bench_api.REMINDER_LABEL, 80.0, 75.0)
