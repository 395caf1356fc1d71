"""The due-list benchmark runs end to end on a small data set."""

import re
from datetime import date, timedelta

from scripts import bench_duelist
from tests.mail import Mailbox


def test_benchmark_seeds_refreshes_and_reports_percentiles(smtp_server: Mailbox, capsys) -> None:
    bench_duelist.main(["--patients", "40", "--requests", "3", "--inserts", "2"])
    out = capsys.readouterr().out
    assert "Patients: 40 in one clinic (cdc-acip)" in out
    assert "engine: memory://" in out
    assert re.search(r"Seeded 40 children and \d[\d,]* doses in \d+\.\d s", out), out
    rows = re.search(r"Forecast rows: ([\d,]+) computed in \d+\.\d s", out)
    assert rows and int(rows.group(1).replace(",", "")) > 40, out
    for label, n in (("(a) due list", 3), ("(b) record a dose", 2)):
        line = next(line for line in out.splitlines() if label in line)
        assert re.search(r"p50 +\d+\.\d ms +p95 +\d+\.\d ms", line), line
        assert f"(n={n}," in line, line


def test_histories_are_dated_between_birth_and_today() -> None:
    rng = bench_duelist.random.Random(7)
    today = date(2026, 6, 1)
    kinds = set()
    for _ in range(300):
        born = today - timedelta(days=rng.randint(0, 5 * 365))
        doses = bench_duelist.history(rng, born, today)
        assert all(born <= day <= today for _, day in doses)
        assert [day for _, day in doses] == sorted(day for _, day in doses)
        kinds.add(len(doses))
    assert len(kinds) > 10  # from no dose at all to a full history
