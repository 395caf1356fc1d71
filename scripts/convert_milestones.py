"""Convert the shared milestone reference data into the project's own milestone catalog.

Usage: ``.venv/bin/python scripts/convert_milestones.py [SOURCE_DIR] [OUTPUT_FILE]``

Defaults: ``../shared/milestones`` -> ``app/features/milestones/data/milestones.json``.

Two sources: the CDC "Learn the Signs. Act Early." checklists (2022 revision,
``cdc-ltsae-2022.json``) and the WHO Multicentre Growth Reference Study windows of
achievement for six gross motor milestones (``who-motor-windows.json``). Every item keeps
its source and revision. WHO milestones get stable codes (``who-<name-with-dashes>``) and
are catalogued at the first whole month after their 99th-percentile window closes
(``age_months = ceil(p99)``); the exact window is kept for the concern rules. The build
stops when a count, code, domain or window does not match what the sources state.
Only this script reads the shared reference data; the running app reads the JSON.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "milestones"
DEFAULT_OUTPUT = ROOT / "app" / "features" / "milestones" / "data" / "milestones.json"

CDC_SOURCE = "CDC LTSAE 2022"
WHO_SOURCE = "WHO MGRS 2006"
CDC_AGES = [2, 4, 6, 9, 12, 15, 18, 24, 30, 36, 48, 60]
CDC_ITEM_TOTAL = 159
DOMAINS = {
    "se": "social_emotional",
    "lc": "language_communication",
    "cg": "cognitive",
    "mp": "movement_physical",
}
CDC_CODE = re.compile(r"^m(\d+)-(se|lc|cg|mp)-(\d+)$")
# The 1st and 99th percentiles as WHO MGRS published them (Acta Paediatr Suppl 2006;450:86-95).
WHO_WINDOWS = {
    "sitting_without_support": (3.8, 9.2),
    "standing_with_assistance": (4.8, 11.4),
    "hands_and_knees_crawling": (5.2, 13.5),
    "walking_with_assistance": (5.9, 13.7),
    "standing_alone": (6.9, 16.9),
    "walking_alone": (8.2, 17.6),
}

Json = dict[str, Any]


class SourceMismatch(ValueError):
    """The shared data does not say what this script expects; fix one or the other."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SourceMismatch(message)


def convert_cdc(raw: Json) -> list[Json]:
    """The CDC checklists, each item with its source and revision."""
    revision = str(raw["revision"])
    _check(revision == "2022", f"expected the 2022 revision, got {revision}")
    checklists = raw["checklists"]
    _check([c["age_months"] for c in checklists] == CDC_AGES, "unexpected checklist ages")
    seen: set[str] = set()
    out = []
    for checklist in checklists:
        age = checklist["age_months"]
        items = checklist["items"]
        _check(len(items) == checklist["item_count"], f"{age} months: item_count mismatch")
        converted = []
        for item in items:
            match = CDC_CODE.match(item["code"])
            _check(match is not None, f"bad code {item['code']}")
            assert match is not None
            _check(int(match.group(1)) == age, f"{item['code']} filed under {age} months")
            _check(DOMAINS[match.group(2)] == item["domain"], f"{item['code']}: wrong domain")
            _check(item["code"] not in seen, f"duplicate code {item['code']}")
            _check(bool(item["text"].strip()), f"{item['code']}: empty text")
            seen.add(item["code"])
            converted.append(
                {
                    "code": item["code"],
                    "domain": item["domain"],
                    "text": item["text"].strip(),
                    "source": CDC_SOURCE,
                    "revision": revision,
                }
            )
        out.append({"age_months": age, "age_label": checklist["age_label"], "items": converted})
    _check(len(seen) == CDC_ITEM_TOTAL, f"expected {CDC_ITEM_TOTAL} items, got {len(seen)}")
    return out


def who_code(name: str) -> str:
    """The stable catalog code of a WHO motor milestone: `who-sitting-without-support`."""
    return "who-" + name.replace("_", "-")


def convert_who(raw: Json) -> list[Json]:
    """The six WHO motor milestones with their windows of achievement."""
    milestones = raw["milestones"]
    _check([m["code"] for m in milestones] == list(WHO_WINDOWS), "unexpected WHO milestones")
    out = []
    for milestone in milestones:
        p1, p99 = milestone["p1_months"], milestone["p99_months"]
        _check((p1, p99) == WHO_WINDOWS[milestone["code"]], f"{milestone['code']}: window")
        out.append(
            {
                "code": who_code(milestone["code"]),
                "domain": "movement_physical",
                "text": milestone["name"],
                "criterion": milestone["criterion"],
                "source": WHO_SOURCE,
                "revision": "2006",
                "window_start_months": p1,
                "window_end_months": p99,
                "age_months": math.ceil(p99),
            }
        )
    return out


def convert(source_dir: Path) -> Json:
    """The project's milestone catalog from the shared reference files."""
    cdc = json.loads((source_dir / "cdc-ltsae-2022.json").read_text(encoding="utf-8"))
    who = json.loads((source_dir / "who-motor-windows.json").read_text(encoding="utf-8"))
    return {
        "generated_by": "scripts/convert_milestones.py",
        "sources": {
            CDC_SOURCE: cdc["source"],
            WHO_SOURCE: who["source"],
        },
        "checklists": convert_cdc(cdc),
        "who_motor": convert_who(who),
    }


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    catalog = convert(source)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(catalog, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    items = sum(len(c["items"]) for c in catalog["checklists"]) + len(catalog["who_motor"])
    print(f"wrote {output} ({items} items)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
