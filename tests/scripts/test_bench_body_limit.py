"""The body-limit benchmark starts a real server and reports statuses and its memory."""

import re

from scripts import bench_body_limit


def test_benchmark_reports_refusals_and_server_memory(capsys) -> None:
    bench_body_limit.main(["--parallel", "2", "--mb", "5"])
    out = capsys.readouterr().out
    assert "Sent: 2 parallel bodies of 5 MB (Content-Length) to /api/v1/auth/login" in out
    assert "Statuses: 413, 413 " in out, out
    for label in ("idle", "peak"):
        assert re.search(rf"Server RSS {label}: \d+\.\d MB", out), out
    growth = re.search(r"Server RSS growth: (-?\d+\.\d) MB", out)
    # Far less than the 10 MB sent was ever held (before the limit: about 3 times more).
    assert growth and float(growth.group(1)) < 5, out


def test_memory_figures_come_from_proc() -> None:
    figures = bench_body_limit.memory_kb(bench_body_limit.os.getpid())
    assert set(figures) == {"VmRSS", "VmHWM"}
    assert 0 < figures["VmRSS"] <= figures["VmHWM"]
