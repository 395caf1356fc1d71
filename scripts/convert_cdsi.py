"""Convert the CDC CDSi supporting data (XML) into the project's compact JSON schedule.

Usage: ``.venv/bin/python scripts/convert_cdsi.py [SOURCE_DIR] [OUTPUT_FILE]``

Defaults: ``../shared/cdsi/supporting-data`` -> ``app/features/schedules/data/cdc-acip.json``.
Only this script reads the shared reference data; the running app reads the JSON it writes.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "cdsi" / "supporting-data"
DEFAULT_OUTPUT = ROOT / "app" / "features" / "schedules" / "data" / "cdc-acip.json"
SOURCE_VERSION = "4.64"

Json = dict[str, Any]


def text(element: ET.Element | None, tag: str) -> str | None:
    """Stripped text of a child element, or None when absent or empty."""
    if element is None:
        return None
    child = element.find(tag)
    if child is None or child.text is None:
        return None
    value = " ".join(child.text.split())
    return value or None


def cvx_list(value: str | None) -> list[str]:
    """Split a CDSi 'a; b; c' CVX list."""
    if not value:
        return []
    return [item.strip() for item in re.split(r"[;,]", value) if item.strip()]


def iso_date(value: str | None) -> str | None:
    """CDSi writes dates as YYYYMMDD or MM/DD/YYYY; we store ISO dates."""
    if not value:
        return None
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if match:
        month, day, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    raise ValueError(f"unrecognised date {value!r}")


def compact(mapping: Json) -> Json:
    """Drop keys whose value is None, False or empty, to keep the JSON small."""
    return {key: value for key, value in mapping.items() if value not in (None, False, [], {})}


def convert_age(element: ET.Element) -> Json:
    """One <age> block of a series dose."""
    return compact(
        {
            "abs_min": text(element, "absMinAge"),
            "min": text(element, "minAge"),
            "earliest_rec": text(element, "earliestRecAge"),
            "latest_rec": text(element, "latestRecAge"),
            "max": text(element, "maxAge"),
            "effective": iso_date(text(element, "effectiveDate")),
            "cessation": iso_date(text(element, "cessationDate")),
        }
    )


def convert_interval(element: ET.Element) -> Json | None:
    """One <interval> or <allowableInterval> block; None when the block is empty."""
    from_target = text(element, "fromTargetDose")
    interval = compact(
        {
            "from_previous": text(element, "fromPrevious") == "Y",
            "from_target_dose": int(from_target) if from_target else None,
            "from_most_recent": cvx_list(text(element, "fromMostRecent")),
            "from_observation": text(element, "fromRelevantObs"),
            "abs_min": text(element, "absMinInt"),
            "min": text(element, "minInt"),
            "earliest_rec": text(element, "earliestRecInt"),
            "latest_rec": text(element, "latestRecInt"),
            "priority": text(element, "intervalPriority"),
            "effective": iso_date(text(element, "effectiveDate")),
            "cessation": iso_date(text(element, "cessationDate")),
        }
    )
    if not any(key.startswith("from_") for key in interval):
        return None
    return interval


def convert_vaccine(element: ET.Element, preferable: bool) -> Json:
    """A preferable or allowable vaccine with its age range."""
    vaccine = {
        "cvx": text(element, "cvx"),
        "begin_age": text(element, "beginAge"),
        "end_age": text(element, "endAge"),
    }
    if preferable:
        vaccine["mvx"] = text(element, "mvx")
        vaccine["trade_name"] = text(element, "tradeName")
        vaccine["forecast"] = text(element, "forecastVaccineType") == "Y"
    return compact(vaccine)


def convert_condition(element: ET.Element) -> Json:
    """One conditional-skip condition."""
    count = text(element, "doseCount")
    series_groups = text(element, "seriesGroups")
    return compact(
        {
            "type": (text(element, "conditionType") or "").lower(),
            "start_date": iso_date(text(element, "startDate")),
            "end_date": iso_date(text(element, "endDate")),
            "begin_age": text(element, "beginAge"),
            "end_age": text(element, "endAge"),
            "interval": text(element, "interval"),
            "dose_count": int(count) if count else None,
            "dose_type": (text(element, "doseType") or "").lower() or None,
            "dose_count_logic": (text(element, "doseCountLogic") or "").lower() or None,
            "cvx": cvx_list(text(element, "vaccineTypes")),
            "series_groups": cvx_list(series_groups),
        }
    )


def convert_skip(element: ET.Element) -> Json:
    """One <conditionalSkip> block (a context, a set logic and its sets)."""
    sets = []
    for set_element in element.findall("set"):
        sets.append(
            compact(
                {
                    "id": text(set_element, "setID"),
                    "description": text(set_element, "setDescription"),
                    "logic": (text(set_element, "conditionLogic") or "").upper() or None,
                    "effective": iso_date(text(set_element, "effectiveDate")),
                    "cessation": iso_date(text(set_element, "cessationDate")),
                    "conditions": [convert_condition(c) for c in set_element.findall("condition")],
                }
            )
        )
    return compact(
        {
            "context": (text(element, "context") or "Both").lower(),
            "set_logic": (text(element, "setLogic") or "").upper() or None,
            "sets": sets,
        }
    )


def dose_number(label: str | None) -> int:
    """'Dose 3' -> 3."""
    match = re.search(r"\d+", label or "")
    if not match:
        raise ValueError(f"bad dose number {label!r}")
    return int(match.group())


def convert_dose(element: ET.Element) -> Json:
    """One target dose of a series."""
    intervals = [convert_interval(i) for i in element.findall("interval")]
    allowable = [convert_interval(i) for i in element.findall("allowableInterval")]
    seasonal = element.find("seasonalRecommendation")
    season = None
    if seasonal is not None and text(seasonal, "startDate"):
        season = {
            "start": iso_date(text(seasonal, "startDate")),
            "end": iso_date(text(seasonal, "endDate")),
        }
    return compact(
        {
            "number": dose_number(text(element, "doseNumber")),
            "ages": [convert_age(a) for a in element.findall("age")],
            "intervals": [i for i in intervals if i],
            "allowable_intervals": [i for i in allowable if i],
            "preferable": [
                convert_vaccine(v, True)
                for v in element.findall("preferableVaccine")
                if text(v, "cvx")
            ],
            "allowable": [
                convert_vaccine(v, False)
                for v in element.findall("allowableVaccine")
                if text(v, "cvx")
            ],
            "inadvertent": [
                text(v, "cvx") for v in element.findall("inadvertentVaccine") if text(v, "cvx")
            ],
            "skips": [convert_skip(s) for s in element.findall("conditionalSkip") if s.find("set")],
            "recurring": text(element, "recurringDose") == "Yes",
            "season": season,
        }
    )


def convert_series(element: ET.Element) -> Json:
    """One antigen series with its selection attributes and target doses."""
    select = element.find("selectSeries")
    preference = text(select, "seriesPreference")
    indications = []
    for indication in element.findall("indication"):
        code = text(indication.find("observationCode"), "code")
        if code:
            indications.append(
                compact(
                    {
                        "code": code,
                        "begin_age": text(indication, "beginAge"),
                        "end_age": text(indication, "endAge"),
                    }
                )
            )
    return compact(
        {
            "name": text(element, "seriesName"),
            "type": (text(element, "seriesType") or "").lower(),
            "vaccine_group": text(element, "vaccineGroup"),
            "gender": (text(element, "requiredGender") or "").lower() or None,
            "equivalent_groups": cvx_list(text(element, "equivalentSeriesGroups")),
            "default": text(select, "defaultSeries") == "Yes",
            "product_path": text(select, "productPath") == "Yes",
            "group": text(select, "seriesGroup"),
            "group_name": text(select, "seriesGroupName"),
            "priority": text(select, "seriesPriority"),
            # A few risk series leave the preference blank: they rank after numbered ones.
            "preference": int(preference) if preference else 99,
            "min_age_to_start": text(select, "minAgeToStart"),
            "max_age_to_start": text(select, "maxAgeToStart"),
            "indications": indications,
            "doses": [convert_dose(d) for d in element.findall("seriesDose")],
        }
    )


def convert_antigen(path: Path) -> tuple[str, Json]:
    """One antigen-*.xml file."""
    root = ET.parse(path).getroot()
    series = [convert_series(s) for s in root.findall("series")]
    name = root.find("series/targetDisease")
    antigen = name.text.strip() if name is not None and name.text else path.stem[8:]
    immunity = root.find("immunity")
    birth = immunity.find("dateOfBirth") if immunity is not None else None
    immunity_json = None
    if immunity is not None:
        immunity_json = compact(
            {
                "observations": [
                    text(c, "guidelineCode") for c in immunity.findall("clinicalHistory")
                ],
                "born_before": iso_date(text(birth, "immunityBirthDate")),
                "birth_exclusions": [text(e, "exclusionCode") for e in birth.findall("exclusion")]
                if birth is not None
                else [],
            }
        )
    contraindications = root.find("contraindications")
    group_contra: list[Json] = []
    vaccine_contra: list[Json] = []
    if contraindications is not None:
        for item in contraindications.findall("vaccineGroup/contraindication"):
            group_contra.append(
                compact(
                    {
                        "code": text(item, "observationCode"),
                        "begin_age": text(item, "beginAge"),
                        "end_age": text(item, "endAge"),
                    }
                )
            )
        for item in contraindications.findall("vaccine/contraindication"):
            vaccine_contra.append(
                compact(
                    {
                        "code": text(item, "observationCode"),
                        "cvx": [
                            text(v, "cvx")
                            for v in item.findall("contraindicatedVaccine")
                            if text(v, "cvx")
                        ],
                    }
                )
            )
    return antigen, compact(
        {
            "immunity": immunity_json,
            "contraindications": group_contra,
            "vaccine_contraindications": vaccine_contra,
            "series": series,
        }
    )


def convert_schedule(path: Path) -> Json:
    """schedule.xml: live virus conflicts, vaccine groups and the CVX map."""
    root = ET.parse(path).getroot()
    conflicts = []
    for item in root.findall("liveVirusConflicts/liveVirusConflict"):
        conflicts.append(
            {
                "previous": text(item.find("previous"), "cvx"),
                "current": text(item.find("current"), "cvx"),
                "begin": text(item, "conflictBeginInterval"),
                "min_end": text(item, "minConflictEndInterval"),
                "end": text(item, "conflictEndInterval"),
            }
        )
    full = {
        text(g, "name"): text(g, "administerFullVaccineGroup") == "Yes"
        for g in root.findall("vaccineGroups/vaccineGroup")
    }
    groups = {}
    antigen_group = {}
    for item in root.findall("vaccineGroupToAntigenMap/vaccineGroupMap"):
        name = text(item, "name") or ""
        antigens = [a.text.strip() for a in item.findall("antigen") if a.text]
        groups[name] = compact({"antigens": antigens, "administer_full": full.get(name, False)})
        for antigen in antigens:
            antigen_group[antigen] = name
    cvx_map = {}
    for item in root.findall("cvxToAntigenMap/cvxMap"):
        associations = []
        for association in item.findall("association"):
            associations.append(
                compact(
                    {
                        "antigen": text(association, "antigen"),
                        "begin_age": text(association, "associationBeginAge"),
                        "end_age": text(association, "associationEndAge"),
                    }
                )
            )
        antigens = [a["antigen"] for a in associations]
        cvx_map[text(item, "cvx") or ""] = compact(
            {
                "name": text(item, "shortDescription"),
                "associations": associations,
                "vaccine_groups": sorted(
                    {antigen_group[a] for a in antigens if a in antigen_group}
                ),
            }
        )
    return {"live_virus_conflicts": conflicts, "vaccine_groups": groups, "cvx": cvx_map}


def convert(source: Path) -> Json:
    """The whole schedule as one JSON document."""
    schedule = convert_schedule(source / "schedule.xml")
    antigens = dict(convert_antigen(p) for p in sorted(source.glob("antigen-*.xml")))
    return {
        "metadata": {
            "code": "cdc-acip",
            "name": "CDC/ACIP immunization schedule (CDSi)",
            "source": "CDC Clinical Decision Support for Immunization (CDSi) supporting data",
            "version": SOURCE_VERSION,
        },
        **schedule,
        "antigens": antigens,
    }


def main() -> None:
    """Read the XML, write the JSON."""
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    output = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUTPUT
    data = convert(source)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, separators=(",", ":"), sort_keys=False) + "\n")
    print(f"wrote {output} ({output.stat().st_size // 1024} KiB, {len(data['antigens'])} antigens)")


if __name__ == "__main__":
    main()
