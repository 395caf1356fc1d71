"""The demo clinic that a fresh server starts with, so a new user has something to see.

An admin, two staff and `patients` children (SEED_DEMO_PATIENTS) from newborn to 5 years
whose histories and milestone observations are generated from the clinic's schedule
(`app.seed_generator`) and inserted in bulk (`app.seed_bulk`), then each child's stored read
models (forecast rows, milestone concern periods) are computed by their features in batches,
so the worklists and reports answer at once.
"""

import random
from dataclasses import dataclass
from typing import Any

from beanie import PydanticObjectId

from app.features.auth import staff_service
from app.features.auth.models import User
from app.features.clinic import service as clinic_service
from app.features.immunizations.forecasts import clinic_schedule, refresh_forecasts
from app.features.immunizations.models import ImmunizationRecord
from app.features.milestones import service as milestones_service
from app.features.milestones.catalog import load_catalog
from app.features.milestones.models import MilestoneObservation
from app.features.milestones.repository import ObservedFact
from app.features.patients.models import Guardian, Patient
from app.seed_bulk import insert_stored, stored_form, stored_value
from app.seed_generator import ChildPlan, plan_child
from app.shared.text import normalise

DEMO_ADMIN_EMAIL = "admin@demo-clinic.example"
DEMO_STAFF_EMAIL = "nurse@demo-clinic.example"
DEMO_SECOND_STAFF_EMAIL = "clerk@demo-clinic.example"
DEMO_PASSWORD = "demo-password-2026"
DEMO_CLINIC_NAME = "Demo Family Clinic"
DEMO_RANDOM_SEED = 2026
INSERT_CHUNK = 1000
REFRESH_CHUNK = 50
STAFF_NAMES = ("Noor Nurse", "Kofi Mensah")


@dataclass(frozen=True)
class DemoLogin:
    """How to sign in to the seeded demo clinic."""

    email: str
    password: str


async def database_is_empty() -> bool:
    """Whether no account exists yet."""
    return await User.find_one({}) is None


def _email_part(text: str) -> str:
    return "".join(ch for ch in normalise(text) if ch.isalnum())


def _guardians(rng: random.Random, plan: ChildPlan, index: int) -> list[Guardian]:
    relationship = rng.choice(["mother", "mother", "mother", "father", "guardian"])
    name = f"{rng.choice(['Ada', 'Bola', 'Chen', 'Dina', 'Eze', 'Fara', 'Gita'])} {plan.last_name}"
    primary = Guardian(name=name, relationship=relationship, is_primary=True)
    # Most families leave a phone number, about two in three an email address.
    if rng.random() < 0.9:
        primary.phone = f"+234 80{rng.randint(1, 9)} {rng.randint(100, 999)} {index:04d}"
    if rng.random() < 0.65:
        primary.email = (
            f"{_email_part(name.split()[0])}.{_email_part(plan.last_name)}{index}@example.org"
        )
    guardians = [primary]
    if rng.random() < 0.3:
        other = "father" if relationship == "mother" else "mother"
        guardians.append(Guardian(name=f"Sam {plan.last_name}", relationship=other))
    return guardians


def _patient(
    rng: random.Random, clinic_id: PydanticObjectId, plan: ChildPlan, index: int
) -> Patient:
    mrn = f"DEMO-{index:05d}"
    return Patient(
        id=PydanticObjectId(),
        clinic_id=clinic_id,
        first_name=plan.first_name,
        last_name=plan.last_name,
        first_name_key=normalise(plan.first_name),
        last_name_key=normalise(plan.last_name),
        date_of_birth=plan.date_of_birth,
        sex=plan.sex,
        medical_record_number=mrn,
        mrn_key=f"{clinic_id}:{mrn}",
        gestational_age_weeks=plan.gestational_age_weeks,
        guardians=_guardians(rng, plan, index),
    )


def _records(
    plan: ChildPlan, patient: Patient, staff: list[User], rng: random.Random
) -> list[ImmunizationRecord]:
    assert patient.id is not None
    records = []
    for dose in plan.doses:
        nurse = rng.choice(staff)
        common = {
            "clinic_id": patient.clinic_id,
            "patient_id": patient.id,
            "date_administered": dose.day,
            "recorded_by": nurse.id,
        }
        if dose.not_done:
            records.append(
                ImmunizationRecord(
                    **common,
                    status="not_done",
                    vaccine_group=dose.vaccine_groups[0],
                    vaccine_groups=list(dose.vaccine_groups),
                    not_done_reason="refusal",
                    notes="Parent declined after counselling.",
                )
            )
            continue
        records.append(
            ImmunizationRecord(
                **common,
                cvx=dose.cvx,
                vaccine_groups=list(dose.vaccine_groups),
                source="historical" if dose.historical else "administered",
                performer_name=None if dose.historical else nurse.name,
                site=None if dose.historical else rng.choice(["left_thigh", "right_thigh"]),
                lot_number=None if dose.historical else f"LOT{rng.randint(1000, 9999)}",
            )
        )
    return records


