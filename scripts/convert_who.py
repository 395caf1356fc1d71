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

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "cdsi"
DEFAULT_SOURCE = SHARED / "who-reference"
CDC_SCHEDULE = SHARED / "supporting-data" / "schedule.xml"
DEFAULT_OUTPUT = ROOT / "app" / "features" / "schedules" / "data" / "who.json"
SOURCE_VERSION = "fhir-fli/cicada who-reference, corrected against WHO Table 1 (2025-11)"

Json = dict[str, Any]

OPV = "Polio (bOPV)"
IPV = "Polio (IPV)"

# Vaccine group -> antigens. Names chosen so reports can map them to WHO/UNICEF
# (WUENIC) indicators: BCG, HepB (HepB_BD = dose 1, HepB3), Polio (Pol3, IPV1, IPV2),
# DTP (DTP1, DTP3), Hib (Hib3), Pneumococcal (PCV3), Rotavirus (RotaC), Measles
# (MCV1, MCV2), Rubella (RCV1), HPV (HPVc).
VACCINE_GROUPS: dict[str, list[str]] = {
    "BCG": ["Tuberculosis"],
    "HepB": ["HepB"],
    "Polio": [OPV, IPV],
    "DTP": ["Diphtheria", "Tetanus", "Pertussis"],
    "Hib": ["Hib"],
    "Pneumococcal": ["Pneumococcal"],
    "Rotavirus": ["Rotavirus"],
    "Measles": ["Measles"],
    "Rubella": ["Rubella"],
    "HPV": ["HPV"],
}

D, T, P = "Diphtheria", "Tetanus", "Pertussis"
# CVX -> antigens this schedule counts it for. Every code and association is checked
# against the CDC CDSi CVX map; the polio split (oral vs inactivated) maps onto CDC's
# single "Polio" antigen, and CDC's Mumps/Varicella associations are not shipped.
CVX_MAP: dict[str, list[str]] = {
    "19": ["Tuberculosis"],
    "08": ["HepB"],
    "43": ["HepB"],
    "45": ["HepB"],
    "01": [D, T, P],
    "20": [D, T, P],
    "106": [D, T, P],
    "107": [D, T, P],
    "115": [D, T, P],
    "28": [D, T],
    "09": [D, T],
    "113": [D, T],
    "138": [D, T],
    "139": [D, T],
    "35": [T],
    "112": [T],
    "22": [D, T, P, "Hib"],
    "50": [D, T, P, "Hib"],
    "102": [D, T, P, "Hib", "HepB"],
    "198": [D, T, P, "HepB", "Hib"],
    "110": [D, T, P, "HepB", IPV],
    "120": [D, T, P, "Hib", IPV],
    "130": [D, T, P, IPV],
    "146": [D, T, P, IPV, "Hib", "HepB"],
    "17": ["Hib"],
    "46": ["Hib"],
    "47": ["Hib"],
    "48": ["Hib"],
    "49": ["Hib"],
    "51": ["Hib", "HepB"],
    "02": [OPV],
    "178": [OPV],
    "179": [OPV],
    "182": [OPV],
    # "Polio, unspecified formulation": counted as oral polio, the usual vaccine in
    # bOPV+IPV programmes; counting it for both would double a single dose.
    "89": [OPV],
    "10": [IPV],
    "03": ["Measles", "Rubella"],
    "04": ["Measles", "Rubella"],
    "05": ["Measles"],
    "06": ["Rubella"],
    "38": ["Rubella"],
    "94": ["Measles", "Rubella"],
    "100": ["Pneumococcal"],
    "133": ["Pneumococcal"],
    "152": ["Pneumococcal"],
    "177": ["Pneumococcal"],
    "215": ["Pneumococcal"],
    "216": ["Pneumococcal"],
    "116": ["Rotavirus"],
    "119": ["Rotavirus"],
    "122": ["Rotavirus"],
    "62": ["HPV"],
    "118": ["HPV"],
    "137": ["HPV"],
    "165": ["HPV"],
}
# Not in the CDC CDSi map (no tuberculosis antigen there); name from the CDC CVX table.
EXTRA_CVX_NAMES = {"19": "BCG"}

