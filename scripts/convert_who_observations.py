"""The observation part of the `who` schedule: evidence of immunity and the observation catalogue.

Used by ``scripts/convert_who.py`` (which writes both files); nothing here runs on its own.

The reference (fhir-fli/cicada who-reference, MIT) defines its observations in
``schedule_supporting_data.json`` (``observations.observation``: code, ``observationTitle``,
``indicationText``), and an antigen file names the ones that prove immunity in
``immunity.clinicalHistory`` (``guidelineCode``). The converter copies those immunity lists onto
the shipped antigens, in the shape the engine's loader reads (``immunity.observations``), and
lists in ``who.observations.json`` only the observations the converted schedule reads: the
others belong to series this schedule does not ship (see WHO-SCHEDULE.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Json = dict[str, Any]

SUPPORTING_DATA = "schedule_supporting_data.json"
CATALOG_SOURCE = (
    "fhir-fli/cicada who-reference, schedule_supporting_data.json <observations> "
    "(observationTitle); only the observations who.json reads"
)


def reference_observations(source: Path) -> dict[str, Json]:
    """Code -> the reference's observation entry, for every observation it defines."""
    raw = json.loads((source / SUPPORTING_DATA).read_text())
    found = {}
    for item in raw["observations"]["observation"]:
        code = item["observationCode"].strip()
        if code in found:
            raise SystemExit(f"{SUPPORTING_DATA}: observation {code} defined twice")
        found[code] = item
    return found


def reference_immunity(source: Path, file_name: str, defined: dict[str, Json]) -> list[str]:
    """The observation codes an antigen file gives as evidence of immunity (may be none).

    Only `clinicalHistory` is known: any other kind of immunity evidence (e.g. a birth date)
    stops the build rather than being dropped unnoticed.
    """
    immunity = json.loads((source / file_name).read_text()).get("immunity") or {}
    unknown = set(immunity) - {"clinicalHistory"}
    if unknown:
        raise SystemExit(f"{file_name}: immunity {sorted(unknown)} not converted")
    codes = [entry["guidelineCode"].strip() for entry in immunity.get("clinicalHistory") or ()]
    undefined = [code for code in codes if code not in defined]
    if undefined:
        raise SystemExit(f"{file_name}: immunity observations {undefined} are not defined")
    return codes


def add_immunity(antigens: Json, files: dict[str, str], source: Path) -> None:
    """Give each shipped antigen the evidence-of-immunity observations of its reference file."""
    defined = reference_observations(source)
    for antigen, file_name in files.items():
        codes = reference_immunity(source, file_name, defined)
        if codes:
            antigens[antigen] = {"immunity": {"observations": codes}, **antigens[antigen]}


def _codes_read(schedule: Json) -> Iterator[str]:
    """Every observation code the schedule's antigens refer to, wherever the loader reads one."""
    for antigen in schedule["antigens"].values():
        immunity = antigen.get("immunity") or {}
        yield from immunity.get("observations", ())
        yield from immunity.get("birth_exclusions", ())
        for item in antigen.get("contraindications", ()) + antigen.get(
            "vaccine_contraindications", ()
        ):
            yield item["code"]
        for series in antigen["series"]:
            yield from (indication["code"] for indication in series.get("indications", ()))
            for dose in series["doses"]:
                for interval in dose.get("intervals", ()):
                    if interval.get("from_observation"):
                        yield interval["from_observation"]


def observation_catalog(schedule: Json, source: Path) -> Json:
    """The `who.observations.json` document: the observations the converted schedule reads."""
    defined = reference_observations(source)
    read = sorted(set(_codes_read(schedule)))
    undefined = [code for code in read if code not in defined]
    if undefined:
        raise SystemExit(f"who.json reads observations {undefined} the reference does not define")
    return {
        "source": CATALOG_SOURCE,
        "observations": [
            {"code": code, "text": " ".join(defined[code]["observationTitle"].split())}
            for code in read
        ],
    }


def left_out(schedule: Json, source: Path) -> list[str]:
    """Codes the reference defines that the converted schedule does not read (for the report)."""
    read = set(_codes_read(schedule))
    return sorted(code for code in reference_observations(source) if code not in read)
