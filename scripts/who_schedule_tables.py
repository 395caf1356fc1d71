"""The WHO schedule's tables for `scripts/convert_who.py`: groups, CVX codes, corrections.

Each correction of the reference transcription carries its reason (WHO Table 1, or the CDC
CVX table); `app/features/schedules/data/WHO-SCHEDULE.md` explains them in prose.
"""

from typing import Any

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