# Reduced-antigen Td/Tdap and tetanus toxoid: WHO gives them from 4 years (the
# 4-7-year "Td/DT-containing" booster and the 9-15-year Td booster), not to infants.
FROM_4_YEARS = {"09", "113", "115", "138", "139", "35", "112"}
# Preferable vaccine types per antigen (the first is the type the forecast names).
PREFERABLE: dict[str, list[str]] = {
    "Tuberculosis": ["19"],
    "HepB": ["198", "08"],
    D: ["198", "01"],
    T: ["198", "01"],
    P: ["198", "01"],
    "Hib": ["198", "48"],
    "Pneumococcal": ["133", "177"],
    "Measles": ["04", "03"],
    "Rubella": ["04", "03"],
    "HPV": ["165", "62", "118"],
}
# Antigens shipped from the reference (file name), and the series kept of each.
REFERENCE_SERIES: dict[str, tuple[str, list[str]]] = {
    "Tuberculosis": ("Tuberculosis.json", ["WHO Tuberculosis 1-dose series"]),
    D: ("Diphtheria.json", ["WHO Diphtheria 6-dose series"]),
    T: ("Tetanus.json", ["WHO Tetanus 6-dose series"]),
    P: ("Pertussis.json", ["WHO Pertussis 4-dose series (3p+1)"]),
    "Hib": ("Hib.json", ["WHO Hib 3-dose series"]),
    "Pneumococcal": (
        "Pneumococcal.json",
        ["WHO Pneumococcal 2+1 series", "WHO Pneumococcal 3+0 series"],
    ),
    "Rotavirus": (
        "Rotavirus.json",
        ["WHO Rotavirus 2-dose series (RV1)", "WHO Rotavirus 3-dose series (RV5)"],
    ),
    "Measles": ("Measles.json", ["WHO Measles 2-dose series (9-month schedule)"]),
    "Rubella": ("Rubella.json", ["WHO Rubella 2-dose series (9-month schedule)"]),
    "HPV": ("HPV.json", ["WHO HPV 1-dose series"]),
}
# The reference file of every shipped antigen, read for its evidence of immunity: HepB and
# polio series are rebuilt below, but their files still say what proves immunity.
IMMUNITY_FILES: dict[str, str] = {
    **{antigen: file_name for antigen, (file_name, _) in REFERENCE_SERIES.items()},
    "HepB": "HepB.json",
    OPV: "Polio.json",
    IPV: "Polio.json",
}
# Rotavirus: the reference swapped CVX 116 and 119 (CDC: 116 = pentavalent RV5,
# 119 = monovalent RV1). Unknown products (122) count only in the 3-dose series
# (WHO DAK: a mixed or unknown series needs a third dose).
ROTAVIRUS_PRODUCTS = {
    "WHO Rotavirus 2-dose series (RV1)": (["119"], ["119"]),
    "WHO Rotavirus 3-dose series (RV5)": (["116"], ["116", "119", "122"]),
}
ROTAVIRUS_MAX_AGE = "24 months"
HIB_MAX_AGE = "5 years"

