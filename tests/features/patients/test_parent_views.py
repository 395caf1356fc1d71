"""Issue 14: what a parent receives: no clinic notes, no other guardian's contact details."""

from typing import Any

from httpx import AsyncClient

from tests.factories import (
    PATIENTS,
    SignedIn,
    add_dose,
    add_guardian,
    assert_error,
    clinic_today,
    create_clinic_admin,
    create_parent,
    create_patient,
    days_ago,
    immunizations_path,
    invite_parent,
    milestones_path,
    observe_milestone,
    read_milestones,
    set_schedule,
    unique_email,
    update_clinic,
)
from tests.mail import Mailbox

CLINIC_NOTE = "Father not to be told about appointments"
MISSING_ID = "0123456789abcdef01234567"


async def family(client: AsyncClient, mailbox: Mailbox, staff: SignedIn) -> tuple[dict, Any, str]:
    """A child with clinic notes, a portal parent and a second guardian with contacts."""
    child = await create_patient(client, staff.headers, notes=CLINIC_NOTE)
    other_email = unique_email("other")
    await add_guardian(client, staff.headers, child["id"], email=other_email, name="Olu Other")
    parent = await invite_parent(client, mailbox, staff.headers, child["id"])
    return child, parent, other_email


def assert_parent_view(body: dict[str, Any], parent_email: str, other_email: str) -> None:
    assert body["notes"] is None
    by_name = {g["name"]: g for g in body["guardians"]}
    assert by_name["Olu Other"]["email"] is None and by_name["Olu Other"]["phone"] is None
    assert by_name["Pat Parent"]["email"] == parent_email
    assert other_email not in str(body)


async def test_a_parent_gets_the_child_without_notes_or_other_guardians_contacts(
    client: AsyncClient, mailbox: Mailbox, staff: SignedIn
) -> None:
    child, parent, other_email = await family(client, mailbox, staff)
    url = f"{PATIENTS}/{child['id']}"

    staff_view = await client.get(url, headers=staff.headers)
    assert staff_view.json()["notes"] == CLINIC_NOTE
    assert other_email in {g["email"] for g in staff_view.json()["guardians"]}

    detail = await client.get(url, headers=parent.headers)
    assert detail.status_code == 200, detail.text
    assert_parent_view(detail.json(), parent.account.email, other_email)
    listed = await client.get(PATIENTS, headers=parent.headers)
    [item] = listed.json()["items"]
    assert_parent_view(item, parent.account.email, other_email)
    guardians = await client.get(f"{url}/guardians", headers=parent.headers)
    assert_parent_view(
        {"notes": None, "guardians": guardians.json()}, parent.account.email, other_email
    )
    staff_guardians = await client.get(f"{url}/guardians", headers=staff.headers)
    assert other_email in {g["email"] for g in staff_guardians.json()}


