"""Every query on the patients collection, with the tenancy scope built in.

A viewer reaches a child only within their clinic, or, for a parent, through a guardian entry
still linked to their account (`access_filter`); system work (reminders, stored read models)
names the clinic explicitly. Writes are versioned against lost updates, and each read or
change of a child's record is recorded in its audit trail (`audit_patient`).
"""

import re
from datetime import date, timedelta
from typing import Any

from beanie import PydanticObjectId

from app.core import audit
from app.core.audit import Actor
from app.features.patients.exceptions import PatientArchived, PatientNotFound
from app.features.patients.models import Patient, PatientStatus
from app.shared.concurrency import save_versioned
from app.shared.documents import read_one
from app.shared.ids import parse_id
from app.shared.paging import fetch_page
from app.shared.text import normalise


def access_filter(viewer: Actor) -> dict[str, Any]:
    """What of the patients collection `viewer` may see: their clinic, or their own children."""
    if viewer.role == "parent":
        return {"guardians": {"$elemMatch": {"user_id": viewer.user_id, "unlinked_at": None}}}
    return {"clinic_id": viewer.clinic_id}


async def find_patient(viewer: Actor, patient_id: str) -> Patient:
    """The patient with this id if `viewer` may see it; PatientNotFound otherwise."""
    object_id = parse_id(patient_id, PatientNotFound)
    patient = await read_one(Patient, {"_id": object_id, **access_filter(viewer)})
    if patient is None:
        raise PatientNotFound()
    return patient


async def find_writable_patient(viewer: Actor, patient_id: str) -> Patient:
    """The patient as `find_patient` finds it, refused with PatientArchived while archived.

    Every write to a child (profile, guardians, records, observations) goes through here, so
    an archived record is read-only everywhere until it is restored.
    """
    patient = await find_patient(viewer, patient_id)
    if patient.status == "archived":
        raise PatientArchived()
    return patient


async def commit(patient: Patient, *, expected_version: int | None = None) -> None:
    """Replace the stored patient if its version is still the one read; 412 otherwise."""
    await save_versioned(patient, expected_version=expected_version)


async def audit_patient(
    actor: Actor, action: str, patient: Patient, fields: list[str] | None = None
) -> None:
    """Record an event on this child's record (reads included) in the child's clinic."""
    await audit.record(
        action,
        actor=actor,
        clinic_id=patient.clinic_id,
        target_type="patient",
        target_id=patient.id,
        fields=fields,
    )


def _born_between(born_from: date | None, born_to: date | None) -> dict[str, date]:
    """The `date_of_birth` condition for children born from `born_from` to `born_to` (if given)."""
    return {op: day for op, day in (("$gte", born_from), ("$lte", born_to)) if day is not None}


async def with_mrn_key(mrn_key: str | None) -> Patient | None:
    """The child holding this `<clinic_id>:<mrn>` key, if any (keys are unique)."""
    return await Patient.find_one({"mrn_key": mrn_key})


async def same_name_and_birth(
    *, clinic_id: PydanticObjectId, first_name_key: str, last_name_key: str, date_of_birth: date
) -> Patient | None:
    """A child of the clinic with these name keys and date of birth (a probable duplicate)."""
    return await Patient.find_one(
        {
            "clinic_id": clinic_id,
            "first_name_key": first_name_key,
            "last_name_key": last_name_key,
            "date_of_birth": date_of_birth,
        }
    )


async def search(
    *,
    viewer: Actor,
    q: str | None,
    status: PatientStatus,
    born_from: date | None,
    born_to: date | None,
    page: int,
    size: int,
) -> tuple[list[Patient], int]:
    """A page of the children the viewer may see, by last then first name, and the total.

    `q` is a prefix of either name (compared as normalised keys) or an exact MRN.
    """
    query: dict[str, Any] = {**access_filter(viewer), "status": status}
    if q and q.strip():
        prefix = "^" + re.escape(normalise(q))
        query["$or"] = [
            {"first_name_key": {"$regex": prefix}},
            {"last_name_key": {"$regex": prefix}},
            {"medical_record_number": q.strip()},
        ]
    if born := _born_between(born_from, born_to):
        query["date_of_birth"] = born
    return await fetch_page(
        Patient, query, sort=("+last_name_key", "+first_name_key", "+_id"), page=page, size=size
    )


async def visible_ids(
    *, viewer: Actor, patient_ids: list[PydanticObjectId]
) -> list[PydanticObjectId]:
    """Which of these children the viewer may see now."""
    if not patient_ids:
        return []
    query = {"_id": {"$in": patient_ids}, **access_filter(viewer)}
    return list(await Patient.distinct("_id", query))


async def child_of_clinic(
    *, clinic_id: PydanticObjectId, patient_id: PydanticObjectId
) -> Patient | None:
    """The clinic's child with this id, if any (for links that name both, like invitations)."""
    return await Patient.find_one({"_id": patient_id, "clinic_id": clinic_id})


async def children_of_clinic(
    *, clinic_id: PydanticObjectId, patient_ids: list[PydanticObjectId]
) -> list[Patient]:
    """These children of the clinic in one query (not audited: for system work like reminders)."""
    if not patient_ids:
        return []
    return await Patient.find({"_id": {"$in": patient_ids}, "clinic_id": clinic_id}).to_list()


async def active_children_born_in(
    *, clinic_id: PydanticObjectId, periods: list[tuple[date, date]]
) -> list[Patient]:
    """The clinic's active children born in any of these (after, until] periods, in one query.

    Meant for periods of days or weeks: each day is one lookup on (clinic_id, date_of_birth),
    which both engines answer quickly (a `$or` of ranges makes the in-process engine test
    every child against every range). The few archived children are dropped here.
    """
    days: set[date] = set()
    for after, until in periods:
        days.update(after + timedelta(days=n) for n in range(1, (until - after).days + 1))
    if not days:
        return []
    born = {"$in": sorted(days)}
    found = await Patient.find({"clinic_id": clinic_id, "date_of_birth": born}).to_list()
    return [child for child in found if child.status == "active"]


async def count_active_children(
    *, clinic_id: PydanticObjectId, born_from: date | None = None, born_to: date | None = None
) -> int:
    """How many active children the clinic has (born from `born_from` to `born_to` if given)."""
    query: dict[str, Any] = {"clinic_id": clinic_id, "status": "active"}
    if born := _born_between(born_from, born_to):
        query["date_of_birth"] = born
    return await Patient.find(query).count()


async def children_after(
    *, clinic_id: PydanticObjectId, after: PydanticObjectId | None, limit: int
) -> list[Patient]:
    """The clinic's next `limit` children (any status) in id order: for system-wide refreshes."""
    query: dict[str, Any] = {"clinic_id": clinic_id}
    if after is not None:
        query["_id"] = {"$gt": after}
    return await Patient.find(query).sort("+_id").limit(limit).to_list()