D6 = (D, "WHO Diphtheria 6-dose series")
T6 = (T, "WHO Tetanus 6-dose series")
P4 = (P, "WHO Pertussis 4-dose series (3p+1)")
PCV21 = ("Pneumococcal", "WHO Pneumococcal 2+1 series")
MCV = ("Measles", "WHO Measles 2-dose series (9-month schedule)")
RCV = ("Rubella", "WHO Rubella 2-dose series (9-month schedule)")
HPV1 = ("HPV", "WHO HPV 1-dose series")
# ((antigen, series), dose number or None for the series, field, new value, reason).
# An "age." field edits the dose's first age rule. Age ranges in WHO's tables are in
# completed months/years ("12-23 months"), so a dose is past due at the next one (24).
# fmt: off
CORRECTIONS: list[tuple[tuple[str, str], int | None, str, Any, str]] = [
    (D6, 4, "age.latest_rec", "24 months", "Table 1: 1st booster at 12-23 months"),
    (D6, 5, "age.latest_rec", "8 years", "Table 1: 2nd booster at 4-7 years"),
    (D6, 6, "age.latest_rec", "16 years", "Table 1: 3rd booster at 9-15 years"),
    (T6, 4, "age.latest_rec", "24 months", "Table 1: 1st booster at 12-23 months"),
    (T6, 5, "age.latest_rec", "8 years", "Table 1: 2nd booster at 4-7 years"),
    (T6, 6, "age.latest_rec", "16 years", "Table 1: 3rd booster at 9-15 years"),
    (P4, 4, "age.latest_rec", "24 months", "Table 1: pertussis booster at 12-23 months"),
    (PCV21, 2, "age.abs_min", "10 weeks", "2p+1: 4 weeks after a 6-week dose is valid"),
    (PCV21, 3, "age.latest_rec", "19 months", "Table 1: 2p+1 booster at 9-18 months"),
    (MCV, 1, "age.abs_min", "9 months", "a dose before 9 months (MCV0) does not count"),
    (MCV, 2, "age.latest_rec", "19 months", "Table 1: MCV2 at 15-18 months"),
    (RCV, 1, "age.abs_min", "9 months", "rubella is given as MR/MMR with MCV1"),
    (RCV, None, "drop_doses_after", 1, "Table 1: rubella is 1 dose, not 2"),
    (RCV, None, "name", "WHO Rubella 1-dose series", "one dose, see above"),
    (HPV1, 1, "age.latest_rec", "15 years", "Table 1: primary target girls 9-14 years"),
    (HPV1, 1, "age.max", "21 years", "Table 1: 1 or 2 doses for girls 9-20 years"),
    (HPV1, None, "max_age_to_start", "21 years", "Table 1: girls and women 9-20 years"),
]
# fmt: on


def duration(value: str | None) -> str | None:
    """Normalise a reference duration: empty -> None, 'N hours' -> whole days."""
    if value is None or not value.strip():
        return None
    hours = re.fullmatch(r"\s*(\d+)\s*hours?\s*", value)
    if hours:
        return f"{-(-int(hours.group(1)) // 24)} day"
    return value.strip()


def compact(mapping: Json) -> Json:
    """Drop keys whose value is None, False or empty, to keep the JSON small."""
    return {key: value for key, value in mapping.items() if value not in (None, False, [], {})}


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


def vaccine(cvx: str, forecast: bool = False, end_age: str | None = None) -> Json:
    """A preferable or allowable vaccine entry with the age limits this schedule applies."""
    begin = None
    if cvx in FROM_4_YEARS:
        begin = "4 years"
    elif D in CVX_MAP[cvx]:
        # DTP-containing vaccines from 6 weeks, for every antigen they carry (Table 1).
        begin = "6 weeks"
    return compact(
        {
            "cvx": cvx,
            "begin_age": begin,
            "end_age": end_age,
            "forecast": forecast,
        }
    )


def antigen_codes(antigen: str) -> list[str]:
    """Every CVX this schedule counts for an antigen."""
    return [code for code, antigens in CVX_MAP.items() if antigen in antigens]


def set_vaccines(
    dose: Json, preferable: list[str], allowable: list[str], end_age: str | None = None
) -> None:
    """Replace a dose's vaccine lists (the first preferable type is the forecast one)."""
    dose["preferable"] = [vaccine(c, i == 0, end_age) for i, c in enumerate(preferable)]
    dose["allowable"] = [vaccine(c, end_age=end_age) for c in allowable]


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


def age(**values: str) -> list[Json]:
    """A one-rule age list."""
    return [values]


