"""Write the observations (code and title) a schedule's supporting data defines.

Usage: ``.venv/bin/python scripts/convert_observations.py [SCHEDULE_XML] [OUTPUT_FILE]``

Defaults: ``../shared/cdsi/supporting-data/schedule.xml`` ->
``app/features/schedules/data/cdc-acip.observations.json``. The source is the CDC CDSi
supporting data v4.64 (`<observations>` of schedule.xml, a US government work); the running
app reads only the JSON. The `who` schedule's observations are written by
`scripts/convert_who_observations.py`.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "cdsi" / "supporting-data" / "schedule.xml"
DEFAULT_OUTPUT = ROOT / "app" / "features" / "schedules" / "data" / "cdc-acip.observations.json"


def observations(source: Path) -> list[dict[str, str]]:
    """Every `<observation>` of the schedule file as {code, text}, in code order."""
    root = ET.parse(source).getroot()
    found = []
    for item in root.iter("observation"):
        code = (item.findtext("observationCode") or "").strip()
        text = " ".join((item.findtext("observationTitle") or "").split())
        if code and text:
            found.append({"code": code, "text": text})
    return sorted(found, key=lambda o: o["code"])


def main(argv: list[str]) -> None:
    """Convert and write the file."""
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    document = {
        "source": "CDC CDSi supporting data v4.64, schedule.xml <observations>",
        "observations": observations(source),
    }
    output.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(document['observations'])} observations -> {output}")


if __name__ == "__main__":
    main(sys.argv)