def _observations(
    plan: ChildPlan, patient: Patient, staff: list[User], rng: random.Random
) -> list[dict[str, Any]]:
    """The child's observations in their stored form.

    A child has about eighty: one is built and checked as a document, the others are copies
    of it that differ only in what was observed, when and by whom (far cheaper in bulk).
    """
    if not plan.observations:
        return []
    first = plan.observations[0]
    template = stored_form(
        MilestoneObservation(
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
            code=first.code,
            status=first.status,
            observed_on=first.observed_on,
            source="clinic",
            recorded_by=staff[0].id,
        )
    )
    return [
        {
            **template,
            "code": seen.code,
            "status": seen.status,
            "observed_on": stored_value(seen.observed_on),
            "recorded_by": rng.choice(staff).id,
        }
        for seen in plan.observations
    ]


def _milestone_plan() -> tuple[dict[int, list[str]], list[tuple[str, float]]]:
    """The catalog as the generator needs it: checklist codes by age, WHO motor windows."""
    catalog = load_catalog()
    checklists = {
        months: [item.code for item in group.items if not item.is_who_window]
        for months in catalog.checklist_ages
        if (group := catalog.group(months)) is not None
    }
    who_windows = [
        (item.code, item.window_start_months or 0.0)
        for item in catalog.who_items
        if item.window_start_months is not None
    ]
    return checklists, who_windows


def _facts(observations: list[dict[str, Any]]) -> list[ObservedFact]:
    """The concern rules' view of stored observations, as the database gives them back."""
    return [
        ObservedFact.model_construct(
            patient_id=stored["patient_id"],
            code=stored["code"],
            status=stored["status"],
            observed_on=stored["observed_on"].date(),
            # Stored instants keep milliseconds (BSON), and come back in UTC.
            recorded_at=stored["recorded_at"].replace(
                microsecond=stored["recorded_at"].microsecond // 1000 * 1000
            ),
        )
        for stored in observations
    ]


async def seed_children(
    *,
    clinic_id: PydanticObjectId,
    staff: list[User],
    patients: int,
    rng: random.Random,
    milestone_follow_up: float = 0.9,
    observed: list[ObservedFact] | None = None,
) -> tuple[list[Patient], list[ImmunizationRecord]]:
    """Generate and insert `patients` children with their records; returns both.

    One insert per collection and chunk of children; the read models are left to the caller
    (`refresh_read_models`). `observed`, when given, receives every observation inserted, as
    the concern rules read them, so that they need not be read back.
    """
    schedule, today = await clinic_schedule(clinic_id)
    checklists, who_windows = _milestone_plan()
    children: list[Patient] = []
    all_records: list[ImmunizationRecord] = []
    for start in range(0, patients, INSERT_CHUNK):
        batch: list[Patient] = []
        records: list[ImmunizationRecord] = []
        observations: list[dict[str, Any]] = []
        for index in range(start, min(patients, start + INSERT_CHUNK)):
            plan = plan_child(
                schedule,
                rng,
                today,
                checklists=checklists,
                who_windows=who_windows,
                milestone_follow_up=milestone_follow_up,
            )
            patient = _patient(rng, clinic_id, plan, index + 1)
            batch.append(patient)
            records += _records(plan, patient, staff, rng)
            observations += _observations(plan, patient, staff, rng)
        await insert_stored(Patient, [stored_form(p) for p in batch])
        await insert_stored(ImmunizationRecord, [stored_form(r) for r in records])
        await insert_stored(MilestoneObservation, observations)
        if observed is not None:
            observed += _facts(observations)
        children += batch
        all_records += records
    return children, all_records


async def refresh_read_models(
    children: list[Patient], observed: list[ObservedFact] | None = None
) -> None:
    """Have each feature compute what it stores per child: forecast rows, concern periods.

    In small batches: each batch reads its children's facts with one `$in` of their ids, which
    the in-process engine tests against every candidate document (a cost of batch size times
    the facts read), while a batch's round trips are few. Observations already held
    (`observed`, every one of these children's) are not read back.
    """
    for start in range(0, len(children), REFRESH_CHUNK):
        batch = children[start : start + REFRESH_CHUNK]
        await refresh_forecasts(batch)
        if observed is None:
            await milestones_service.refresh_concerns(batch)
    if observed is not None:
        await milestones_service.refresh_concerns(children, observations=observed)


async def seed_demo_clinic(patients: int, seed: int = DEMO_RANDOM_SEED) -> DemoLogin | None:
    """Create the demo clinic (admin, two staff, `patients` children) in an empty database."""
    if not await database_is_empty():
        return None
    issued = await clinic_service.open_clinic(
        name="Dana Admin",
        email=DEMO_ADMIN_EMAIL,
        password=DEMO_PASSWORD,
        clinic_name=DEMO_CLINIC_NAME,
    )
    clinic_id = issued.user.clinic_id
    assert clinic_id is not None
    staff = [
        await staff_service.create_staff_member(
            clinic_id=clinic_id, email=email, name=name, password=DEMO_PASSWORD
        )
        for email, name in zip(
            (DEMO_STAFF_EMAIL, DEMO_SECOND_STAFF_EMAIL), STAFF_NAMES, strict=True
        )
    ]
    # Unique indexes stay in place: the in-process engine checks them by lookup
    # (app/memory_indexes.py), and the features' refreshes find rows through them.
    observed: list[ObservedFact] = []
    children, _ = await seed_children(
        clinic_id=clinic_id,
        staff=staff,
        patients=patients,
        rng=random.Random(seed),
        observed=observed,
    )
    await refresh_read_models(children, observed)
    return DemoLogin(email=DEMO_ADMIN_EMAIL, password=DEMO_PASSWORD)