def after_previous(**values: str) -> list[Json]:
    """A one-rule interval list from the previous dose."""
    return [{"from_previous": True, **values}]


def skip_from_age(begin_age: str, description: str) -> list[Json]:
    """Skip a target dose (evaluation and forecast) once the child has reached an age."""
    condition = {"type": "age", "begin_age": begin_age}
    return [{"context": "both", "sets": [{"description": description, "conditions": [condition]}]}]


def standard_series(name: str, doses: list[Json]) -> Json:
    """A standard, default series alone in its series group."""
    return {"name": name, "type": "standard", "default": True, "group": "1", "priority": "A",
            "preference": 1, "doses": doses}  # fmt: skip


def hepb_series() -> Json:
    """WHO Table 1/2 option 2: birth dose (<24 h) + 3 doses with DTP1-3, >= 4 weeks apart.

    The reference's third dose at >= 24 weeks and 16 weeks after dose 1 is the US
    (ACIP) rule and would reject the WHO 6-10-14-week pentavalent doses.
    """
    birth = {
        "number": 1,
        "ages": age(abs_min="0 days", min="0 days", earliest_rec="0 days", latest_rec="1 day"),
        # WHO: give a late birth dose at first contact, up to the first primary dose.
        "skips": skip_from_age("6 weeks", "Birth dose not given before the primary series"),
    }
    doses = [birth]
    for number, rec in ((2, "6 weeks"), (3, "10 weeks"), (4, "14 weeks")):
        doses.append(
            {
                "number": number,
                "ages": age(abs_min="4 weeks", min="4 weeks", earliest_rec=rec),
                "intervals": after_previous(
                    abs_min="4 weeks", min="4 weeks", earliest_rec="4 weeks"
                ),
            }
        )
    series = standard_series("WHO HepB birth dose + 3-dose series", doses)
    for dose in doses:
        if dose["number"] == 1:
            # A birth dose is monovalent: combinations are not given before 6 weeks.
            set_vaccines(dose, ["08"], ["08", "43", "45"])
        else:
            set_vaccines(dose, PREFERABLE["HepB"], antigen_codes("HepB"))
    return series


def opv_series() -> Json:
    """bOPV: birth dose (zero dose) + 3 doses from 6 weeks, >= 4 weeks apart (Table 1, DAK).

    The zero dose does not count towards the 3 primary doses; WHO's DAK gives it only
    before 1 week of age.
    """
    birth = {
        "number": 1,
        "ages": age(abs_min="0 days", min="0 days", earliest_rec="0 days"),
        "skips": skip_from_age("1 week", "bOPV zero dose only in the first week of life"),
    }
    doses = [birth]
    for number, rec in ((2, "6 weeks"), (3, "10 weeks"), (4, "14 weeks")):
        doses.append(
            {
                "number": number,
                "ages": age(abs_min="6 weeks", min="6 weeks", earliest_rec=rec),
                "intervals": after_previous(
                    abs_min="4 weeks", min="4 weeks", earliest_rec="4 weeks"
                ),
            }
        )
    for dose in doses:
        set_vaccines(dose, ["178"], antigen_codes(OPV))
    return standard_series("WHO bOPV birth dose + 3-dose series", doses)


def ipv_series() -> Json:
    """IPV: 2 doses, the first from 14 weeks (with bOPV3), the second >= 4 months later."""
    doses = [
        {"number": 1, "ages": age(abs_min="6 weeks", min="14 weeks", earliest_rec="14 weeks")},
        {
            "number": 2,
            "ages": age(abs_min="6 weeks", min="14 weeks", earliest_rec="9 months"),
            "intervals": after_previous(
                abs_min="4 months", min="4 months", earliest_rec="4 months"
            ),
        },
    ]
    for dose in doses:
        set_vaccines(dose, ["10"], antigen_codes(IPV))
    return standard_series("WHO IPV 2-dose series", doses)


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
