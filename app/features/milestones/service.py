"""Milestone logic: the catalog, a child's checklists and concerns, observations, the clinic list.

Observations are append-only (`MilestoneObservation`); an item's status is its latest
observation by `observed_on`, then by when it was recorded. The age and concern rules are
pure (`rules.py`); this module loads the data they need and audits every read and write of
a child's milestones on the child's record.

The clinic's concerns list (`list_concerns`) cannot be paginated in the database: concerns
depend on today's date, each child's (corrected) age and the absence of observations, so
they are computed, not stored. It therefore costs two queries whatever the clinic's size:

1. the clinic's active children still under surveillance (born less than six years before
   the clinic's today), projected to the five fields the rules need;
2. the clinic's observations, in one query on `clinic_id`, projected to the five fields
   the rules need and matched to those children in Python;

then one pass in Python (O(children + observations)) to summarise each item, apply the
rules, sort by urgency and cut the page. No per-child query runs in a loop. Limits: memory
and time grow with the number of young children and their observations (a clinic with
10,000 children under six and 50 observations each reads 500,000 small documents per
request). Past that, keep a per-child summary (next date a concern can arise, current
concerns) updated on each observation and by a nightly job, and page it in the database.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from beanie import PydanticObjectId
from pydantic import BaseModel, Field

from app.core import audit
from app.core.audit import Actor
from app.features.milestones.catalog import CatalogGroup, load_catalog
from app.features.milestones.exceptions import (
    ChecklistNotFound,
    MilestoneNotFound,
    ObservationDateInvalid,
)
from app.features.milestones.models import MilestoneObservation
from app.features.milestones.rules import (
    SURVEILLANCE_END_MONTHS,
    AgeAssessment,
    Concern,
    ItemSummary,
    MilestoneItem,
    ObservationFact,
    Status,
    assess_age,
    concerns_for,
    due_checklist_ages,
    most_urgent_first,
    summarise,
)
from app.features.patients import service as patients_service
from app.features.patients import store as patients_store
from app.features.patients.models import Patient
from app.shared.time import latest_birth_date_at_age


@dataclass(frozen=True)
class ItemStatus:
    """A catalog item and the child's latest observation of it."""

    item: MilestoneItem
    latest: MilestoneObservation | None


@dataclass(frozen=True)
class PatientMilestones:
    """A child's milestone picture at one date."""

    patient: Patient
    age: AgeAssessment
    checklists: list[tuple[int, list[ItemStatus]]]
    motor_milestones: list[ItemStatus]
    concerns: list[Concern]


@dataclass(frozen=True)
class ConcernRow:
    """A child of the clinic and their concerns."""

    patient_id: PydanticObjectId
    first_name: str
    last_name: str
    date_of_birth: date
    concerns: list[Concern]


class _Candidate(BaseModel):
    """The fields of a child the concern rules need."""

    id: PydanticObjectId = Field(alias="_id")
    first_name: str
    last_name: str
    date_of_birth: date
    gestational_age_weeks: int | None = None


class _ObservedFact(BaseModel):
    """The fields of an observation the concern rules need."""

    patient_id: PydanticObjectId
    code: str
    status: Status
    observed_on: date
    recorded_at: datetime


def get_catalog(*, age_months: int | None = None) -> list[CatalogGroup]:
    """Every catalog group, or the one of `age_months` (ChecklistNotFound when none)."""
    catalog = load_catalog()
    if age_months is None:
        return list(catalog.groups)
    group = catalog.group(age_months)
    if group is None:
        raise ChecklistNotFound(age_months)
    return [group]


def checklist_ages() -> list[int]:
    """The ages (in months) of the CDC checklists, youngest first."""
    return list(load_catalog().checklist_ages)


def _catalog_item(code: str) -> MilestoneItem:
    item = load_catalog().by_code.get(code)
    if item is None:
        raise MilestoneNotFound()
    return item


def _fact(observation: MilestoneObservation | _ObservedFact) -> ObservationFact:
    return ObservationFact(observation.status, observation.observed_on, observation.recorded_at)


def _newest_first_key(observation: MilestoneObservation) -> tuple[date, datetime, str]:
    return observation.observed_on, observation.recorded_at, str(observation.id)


def _summaries(
    observations: Iterable[MilestoneObservation | _ObservedFact],
) -> dict[str, ItemSummary]:
    by_code: dict[str, list[ObservationFact]] = defaultdict(list)
    for observation in observations:
        by_code[observation.code].append(_fact(observation))
    summaries = {code: summarise(history) for code, history in by_code.items()}
    return {code: summary for code, summary in summaries.items() if summary is not None}


