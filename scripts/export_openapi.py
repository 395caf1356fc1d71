"""Write the app's OpenAPI document as JSON (the source of the web app's generated API types).

Usage: python -m scripts.export_openapi <path>   (`-` writes to standard output)
"""

import json
import sys
from pathlib import Path

from app.main import app


def openapi_json() -> str:
    """`app.openapi()` as indented JSON (the document is built the same with docs on or off)."""
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    """Write the document to the one path given."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    text = openapi_json()
    if argv[0] == "-":
        sys.stdout.write(text)
    else:
        Path(argv[0]).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
