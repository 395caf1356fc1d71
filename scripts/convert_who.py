"""Convert the WHO routine childhood schedule (CDSi-style JSON) into the project's JSON schedule.

Usage: ``.venv/bin/python -m scripts.convert_who [SOURCE_DIR] [OUTPUT_FILE] [OBSERVATIONS_FILE]``

Defaults: ``../shared/cdsi/who-reference`` -> ``app/features/schedules/data/who.json`` and,
beside it, ``who.observations.json`` (the observations a child's conditions may carry; see
``scripts/convert_who_observations.py``).

The source is a third-party transcription of the WHO position-paper summary tables
(fhir-fli/cicada, MIT licence). Only the routine recommendations for all children
(WHO Table 1) are kept, and every place where the transcription disagrees with WHO's
own tables is corrected below, each correction with its reason (the same list is
explained in ``app/features/schedules/data/WHO-SCHEDULE.md``). CVX names and antigen
associations are checked against the CDC CDSi CVX map (``schedule.xml``, a US
government work), so a code that CDC does not define for that antigen stops the build.
Only this script (and its helper) reads the shared reference data; the app reads the JSON.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from scripts.convert_who_observations import add_immunity, left_out, observation_catalog
from scripts.who_schedule_tables import (
    CORRECTIONS,
    CVX_MAP,
    EXTRA_CVX_NAMES,
    HIB_MAX_AGE,
    IMMUNITY_FILES,
    IPV,
    OPV,
    PREFERABLE,
    REFERENCE_SERIES,
    ROTAVIRUS_MAX_AGE,
    ROTAVIRUS_PRODUCTS,
    VACCINE_GROUPS,
    D,
    P,
    T,
)
from scripts.who_series import (
    antigen_codes,
    compact,
    hepb_series,
    ipv_series,
    opv_series,
    set_vaccines,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "cdsi"
DEFAULT_SOURCE = SHARED / "who-reference"
CDC_SCHEDULE = SHARED / "supporting-data" / "schedule.xml"
DEFAULT_OUTPUT = ROOT / "app" / "features" / "schedules" / "data" / "who.json"
SOURCE_VERSION = "fhir-fli/cicada who-reference, corrected against WHO Table 1 (2025-11)"

Json = dict[str, Any]


def duration(value: str | None) -> str | None:
    """Normalise a reference duration: empty -> None, 'N hours' -> whole days."""
    if value is None or not value.strip():
        return None
    hours = re.fullmatch(r"\s*(\d+)\s*hours?\s*", value)
    if hours:
        return f"{-(-int(hours.group(1)) // 24)} day"
    return value.strip()


def convert_age(raw: Json) -> Json:
    """One reference age rule."""
    return compact(
        {
            "abs_min": duration(raw.get("absMinAge")),
            "min": duration(raw.get("minAge")),
            "earliest_rec": duration(raw.get("earliestRecAge")),
            "latest_rec": duration(raw.get("latestRecAge")),
            "max": duration(raw.get("maxAge")),
        }
    )


def convert_interval(raw: Json) -> Json | None:
    """One reference interval; None when it names no reference dose (the loader needs one)."""
    target = raw.get("fromTargetDose")
    interval = compact(
        {
            "from_previous": raw.get("fromPrevious") == "Y",
            "from_target_dose": int(target) if target else None,
            "abs_min": duration(raw.get("absMinInt")),
            "min": duration(raw.get("minInt")),
            "earliest_rec": duration(raw.get("earliestRecInt")),
            "latest_rec": duration(raw.get("latestRecInt")),
        }
    )
    return interval if any(key.startswith("from_") for key in interval) else None


def convert_series(raw: Json) -> Json:
    """One reference series (vaccine lists are rebuilt from the CVX map afterwards)."""
    select = raw.get("selectSeries", {})
    gender = raw.get("requiredGender") or []
    doses = []
    for dose in raw.get("seriesDose", []):
        intervals = [convert_interval(i) for i in dose.get("interval", [])]
        doses.append(
            compact(
                {
                    "number": int(re.sub(r"\D", "", dose["doseNumber"])),
                    "ages": [convert_age(a) for a in dose.get("age", [])],
                    "intervals": [i for i in intervals if i],
                    "recurring": dose.get("recurringDose") == "Yes",
                }
            )
        )
    return compact(
        {
            "name": raw["seriesName"],
            "type": raw.get("seriesType", "Standard").lower(),
            "gender": gender[0].lower() if gender else None,
            "default": select.get("defaultSeries") == "Yes",
            "product_path": select.get("productPath") == "Yes",
            "group": select.get("seriesGroup", "1"),
            "group_name": select.get("seriesGroupName"),
            "priority": select.get("seriesPriority", "A"),
            "preference": int(select.get("seriesPreference") or 99),
            "min_age_to_start": duration(select.get("minAgeToStart")),
            "max_age_to_start": duration(select.get("maxAgeToStart")),
            "doses": doses,
        }
    )


def apply_vaccines(antigen: str, series: Json) -> None:
    """Vaccine lists from the CVX map, with the product and age rules of each antigen."""
    for dose in series["doses"]:
        if antigen == "Rotavirus":
            preferable, allowable = ROTAVIRUS_PRODUCTS[series["name"]]
            set_vaccines(dose, preferable, allowable, ROTAVIRUS_MAX_AGE)
            dose["ages"][0]["max"] = ROTAVIRUS_MAX_AGE
        elif antigen == "Hib":
            set_vaccines(dose, PREFERABLE["Hib"], antigen_codes("Hib"), HIB_MAX_AGE)
        elif antigen in (D, T, P) and dose["number"] >= 5:
            # Boosters from 4 years: Td (or DT) for diphtheria/tetanus, WHO Table 1.
            set_vaccines(dose, ["09", "28"], antigen_codes(antigen))
        elif antigen in (D, T, P) and dose["number"] == 4:
            set_vaccines(dose, ["01", "20"], antigen_codes(antigen))
        else:
            set_vaccines(dose, PREFERABLE[antigen], antigen_codes(antigen))


def find_series(antigens: Json, antigen: str, name: str) -> Json:
    """The series of an antigen called name."""
    for series in antigens[antigen]["series"]:
        if series["name"] == name:
            return series
    raise KeyError(f"{antigen}: no series {name!r}")


def apply_correction(
    antigens: Json, correction: tuple[tuple[str, str], int | None, str, Any, str]
) -> None:
    """Apply one entry of CORRECTIONS."""
    (antigen, name), number, field, value, _reason = correction
    series = find_series(antigens, antigen, name)
    if number is None:
        if field == "drop_doses_after":
            series["doses"] = [d for d in series["doses"] if d["number"] <= value]
        else:
            series[field] = value
        return
    dose = next(d for d in series["doses"] if d["number"] == number)
    kind, key = field.split(".")
    rules = dose.setdefault("ages" if kind == "age" else "intervals", [{}])
    rules[0][key] = value


def cdc_cvx(path: Path) -> dict[str, tuple[str, set[str]]]:
    """CDC CDSi CVX map: code -> (short description, antigens)."""
    root = ET.parse(path).getroot()
    found = {}
    for item in root.findall("cvxToAntigenMap/cvxMap"):
        code = (item.findtext("cvx") or "").strip()
        antigens = {(a.findtext("antigen") or "").strip() for a in item.findall("association")}
        found[code] = ((item.findtext("shortDescription") or "").strip(), antigens)
    return found


def build_cvx(cdc: dict[str, tuple[str, set[str]]]) -> Json:
    """The shipped CVX map, every code and association checked against CDC's."""
    group_of = {a: g for g, antigens in VACCINE_GROUPS.items() for a in antigens}
    cvx = {}
    for code, antigens in CVX_MAP.items():
        if code in EXTRA_CVX_NAMES:
            name = EXTRA_CVX_NAMES[code]
        else:
            if code not in cdc:
                raise SystemExit(f"CVX {code} is not in the CDC CDSi map")
            name, cdc_antigens = cdc[code]
            ours = {"Polio" if a in (OPV, IPV) else a for a in antigens}
            if not ours <= cdc_antigens:
                raise SystemExit(f"CVX {code}: {sorted(ours - cdc_antigens)} not in CDC's map")
        cvx[code] = {
            "name": name,
            "associations": [{"antigen": a} for a in antigens],
            "vaccine_groups": sorted({group_of[a] for a in antigens}),
        }
    return cvx


