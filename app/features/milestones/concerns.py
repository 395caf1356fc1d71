"""The clinic's concerns list as a stored read model, kept up to date where the facts change.

Each active child's concern periods (`periods.py`) are recomputed and stored when an
observation is recorded and when the child is created, archived, restored, renamed or has
their date of birth or gestational age changed (`on_patient_changed`). Concerns that arise
by the passing of days need no write: they are already periods starting in the future.
The list is then one indexed page of the periods containing today (each period carries the
item states its row's concerns are computed from); the count is one indexed count.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from beanie import PydanticObjectId

from app.features.milestones import repository
from app.features.milestones.catalog import load_catalog
from app.features.milestones.models import MilestoneObservation, StoredConcernPeriod
from app.features.milestones.periods import concern_periods
from app.features.milestones.rules import (
    KIND_RANK,
    Concern,
    ItemState,
    ItemSummary,
    ObservationFact,
    assess_age,
    concerns_for,
    summarise,
)
from app.features.patients.events import PatientChanged
from app.features.patients.models import Patient
from app.shared.time import local_today

# Profile fields the periods depend on (the rules, or what a row of the list shows).
_CONCERN_INPUTS = frozenset(
    {"created", "status", "date_of_birth", "gestational_age_weeks", "first_name", "last_name"}
)
REFRESH_BATCH = 500
# An observation as the rules read it: the document, or its projection to what they need.
Observed = MilestoneObservation | repository.ObservedFact


@dataclass(frozen=True)
class ConcernRow:
    """A child of the clinic and their concerns."""

    patient_id: PydanticObjectId
    first_name: str
    last_name: str
    date_of_birth: date
    concerns: list[Concern]


def summaries_of(observations: Iterable[Observed]) -> dict[str, ItemSummary]:
    """Each observed item's summary (latest observation, loss of skill) by code."""
    by_code: dict[str, list[ObservationFact]] = defaultdict(list)
    for o in observations:
        by_code[o.code].append(ObservationFact(o.status, o.observed_on, o.recorded_at))
    summaries = {code: summarise(history) for code, history in by_code.items()}
    return {code: summary for code, summary in summaries.items() if summary is not None}


def _earliest_today_anywhere() -> date:
    # A clinic's today is at most a day behind UTC's: a period that ended before then is
    # over in every clinic and will never be asked for again, so it is not stored.
    return local_today("UTC") - timedelta(days=1)


def _stored_periods(
    patient: Patient, summaries: dict[str, ItemSummary], revision: PydanticObjectId
) -> list[StoredConcernPeriod]:
    """The child's periods to store (none for an archived child)."""
    assert patient.id is not None
    if patient.status != "active":
        return []
    kept_after = _earliest_today_anywhere()
    periods = concern_periods(
        load_catalog().items, summaries, patient.date_of_birth, patient.gestational_age_weeks
    )
    statuses = {code: s.latest.status for code, s in summaries.items()}
    lost_on = {code: s.lost_on for code, s in summaries.items() if s.lost_on is not None}
    return [
        StoredConcernPeriod(
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
            revision=revision,
            first_name=patient.first_name,
            last_name=patient.last_name,
            date_of_birth=patient.date_of_birth,
            gestational_age_weeks=patient.gestational_age_weeks,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            kind_rank=KIND_RANK[period.lead.kind],
            kind=period.lead.kind,
            code=period.lead.code,
            since=period.lead.since,
            statuses=statuses,
            lost_on=lost_on,
        )
        for period in periods
        if period.ends_on > kept_after
    ]


async def refresh_child(patient: Patient) -> list[MilestoneObservation]:
    """Recompute and store one child's periods; returns the child's observations it read."""
    assert patient.id is not None
    # Taken before the read: the newest revision is always computed from the newest facts.
    revision = PydanticObjectId()
    observations = await repository.observations_of(patient.clinic_id, patient.id)
    rows = _stored_periods(patient, summaries_of(observations), revision)
    await repository.replace_periods(patient.clinic_id, [patient.id], revision, rows)
    return observations


async def refresh_concerns(
    patients: Sequence[Patient], *, observations: Sequence[Observed] | None = None
) -> None:
    """Recompute and store the concern periods of these children, in batches per clinic.

    A caller that holds every observation of these children (a bulk load) passes them, as
    documents or as `repository.ObservedFact`s, so they are not read back.
    """
    held: dict[PydanticObjectId, list[Observed]] | None = None
    if observations is not None:
        held = defaultdict(list)
        for observation in observations:
            held[observation.patient_id].append(observation)
    by_clinic: dict[PydanticObjectId, list[Patient]] = defaultdict(list)
    for patient in patients:
        by_clinic[patient.clinic_id].append(patient)
    for clinic_id, children in by_clinic.items():
        for start in range(0, len(children), REFRESH_BATCH):
            batch = children[start : start + REFRESH_BATCH]
            ids = [p.id for p in batch if p.id is not None]
            revision = PydanticObjectId()
            facts = held if held is not None else await repository.facts_by_patient(clinic_id, ids)
            rows = [
                row
                for p in batch
                if p.id is not None
                for row in _stored_periods(p, summaries_of(facts.get(p.id, [])), revision)
            ]
            await repository.replace_periods(clinic_id, ids, revision, rows)


async def on_patient_changed(event: PatientChanged) -> None:
    """Recompute a child's periods when a profile field they depend on changed."""
    if not event.fields & _CONCERN_INPUTS:
        return
    # Nothing to read for a child just created (no observations yet) or archived (no periods).
    nothing_to_read = "created" in event.fields or event.patient.status != "active"
    await refresh_concerns([event.patient], observations=[] if nothing_to_read else None)


async def current_rows(
    clinic_id: PydanticObjectId, today: date, *, page: int, size: int
) -> tuple[list[ConcernRow], int]:
    """A page of the clinic's children with concerns today, most urgent first, and the total."""
    periods, total = await repository.current_periods_page(clinic_id, today, page=page, size=size)
    items = load_catalog().items
    rows = []
    for period in periods:
        age = assess_age(period.date_of_birth, period.gestational_age_weeks, today)
        states = {
            code: ItemState(status, period.lost_on.get(code))
            for code, status in period.statuses.items()
        }
        concerns = concerns_for(items, states, age)
        rows.append(
            ConcernRow(
                period.patient_id,
                period.first_name,
                period.last_name,
                period.date_of_birth,
                concerns,
            )
        )
    return rows, total


async def count_current(clinic_id: PydanticObjectId, today: date) -> int:
    """How many of the clinic's children have a concern today."""
    return await repository.count_current_periods(clinic_id, today)