async def read_patient_milestones(
    *, viewer: Actor, patient_id: str, as_of: date | None
) -> PatientMilestones:
    """The child's due checklists, WHO windows and concerns at `as_of` (default: clinic today)."""
    patient = await patients_store.find_patient(viewer, patient_id)
    as_of = as_of or await patients_service.clinic_today(patient.clinic_id)
    if as_of < patient.date_of_birth:
        raise ObservationDateInvalid("as_of", "before the child's birth")
    # What was known at `as_of`: later observations do not rewrite an earlier assessment.
    observations = await MilestoneObservation.find(
        {
            "clinic_id": patient.clinic_id,
            "patient_id": patient.id,
            "observed_on": {"$lte": as_of},
        }
    ).to_list()
    latest: dict[str, MilestoneObservation] = {}
    for observation in sorted(observations, key=_newest_first_key):
        latest[observation.code] = observation
    catalog = load_catalog()
    age = assess_age(patient.date_of_birth, patient.gestational_age_weeks, as_of)
    checklists = []
    for months in due_checklist_ages(age, catalog.checklist_ages):
        group = catalog.group(months)
        assert group is not None
        statuses = [
            ItemStatus(item, latest.get(item.code))
            for item in group.items
            if not item.is_who_window
        ]
        checklists.append((months, statuses))
    motor = [
        ItemStatus(item, latest.get(item.code))
        for item in catalog.who_items
        if item.window_start_months is not None and as_of >= age.reached(item.window_start_months)
    ]
    concerns = concerns_for(catalog.items, _summaries(observations), age)
    await patients_store.audit_patient(viewer, "milestones.read", patient)
    return PatientMilestones(patient, age, checklists, motor, concerns)


async def _latest_of(patient: Patient, code: str) -> MilestoneObservation | None:
    return (
        await MilestoneObservation.find(
            {"clinic_id": patient.clinic_id, "patient_id": patient.id, "code": code}
        )
        .sort("-observed_on", "-recorded_at", "-_id")
        .first_or_none()
    )


async def record_observation(
    *,
    viewer: Actor,
    patient_id: str,
    code: str,
    status: Status,
    observed_on: date,
    notes: str | None,
) -> tuple[ItemStatus, MilestoneObservation]:
    """Append an observation; returns the item with its latest observation, and the new one."""
    patient = await patients_store.find_writable_patient(viewer, patient_id)
    item = _catalog_item(code)
    if observed_on < patient.date_of_birth:
        raise ObservationDateInvalid("observed_on", "before the child's birth")
    if observed_on > await patients_service.clinic_today(patient.clinic_id):
        raise ObservationDateInvalid("observed_on", "in the future")
    assert patient.id is not None
    observation = MilestoneObservation(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        code=code,
        status=status,
        observed_on=observed_on,
        notes=notes,
        source="parent" if viewer.role == "parent" else "clinic",
        recorded_by=viewer.user_id,
    )
    await observation.insert()
    await patients_store.audit_patient(viewer, "milestone.observe", patient, fields=[code])
    return ItemStatus(item, await _latest_of(patient, code)), observation


async def list_history(
    *, viewer: Actor, patient_id: str, code: str, page: int, size: int
) -> tuple[list[MilestoneObservation], int]:
    """Every observation of one of the child's milestones, newest first."""
    patient = await patients_store.find_patient(viewer, patient_id)
    _catalog_item(code)
    query: dict[str, Any] = {"clinic_id": patient.clinic_id, "patient_id": patient.id, "code": code}
    total = await MilestoneObservation.find(query).count()
    observations = (
        await MilestoneObservation.find(query)
        .sort("-observed_on", "-recorded_at", "-_id")
        .skip((page - 1) * size)
        .limit(size)
        .to_list()
    )
    await patients_store.audit_patient(viewer, "milestone.history.read", patient, fields=[code])
    return observations, total


async def list_concerns(*, viewer: Actor, page: int, size: int) -> tuple[list[ConcernRow], int]:
    """The clinic's children with concerns, most urgent first (see the module docstring)."""
    rows = await _concern_rows(viewer)
    await audit.record(
        "milestones.concerns.list", actor=viewer, target_type="clinic", target_id=viewer.clinic_id
    )
    start = (page - 1) * size
    return rows[start : start + size], len(rows)


async def count_concerns(*, viewer: Actor) -> int:
    """How many of the clinic's children have concerns; a count reveals no child, so no audit."""
    return len(await _concern_rows(viewer))


async def _concern_rows(viewer: Actor) -> list[ConcernRow]:
    assert viewer.clinic_id is not None
    today = await patients_service.clinic_today(viewer.clinic_id)
    born_after = latest_birth_date_at_age(today, SURVEILLANCE_END_MONTHS)
    candidates = (
        await Patient.find(
            {
                **patients_store.access_filter(viewer),
                "status": "active",
                "date_of_birth": {"$gt": born_after},
            }
        )
        .project(_Candidate)
        .to_list()
    )
    # The clinic's observations in one indexed query, matched to the candidates here: a
    # large `$in` of child ids costs more than it saves (quadratic on the in-process engine).
    wanted = {c.id for c in candidates}
    facts = (
        await MilestoneObservation.find({"clinic_id": viewer.clinic_id})
        .project(_ObservedFact)
        .to_list()
        if candidates
        else []
    )
    by_patient: dict[PydanticObjectId, list[_ObservedFact]] = defaultdict(list)
    for fact in facts:
        if fact.patient_id in wanted:
            by_patient[fact.patient_id].append(fact)
    items = load_catalog().items
    rows = []
    for child in candidates:
        age = assess_age(child.date_of_birth, child.gestational_age_weeks, today)
        concerns = concerns_for(items, _summaries(by_patient.get(child.id, [])), age)
        if concerns:
            rows.append(
                ConcernRow(
                    child.id, child.first_name, child.last_name, child.date_of_birth, concerns
                )
            )
    rows.sort(
        key=lambda r: (most_urgent_first(r.concerns), r.last_name, r.first_name, r.patient_id)
    )
    return rows
