"""Series and vaccine entries the WHO converter writes itself (`scripts/convert_who.py`).

The reference's HepB and polio series are rebuilt here from WHO Table 1 and Table 2 (the
reasons are in `app/features/schedules/data/WHO-SCHEDULE.md`).
"""

from typing import Any

from scripts.who_schedule_tables import (
    CVX_MAP,
    FROM_4_YEARS,
    IPV,
    OPV,
    PREFERABLE,
    D,
)

Json = dict[str, Any]


def compact(mapping: Json) -> Json:
    """Drop keys whose value is None, False or empty, to keep the JSON small."""
    return {key: value for key, value in mapping.items() if value not in (None, False, [], {})}


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
