"""Load a schedule's JSON data file into engine dataclasses (cached per schedule code)."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.features.schedules.engine.dates import Duration, parse_duration
from app.features.schedules.engine.model import (
    AgeRule,
    Antigen,
    Condition,
    ConditionalSkip,
    Contraindication,
    Cvx,
    CvxAntigen,
    Indication,
    IntervalRule,
    LiveVirusConflict,
    Schedule,
    Series,
    SkipSet,
    TargetDose,
    VaccineGroup,
    VaccineRule,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

Json = dict[str, Any]


# One object per distinct duration: the engine's date caches are keyed by durations, and a
# dict finds a key that is the very object it holds without comparing tuples item by item.
_DURATIONS: dict[Duration, Duration] = {}


def _interned(duration: Duration | None) -> Duration | None:
    if duration is None:
        return None
    return _DURATIONS.setdefault(duration, duration)


def _duration(raw: Json, key: str) -> Duration | None:
    return _interned(parse_duration(raw.get(key)))


def _date(raw: Json, key: str) -> date | None:
    value = raw.get(key)
    return date.fromisoformat(value) if value else None


def _age(raw: Json) -> AgeRule:
    return AgeRule(
        abs_min=_duration(raw, "abs_min"),
        min=_duration(raw, "min"),
        earliest_rec=_duration(raw, "earliest_rec"),
        latest_rec=_duration(raw, "latest_rec"),
        max=_duration(raw, "max"),
        effective=_date(raw, "effective"),
        cessation=_date(raw, "cessation"),
    )


def _interval(raw: Json) -> IntervalRule:
    return IntervalRule(
        from_previous=bool(raw.get("from_previous")),
        from_target_dose=raw.get("from_target_dose"),
        from_most_recent=frozenset(raw.get("from_most_recent", ())),
        from_observation=raw.get("from_observation"),
        abs_min=_duration(raw, "abs_min"),
        min=_duration(raw, "min"),
        earliest_rec=_duration(raw, "earliest_rec"),
        latest_rec=_duration(raw, "latest_rec"),
        priority=raw.get("priority"),
        effective=_date(raw, "effective"),
        cessation=_date(raw, "cessation"),
    )


def _vaccine(raw: Json) -> VaccineRule:
    return VaccineRule(
        cvx=raw["cvx"],
        begin_age=_duration(raw, "begin_age"),
        end_age=_duration(raw, "end_age"),
        mvx=raw.get("mvx"),
        trade_name=raw.get("trade_name"),
        forecast=bool(raw.get("forecast")),
    )


def _condition(raw: Json) -> Condition:
    return Condition(
        type=raw["type"],
        start_date=_date(raw, "start_date"),
        end_date=_date(raw, "end_date"),
        begin_age=_duration(raw, "begin_age"),
        end_age=_duration(raw, "end_age"),
        interval=_duration(raw, "interval"),
        dose_count=raw.get("dose_count", 0),
        dose_type=raw.get("dose_type", "total"),
        dose_count_logic=raw.get("dose_count_logic", "greater than"),
        cvx=frozenset(raw.get("cvx", ())),
        series_groups=tuple(raw.get("series_groups", ())),
    )


def _skip(raw: Json) -> ConditionalSkip:
    sets = tuple(
        SkipSet(
            description=s.get("description", ""),
            # A set with one condition has no logic in the data; AND and OR agree then.
            logic=s.get("logic", "AND"),
            conditions=tuple(_condition(c) for c in s.get("conditions", ())),
            effective=_date(s, "effective"),
            cessation=_date(s, "cessation"),
        )
        for s in raw.get("sets", ())
    )
    return ConditionalSkip(
        context=raw.get("context", "both"), set_logic=raw.get("set_logic", "OR"), sets=sets
    )


Conflicts = dict[str, tuple[LiveVirusConflict, ...]]


def _target_dose(raw: Json, conflicts: Conflicts, series: str) -> TargetDose:
    season = raw.get("season") or {}
    preferable = tuple(_vaccine(v) for v in raw.get("preferable", ()))
    return TargetDose(
        number=raw["number"],
        ages=tuple(_age(a) for a in raw.get("ages", ())),
        intervals=tuple(_interval(i) for i in raw.get("intervals", ())),
        allowable_intervals=tuple(_interval(i) for i in raw.get("allowable_intervals", ())),
        preferable=preferable,
        allowable=tuple(_vaccine(v) for v in raw.get("allowable", ())),
        inadvertent=frozenset(raw.get("inadvertent", ())),
        skips=tuple(_skip(s) for s in raw.get("skips", ())),
        recurring=bool(raw.get("recurring")),
        season_start=_date(season, "start"),
        season_end=_date(season, "end"),
        # Live vaccines of this dose and the earlier live vaccines they conflict with.
        live_conflicts=tuple(c for v in preferable for c in conflicts.get(v.cvx, ())),
        series=series,
    )


def _series(antigen: str, raw: Json, conflicts: Conflicts) -> Series:
    return Series(
        name=raw["name"],
        antigen=antigen,
        type=raw.get("type", "standard"),
        vaccine_group=raw.get("vaccine_group", ""),
        gender=raw.get("gender"),
        equivalent_groups=tuple(raw.get("equivalent_groups", ())),
        default=bool(raw.get("default")),
        product_path=bool(raw.get("product_path")),
        group=raw.get("group", "1"),
        priority=raw.get("priority", "A"),
        preference=raw.get("preference", 99),
        min_age_to_start=_duration(raw, "min_age_to_start"),
        max_age_to_start=_duration(raw, "max_age_to_start"),
        indications=tuple(
            Indication(
                code=i["code"],
                begin_age=_duration(i, "begin_age"),
                end_age=_duration(i, "end_age"),
            )
            for i in raw.get("indications", ())
        ),
        doses=tuple(_target_dose(d, conflicts, raw["name"]) for d in raw.get("doses", ())),
    )


def _antigen(name: str, raw: Json, conflicts: Conflicts) -> Antigen:
    immunity = raw.get("immunity") or {}
    return Antigen(
        name=name,
        series=tuple(_series(name, s, conflicts) for s in raw.get("series", ())),
        immunity_observations=frozenset(immunity.get("observations", ())),
        immune_if_born_before=_date(immunity, "born_before"),
        immunity_birth_exclusions=frozenset(immunity.get("birth_exclusions", ())),
        contraindications=tuple(
            Contraindication(
                code=c["code"],
                begin_age=_duration(c, "begin_age"),
                end_age=_duration(c, "end_age"),
            )
            for c in raw.get("contraindications", ())
        ),
        vaccine_contraindications=tuple(
            Contraindication(code=c["code"], cvx=frozenset(c.get("cvx", ())))
            for c in raw.get("vaccine_contraindications", ())
        ),
    )


def parse_schedule(raw: Json) -> Schedule:
    """Build a Schedule from the decoded JSON document."""
    meta = raw["metadata"]
    conflicts: dict[str, list[LiveVirusConflict]] = {}
    for item in raw.get("live_virus_conflicts", ()):
        conflict = LiveVirusConflict(
            previous=item["previous"],
            current=item["current"],
            begin=_interned(parse_duration(item["begin"])) or (),
            min_end=_interned(parse_duration(item["min_end"])) or (),
            end=_interned(parse_duration(item["end"])) or (),
        )
        conflicts.setdefault(conflict.current, []).append(conflict)
    by_current = {key: tuple(value) for key, value in conflicts.items()}
    return Schedule(
        code=meta["code"],
        name=meta["name"],
        source=meta["source"],
        version=meta["version"],
        vaccine_groups={
            name: VaccineGroup(
                name=name,
                antigens=tuple(g.get("antigens", ())),
                administer_full=bool(g.get("administer_full")),
            )
            for name, g in raw.get("vaccine_groups", {}).items()
        },
        cvx={
            code: Cvx(
                code=code,
                name=c.get("name", ""),
                antigens=tuple(
                    CvxAntigen(
                        antigen=a["antigen"],
                        begin_age=_duration(a, "begin_age"),
                        end_age=_duration(a, "end_age"),
                    )
                    for a in c.get("associations", ())
                ),
                vaccine_groups=tuple(c.get("vaccine_groups", ())),
            )
            for code, c in raw.get("cvx", {}).items()
        },
        conflicts_by_current=by_current,
        antigens={
            name: _antigen(name, a, by_current) for name, a in raw.get("antigens", {}).items()
        },
    )


@lru_cache(maxsize=8)
def load_schedule(code: str = "cdc-acip") -> Schedule:
    """Load (once) the schedule stored as data/<code>.json."""
    path = DATA_DIR / f"{code}.json"
    if not path.is_file() or path.parent != DATA_DIR:
        raise KeyError(f"unknown schedule {code!r}")
    return parse_schedule(json.loads(path.read_text()))
