"""Milestone logic: the catalog, a child's checklists and concerns, observations, the clinic list.

Observations are append-only (`MilestoneObservation`); an item's status is its latest
observation by `observed_on`, then by when it was recorded. The age and concern rules are
pure (`rules.py`); this module loads the data they need and audits every read and write of
a child's milestones on the child's record.

The clinic's concerns list is a stored read model (`concerns.py`): each active child's
concern periods, recomputed when an observation is recorded or the child's profile
changes, so that the list is one indexed page and the count one indexed count.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.core import audit
from app.core.audit import Actor, ClinicActor
from app.features.milestones import concerns, repository
from app.features.milestones.catalog import CatalogGroup, load_catalog
from app.features.milestones.concerns import ConcernRow
from app.features.milestones.exceptions import (
    ChecklistNotFound,
    MilestoneNotFound,
    ObservationDateInvalid,
)
from app.features.milestones.models import MilestoneObservation
from app.features.milestones.rules import (
    AgeAssessment,
    Concern,
    MilestoneItem,
    Status,
    assess_age,
    concerns_for,
    due_checklist_ages,
)
from app.features.patients import service as patients_service
from app.features.patients.models import Patient


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


def _newest_first_key(observation: MilestoneObservation) -> tuple[date, datetime, str]:
    return observation.observed_on, observation.recorded_at, str(observation.id)


async def read_patient_milestones(
    *, viewer: Actor, patient_id: str, as_of: date | None
) -> PatientMilestones:
    """The child's due checklists, WHO windows and concerns at `as_of` (default: clinic today)."""
    patient = await patients_service.find_patient(viewer, patient_id)
    as_of = as_of or await patients_service.clinic_today(patient.clinic_id)
    if as_of < patient.date_of_birth:
        raise ObservationDateInvalid("as_of", "before the child's birth")
    # What was known at `as_of`: later observations do not rewrite an earlier assessment.
    assert patient.id is not None
    observations = [
        o
        for o in await repository.observations_of(patient.clinic_id, patient.id)
        if o.observed_on <= as_of
    ]
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
    found = concerns_for(catalog.items, concerns.summaries_of(observations), age)
    await patients_service.audit_patient(viewer, "milestones.read", patient)
    return PatientMilestones(patient, age, checklists, motor, found)


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
    patient = await patients_service.find_writable_patient(viewer, patient_id)
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
    await patients_service.audit_patient(viewer, "milestone.observe", patient, fields=[code])
    observations = await concerns.refresh_child(patient)
    latest = max((o for o in observations if o.code == code), key=_newest_first_key)
    return ItemStatus(item, latest), observation


async def list_history(
    *, viewer: Actor, patient_id: str, code: str, page: int, size: int
) -> tuple[list[MilestoneObservation], int]:
    """Every observation of one of the child's milestones, newest first."""
    patient = await patients_service.find_patient(viewer, patient_id)
    _catalog_item(code)
    assert patient.id is not None
    observations, total = await repository.history_page(
        patient.clinic_id, patient.id, code, page=page, size=size
    )
    await patients_service.audit_patient(viewer, "milestone.history.read", patient, fields=[code])
    return observations, total


async def list_concerns(
    *, viewer: ClinicActor, page: int, size: int
) -> tuple[list[ConcernRow], int]:
    """The clinic's children with concerns today, most urgent first; the list is audited."""
    today = await patients_service.clinic_today(viewer.clinic_id)
    rows, total = await concerns.current_rows(viewer.clinic_id, today, page=page, size=size)
    await audit.record(
        "milestones.concerns.list", actor=viewer, target_type="clinic", target_id=viewer.clinic_id
    )
    return rows, total


async def count_concerns(*, viewer: ClinicActor) -> int:
    """How many of the clinic's children have concerns; a count reveals no child, so no audit."""
    today = await patients_service.clinic_today(viewer.clinic_id)
    return await concerns.count_current(viewer.clinic_id, today)


async def refresh_concerns(
    patients: Sequence[Patient], *, observations: Sequence[concerns.Observed] | None = None
) -> None:
    """Recompute the stored concern periods of these children (e.g. after loading them in bulk).

    Pass `observations` when holding every observation of these children, to save reading them.
    """
    await concerns.refresh_concerns(patients, observations=observations)
