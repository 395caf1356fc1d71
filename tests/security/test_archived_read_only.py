"""An archived child is read-only everywhere until restored, with one error code.

Before this fix the profile and the guardians of an archived child could still be changed
(only doses and milestone observations were refused, by two different error classes).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.factories import (
    PATIENTS,
    SignedIn,
    add_dose,
    add_guardian,
    assert_error,
    create_clinic_admin,
    create_patient,
    create_staff,
    days_ago,
    immunizations_path,
    milestones_path,
    set_schedule,
    unique_email,
)
from tests.mail import Mailbox


@dataclass(frozen=True)
class World:
    """A member of staff and their clinic's child, with a guardian and a dose on record."""

    client: AsyncClient
    staff: SignedIn
    child_id: str
    guardian_id: str
    dose_id: str

    @property
    def child(self) -> str:
        return f"{PATIENTS}/{self.child_id}"

    @property
    def doses(self) -> str:
        return immunizations_path(self.child_id)


@pytest.fixture
async def world(client: AsyncClient, mailbox: Mailbox) -> World:
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    staff = await create_staff(client, mailbox, admin)
    child = await create_patient(client, staff.headers, date_of_birth=days_ago(200))
    guardian = await add_guardian(client, staff.headers, child["id"], name="Ada Mensah")
    dose = await add_dose(client, staff.headers, child["id"], "20", days_ago(120))
    return World(client, staff, child["id"], guardian["id"], dose["id"])


Write = Callable[[World], Awaitable[Response]]


def _edit_profile(w: World) -> Awaitable[Response]:
    return w.client.patch(w.child, json={"notes": "moved back"}, headers=w.staff.headers)


def _add_guardian(w: World) -> Awaitable[Response]:
    body = {"name": "Kofi Mensah", "relationship": "father"}
    return w.client.post(f"{w.child}/guardians", json=body, headers=w.staff.headers)


def _invite_guardian(w: World) -> Awaitable[Response]:
    body = {
        "name": "Kofi Mensah",
        "relationship": "father",
        "email": unique_email(),
        "invite": True,
    }
    return w.client.post(f"{w.child}/guardians", json=body, headers=w.staff.headers)


def _edit_guardian(w: World) -> Awaitable[Response]:
    return w.client.patch(
        f"{w.child}/guardians/{w.guardian_id}", json={"phone": "555 0199"}, headers=w.staff.headers
    )


def _remove_guardian(w: World) -> Awaitable[Response]:
    return w.client.delete(f"{w.child}/guardians/{w.guardian_id}", headers=w.staff.headers)


def _add_dose(w: World) -> Awaitable[Response]:
    body = {"cvx": "10", "date_administered": days_ago(120), "source": "administered"}
    return w.client.post(w.doses, json=body, headers=w.staff.headers)


def _record_not_done(w: World) -> Awaitable[Response]:
    body = {"vaccine_group": "Polio", "date": days_ago(0), "reason": "refusal"}
    return w.client.post(f"{w.doses}/not-done", json=body, headers=w.staff.headers)


def _correct_dose(w: World) -> Awaitable[Response]:
    return w.client.patch(
        f"{w.doses}/{w.dose_id}", json={"lot_number": "LOT-2"}, headers=w.staff.headers
    )


def _mark_entered_in_error(w: World) -> Awaitable[Response]:
    return w.client.post(
        f"{w.doses}/{w.dose_id}/entered-in-error",
        json={"reason": "wrong child"},
        headers=w.staff.headers,
    )


def _observe_milestone(w: World) -> Awaitable[Response]:
    body = {"status": "achieved", "observed_on": days_ago(0)}
    return w.client.put(milestones_path(w.child_id, "m2-se-1"), json=body, headers=w.staff.headers)


WRITES: dict[str, tuple[Write, int]] = {
    "edit profile": (_edit_profile, 200),
    "add guardian": (_add_guardian, 201),
    "invite guardian": (_invite_guardian, 201),
    "edit guardian": (_edit_guardian, 200),
    "remove guardian": (_remove_guardian, 204),
    "add dose": (_add_dose, 201),
    "record not done": (_record_not_done, 201),
    "correct dose": (_correct_dose, 200),
    "mark entered in error": (_mark_entered_in_error, 200),
    "observe milestone": (_observe_milestone, 200),
}


async def _archive(w: World) -> None:
    archived = await w.client.post(
        f"{w.child}/archive", json={"reason": "moved away"}, headers=w.staff.headers
    )
    assert archived.status_code == 200, archived.text


async def _snapshot(w: World) -> dict[str, Any]:
    """Everything a write could change, read through the API."""
    profile = await w.client.get(w.child, headers=w.staff.headers)
    assert profile.status_code == 200, profile.text
    reads = {
        "guardians": await w.client.get(f"{w.child}/guardians", headers=w.staff.headers),
        "doses": await w.client.get(w.doses, headers=w.staff.headers),
        "history": await w.client.get(
            milestones_path(w.child_id, "m2-se-1") + "/history", headers=w.staff.headers
        ),
    }
    for response in reads.values():
        assert response.status_code == 200, response.text
    return {"etag": profile.headers["ETag"], **{k: r.json() for k, r in reads.items()}}


@pytest.mark.parametrize("name", list(WRITES))
async def test_an_archived_child_refuses_every_write_until_restored(world: World, name: str):
    write, success_status = WRITES[name]
    await _archive(world)
    before = await _snapshot(world)

    assert_error(await write(world), 409, "patient_archived")
    assert await _snapshot(world) == before, "a refused write changed the record"

    restored = await world.client.post(f"{world.child}/restore", headers=world.staff.headers)
    assert restored.status_code == 200, restored.text
    response = await write(world)
    assert response.status_code == success_status, response.text


async def test_an_archived_child_stays_readable(world: World):
    await _archive(world)
    for path in (
        world.child,
        f"{world.child}/guardians",
        world.doses,
        f"{world.doses}/{world.dose_id}",
        f"{world.child}/forecast",
        milestones_path(world.child_id),
    ):
        response = await world.client.get(path, headers=world.staff.headers)
        assert response.status_code == 200, (path, response.text)


async def test_archiving_twice_answers_the_same_error(world: World):
    await _archive(world)
    again = await world.client.post(
        f"{world.child}/archive", json={"reason": "again"}, headers=world.staff.headers
    )
    assert_error(again, 409, "patient_archived")