async def test_a_parent_accepting_from_the_portal_gets_the_parent_view(
    client: AsyncClient, mailbox: Mailbox, staff: SignedIn
) -> None:
    child, _, other_email = await family(client, mailbox, staff)
    existing = await create_parent(client)
    await add_guardian(client, staff.headers, child["id"], email=existing.email, invite=True)
    pending = await client.get("/api/v1/portal/invitations", headers=existing.headers)
    [invitation] = pending.json()["items"]
    accepted = await client.post(
        f"/api/v1/portal/invitations/{invitation['id']}/accept", headers=existing.headers
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["notes"] is None
    assert other_email not in accepted.text


async def test_a_parent_gets_dose_records_without_the_clinics_notes(
    client: AsyncClient, mailbox: Mailbox, staff: SignedIn
) -> None:
    child, parent, _ = await family(client, mailbox, staff)
    record = await add_dose(
        client, staff.headers, child["id"], "08", days_ago(30), notes="Mother anxious"
    )
    url = immunizations_path(child["id"], record["id"])
    read = await client.get(url, headers=staff.headers)
    corrected = await client.patch(
        url,
        json={"notes": "Second note", "lot_number": "LOT-9"},
        headers={**staff.headers, "If-Match": read.headers["ETag"]},
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["revisions"][0]["previous"]["notes"] == "Mother anxious"

    listed = await client.get(immunizations_path(child["id"]), headers=parent.headers)
    [seen] = listed.json()
    one = await client.get(url, headers=parent.headers)
    for body in (seen, one.json()):
        assert body["notes"] is None
        assert body["lot_number"] == "LOT-9"
        assert "Mother anxious" not in str(body) and "Second note" not in str(body)
        assert [r["version"] for r in body["revisions"]] == [
            r["version"] for r in corrected.json()["revisions"]
        ]


async def test_a_parent_sees_their_own_milestone_notes_but_not_the_clinics(
    client: AsyncClient, mailbox: Mailbox, staff: SignedIn
) -> None:
    child, parent, _ = await family(client, mailbox, staff)
    view = await read_milestones(client, staff.headers, child["id"])
    first, second = view["checklists"][0]["items"][:2]
    today = clinic_today().isoformat()
    await observe_milestone(
        client, staff.headers, child["id"], first["code"],
        status="not_yet", observed_on=today, notes="Clinic: refer if no change",
    )  # fmt: skip
    mine = await observe_milestone(
        client, parent.headers, child["id"], second["code"],
        status="achieved", observed_on=today, notes="Did it at the park",
    )  # fmt: skip
    assert mine["recorded"]["notes"] == "Did it at the park"
    assert mine["recorded"]["source"] == "parent"

    seen = await read_milestones(client, parent.headers, child["id"])
    items = {i["code"]: i for c in seen["checklists"] for i in c["items"]}
    assert items[first["code"]]["observation"]["notes"] is None
    assert items[first["code"]]["status"] == "not_yet"
    assert items[second["code"]]["observation"]["notes"] == "Did it at the park"
    history = await client.get(
        f"{milestones_path(child['id'], first['code'])}/history", headers=parent.headers
    )
    assert [o["notes"] for o in history.json()["items"]] == [None]
    staff_history = await client.get(
        f"{milestones_path(child['id'], first['code'])}/history", headers=staff.headers
    )
    assert [o["notes"] for o in staff_history.json()["items"]] == ["Clinic: refer if no change"]
    # The parent's observation shows on the clinic side as the parent's.
    clinic_view = await read_milestones(client, staff.headers, child["id"])
    clinic_items = {i["code"]: i for c in clinic_view["checklists"] for i in c["items"]}
    assert clinic_items[second["code"]]["observation"]["source"] == "parent"


async def test_a_parent_gets_conditions_without_the_clinics_notes(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, staff: SignedIn
) -> None:
    await set_schedule(client, admin.headers, "cdc-acip")
    child, parent, _ = await family(client, mailbox, staff)
    url = f"{PATIENTS}/{child['id']}/conditions"
    added = await client.post(
        url, json={"code": "024", "notes": "Chickenpox"}, headers=staff.headers
    )
    assert added.status_code == 201, added.text
    [seen] = (await client.get(url, headers=parent.headers)).json()
    assert (seen["code"], seen["notes"]) == ("024", None)
    [staff_seen] = (await client.get(url, headers=staff.headers)).json()
    assert staff_seen["notes"] == "Chickenpox"


async def test_the_clinic_contact_of_a_child(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, staff: SignedIn
) -> None:
    await update_clinic(
        client,
        admin.headers,
        phone="+254 700 000 001",
        email="desk@sunrise.example",
        address="1 Clinic Road",
        primary_color="#0B7285",
    )
    child, parent, _ = await family(client, mailbox, staff)
    url = f"{PATIENTS}/{child['id']}/clinic"

    contact = await client.get(url, headers=parent.headers)
    assert contact.status_code == 200, contact.text
    assert contact.json() == {
        "id": child["clinic_id"],
        "name": "Sunrise Clinic",
        "phone": "+254 700 000 001",
        "email": "desk@sunrise.example",
        "address": "1 Clinic Road",
        "logo_url": None,
        "primary_color": "#0B7285",
        "timezone": "UTC",
    }
    assert (await client.get(url, headers=staff.headers)).status_code == 200

    stranger = await create_parent(client)
    assert_error(await client.get(url, headers=stranger.headers), 404)
    other_clinic = await create_clinic_admin(client, clinic_name="Elsewhere")
    assert_error(await client.get(url, headers=other_clinic.headers), 404)
    assert_error(await client.get(f"{PATIENTS}/not-an-id/clinic", headers=parent.headers), 404)
    assert_error(await client.get(f"{PATIENTS}/{MISSING_ID}/clinic", headers=parent.headers), 404)
    assert_error(await client.get(url), 401)


async def test_the_forecast_summary_names_the_groups_due_now(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, staff: SignedIn
) -> None:
    await set_schedule(client, admin.headers, "cdc-acip")
    # ACIP: HepB dose 1 is recommended at birth, so a child born today is due for it now.
    newborn = await create_patient(client, staff.headers, date_of_birth=clinic_today().isoformat())
    parent = await invite_parent(client, mailbox, staff.headers, newborn["id"])
    forecast = await client.get(f"{PATIENTS}/{newborn['id']}/forecast", headers=parent.headers)
    assert forecast.status_code == 200, forecast.text
    summary = forecast.json()["summary"]
    assert summary["status"] == "due"
    assert "HepB" in summary["due_vaccine_groups"]
    assert summary["overdue_vaccine_groups"] == []
    # A child with every birth dose missed for years has them overdue, not due.
    older = await create_patient(client, staff.headers, date_of_birth=days_ago(800))
    late = await client.get(f"{PATIENTS}/{older['id']}/forecast", headers=staff.headers)
    late_summary = late.json()["summary"]
    assert "HepB" in late_summary["overdue_vaccine_groups"]
    assert "HepB" not in late_summary["due_vaccine_groups"]
