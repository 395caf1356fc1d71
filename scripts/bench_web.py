"""The web app's two figures: first-load JavaScript (gzipped) and the time to show a child's page.

First load: the entry chunk index.html loads and every chunk it preloads or imports statically
(`<script type="module">`, `<link rel="modulepreload">`, and the Vite manifest's `imports` of
the entry), each gzipped at level 9. A child's page: scripts.e2e_server on a free port (the demo
clinic), Chromium driven by frontend/scripts/time-child-page.mjs (signs in, then opens a
child's page URL afresh and waits for its h1); the median of the runs. Goals (issue 13):
<= 300 KB and <= 1.5 s.

Usage: python -m scripts.bench_web [--runs 5] [--size-only]
"""

import argparse
import gzip
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "frontend" / "dist"
FIRST_LOAD_GOAL_KB = 300
CHILD_PAGE_GOAL_MS = 1500
DEMO_EMAIL = "admin@demo-clinic.example"
DEMO_PASSWORD = "demo-password-2026"


class _Preloads(HTMLParser):
    """The scripts index.html runs at once: module scripts and module preloads."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.files.append(str(attributes["src"]))
        if tag == "link" and attributes.get("rel") == "modulepreload" and attributes.get("href"):
            self.files.append(str(attributes["href"]))


def _manifest_closure(dist: Path) -> list[str]:
    """The entry chunks and their static imports, from the Vite manifest when the build has one."""
    path = dist / ".vite" / "manifest.json"
    if not path.is_file():
        return []
    manifest = json.loads(path.read_text())
    seen: set[str] = set()
    pending = [key for key, chunk in manifest.items() if chunk.get("isEntry")]
    files = []
    while pending:
        key = pending.pop()
        if key in seen or key not in manifest:
            continue
        seen.add(key)
        files.append("/" + manifest[key]["file"])
        pending += manifest[key].get("imports", [])
    return files


def first_load_files(dist: Path = DIST) -> list[Path]:
    """Every JavaScript file a first visit downloads before the route's own chunk."""
    parser = _Preloads()
    parser.feed((dist / "index.html").read_text())
    urls = [*parser.files, *_manifest_closure(dist)]
    unique = dict.fromkeys(url for url in urls if url.endswith(".js") and url.startswith("/"))
    return [dist / url.lstrip("/") for url in unique]


def gzipped_size(path: Path) -> int:
    """Bytes of the file once gzipped (level 9, as build tools report it)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def print_first_load(dist: Path = DIST) -> None:
    """Print each first-load file and the total against the goal."""
    files = first_load_files(dist)
    total = 0
    for path in files:
        size = gzipped_size(path)
        total += size
        print(
            f"  {path.relative_to(dist)}: {path.stat().st_size / 1024:.1f} KB, "
            f"{size / 1024:.1f} KB gzipped"
        )
    verdict = "meets" if total <= FIRST_LOAD_GOAL_KB * 1024 else "MISSES"
    print(
        f"first-load JavaScript: {total / 1024:.1f} KB gzipped in {len(files)} files "
        f"({verdict} the goal of {FIRST_LOAD_GOAL_KB} KB)"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("scripts.e2e_server stopped before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def time_child_page(runs: int, node_dir: str) -> dict[str, object]:
    """Serve the demo clinic and time a child's page in Chromium; the script's JSON result."""
    port = _free_port()
    env = {**os.environ, "E2E_PORT": str(port), "E2E_MAIL_DIR": "/tmp/bench-web-mail"}
    server = subprocess.Popen(
        [sys.executable, "-m", "scripts.e2e_server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/health", server)
        node_env = {**os.environ, "PATH": f"{node_dir}:{os.environ.get('PATH', '')}"}
        result = subprocess.run(
            ["node", "scripts/time-child-page.mjs", base, DEMO_EMAIL, DEMO_PASSWORD, str(runs)],
            cwd=ROOT / "frontend",
            env=node_env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            errors = [line for line in result.stderr.splitlines() if "Error" in line]
            raise RuntimeError(errors[-1] if errors else result.stderr.strip()[-500:])
        return dict(json.loads(result.stdout.strip().splitlines()[-1]))
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    """Print both figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size-only", action="store_true", help="skip the browser timing")
    args = parser.parse_args()
    if not (DIST / "index.html").is_file():
        sys.exit("no build: run `bash scripts/frontend.sh build` first")
    print_first_load()
    if args.size_only:
        return
    node_dir = subprocess.run(
        ["bash", "scripts/frontend.sh", "node"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    try:
        result = time_child_page(args.runs, node_dir)
    except RuntimeError as problem:
        sys.exit(f"child's page: not measured: {problem}")
    median = int(str(result["median_ms"]))
    verdict = "meets" if median <= CHILD_PAGE_GOAL_MS else "MISSES"
    print(
        f"child's page: median {median} ms of {result['runs_ms']} ms "
        f"({verdict} the goal of {CHILD_PAGE_GOAL_MS} ms); {result['url']}"
    )
    if not result["h1_is_child_name"]:
        print(
            f"  note: the page's h1 is {result['h1']!r}, not the child's name "
            f"({result['child']}): the child's page is not built yet; timed its h1 anyway"
        )


if __name__ == "__main__":
    main()