def live_virus_conflicts() -> list[Json]:
    """Injectable live measles/rubella vaccines not given the same day: 4 weeks apart.

    The reference also paired bOPV with MR and rotavirus, and BCG with itself; oral
    vaccines (bOPV, rotavirus) and BCG are given at any interval, so those are dropped.
    """
    live = ["03", "04", "05", "06", "38", "94"]
    return [
        {"previous": a, "current": b, "begin": "1 day", "min_end": "24 days", "end": "28 days"}
        for a in live
        for b in live
    ]


def convert(source: Path, cdc_schedule: Path = CDC_SCHEDULE) -> Json:
    """The whole WHO schedule as one JSON document."""
    antigens: Json = {}
    for antigen, (file_name, keep) in REFERENCE_SERIES.items():
        raw = json.loads((source / file_name).read_text())
        series = [convert_series(s) for s in raw["series"] if s["seriesName"] in keep]
        if [s["name"] for s in series] != keep:
            raise SystemExit(f"{file_name}: expected series {keep}")
        antigens[antigen] = {"series": series}
    for correction in CORRECTIONS:
        apply_correction(antigens, correction)
    for antigen, data in antigens.items():
        for series in data["series"]:
            apply_vaccines(antigen, series)
    antigens["HepB"] = {"series": [hepb_series()]}
    antigens[OPV] = {"series": [opv_series()]}
    antigens[IPV] = {"series": [ipv_series()]}
    for antigen, data in antigens.items():
        for series in data["series"]:
            series["vaccine_group"] = next(g for g, a in VACCINE_GROUPS.items() if antigen in a)
    add_immunity(antigens, IMMUNITY_FILES, source)
    return {
        "metadata": {
            "code": "who",
            "name": "WHO routine childhood immunization",
            "source": "WHO position papers, Table 1 (routine immunization for all children), "
            "via the CDSi-style transcription in fhir-fli/cicada (MIT)",
            "version": SOURCE_VERSION,
        },
        "live_virus_conflicts": live_virus_conflicts(),
        "vaccine_groups": {name: {"antigens": a} for name, a in VACCINE_GROUPS.items()},
        "cvx": build_cvx(cdc_cvx(cdc_schedule)),
        "antigens": {name: antigens[name] for name in sorted(antigens)},
    }


def main() -> None:
    """Read the reference JSON, write the schedule JSON and its observation catalogue."""
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    output = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUTPUT
    catalog_output = (
        Path(sys.argv[3]) if len(sys.argv) > 3 else output.with_name("who.observations.json")
    )
    data = convert(source)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")
    print(f"wrote {output} ({output.stat().st_size // 1024} KiB, {len(data['antigens'])} antigens)")
    catalog = observation_catalog(data, source)
    catalog_output.write_text(json.dumps(catalog, indent=1, ensure_ascii=False) + "\n")
    codes = [o["code"] for o in catalog["observations"]]
    print(f"wrote {catalog_output} ({codes}; left out, not read: {left_out(data, source)})")


if __name__ == "__main__":
    main()
