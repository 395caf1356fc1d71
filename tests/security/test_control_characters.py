"""Control characters in names and other single-line text are refused with 422, everywhere.

Such text reaches email headers, HTTP headers and log lines; a CR/LF in a child's name once made
reminder email building fail with a 500. Ordinary spaces and accents stay welcome, and notes
may keep their line breaks.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from httpx import AsyncClient

from app.main import create_app
from tests.factories import (
    PASSWORD,
    PATIENTS,
    SignedIn,
    add_dose,
    add_guardian,
    assert_error,
    create_clinic_admin,
    create_patient,
    days_ago,
    immunizations_path,
    milestones_path,
    read_outbox,
    unique_email,
)
from tests.mail import Mailbox

# Each would split a header or forge a log line, or shows as something else than it holds.
SINGLE_LINE_POISON = [
    "Ann\r\nBcc: thief@evil.example",
    "Ann\nLee",
    "Ann\rLee",
    "Ann\x00",
    "Ann\tLee",
    "Ann\x0bLee",
    "Ann\x1b[31mLee",
    "Ann\x7fLee",
    "Ann\x85Lee",
    "Ann\u2028Lee",
    "Ann\u2029Lee",
    "\u202eAnn",
    "Ann\u2066Lee",
]
# Notes keep tab, CR and LF, and refuse every other control character.
MULTI_LINE_POISON = ["Note\x00", "Note\x1b[2J", "Note\x85", "Note\u2028two", "\u202eNote"]

# Marks the value under test in a request body or query.
BAD = "<<bad>>"


@dataclass
class World:
    """A clinic with a child, a guardian and a dose, to aim every request at."""

    admin: SignedIn
    patient_id: str
    guardian_id: str
    record_id: str


@dataclass(frozen=True)
class Target:
    """One text field of one operation; `{patient}`, `{guardian}`, `{record}` fill the path."""

    method: str
    path: str
    loc: tuple[str | int, ...]
    body: dict[str, Any] | None = None
    params: dict[str, Any] | None = None
    multiline: bool = False


def _dose(**fields: Any) -> dict[str, Any]:
    return {"cvx": "08", "date_administered": "2026-01-05", "source": "historical", **fields}


def _child(**fields: Any) -> dict[str, Any]:
    child = {"first_name": "Ann", "last_name": "Lee", "date_of_birth": "2025-01-05"}
    return {**child, "sex": "female", **fields}


def _guardian(**fields: Any) -> dict[str, Any]:
    return {"name": "Pat Lee", "relationship": "mother", **fields}


CHILD = f"{PATIENTS}/{{patient}}"
RECORD = immunizations_path("{patient}", "{record}")
TARGETS = {
    "signup.name": Target(
        "POST",
        "/api/v1/auth/signup",
        ("body", "name"),
        {"name": BAD, "email": "a@example.org", "password": PASSWORD, "clinic_name": "C"},
    ),
    "signup.clinic_name": Target(
        "POST",
        "/api/v1/auth/signup",
        ("body", "clinic_name"),
        {"name": "A", "email": "a@example.org", "password": PASSWORD, "clinic_name": BAD},
    ),
    "accept_invite.name": Target(
        "POST",
        "/api/v1/auth/accept-invite",
        ("body", "name"),
        {"token": "t", "name": BAD, "password": PASSWORD},
    ),
    "verify_email.token": Target(
        "POST", "/api/v1/auth/verify-email", ("body", "token"), {"token": BAD}
    ),
    "me.name": Target("PATCH", "/api/v1/auth/me", ("body", "name"), {"name": BAD}),
    "me.phone": Target("PATCH", "/api/v1/auth/me", ("body", "phone"), {"phone": BAD}),
    "staff_invitation.name": Target(
        "POST",
        "/api/v1/clinic/staff/invitations",
        ("body", "name"),
        {"email": "new@example.org", "name": BAD, "role": "staff"},
    ),
    "clinic.name": Target("PATCH", "/api/v1/clinic", ("body", "name"), {"name": BAD}),
    "clinic.address": Target("PATCH", "/api/v1/clinic", ("body", "address"), {"address": BAD}),
    "clinic.phone": Target("PATCH", "/api/v1/clinic", ("body", "phone"), {"phone": BAD}),
    "patient.first_name": Target("POST", PATIENTS, ("body", "first_name"), _child(first_name=BAD)),
    "patient.last_name": Target("POST", PATIENTS, ("body", "last_name"), _child(last_name=BAD)),
    "patient.mrn": Target(
        "POST",
        PATIENTS,
        ("body", "medical_record_number"),
        _child(medical_record_number=BAD),
    ),
    "patient.address": Target("POST", PATIENTS, ("body", "address"), _child(address=BAD)),
    "patient.guardian_name": Target(
        "POST",
        PATIENTS,
        ("body", "guardians", 0, "name"),
        _child(guardians=[_guardian(name=BAD)]),
    ),
    "patient.guardian_phone": Target(
        "POST",
        PATIENTS,
        ("body", "guardians", 0, "phone"),
        _child(guardians=[_guardian(phone=BAD)]),
    ),
    "patient_update.first_name": Target(
        "PATCH", CHILD, ("body", "first_name"), {"first_name": BAD}
    ),
    "patient_update.address": Target("PATCH", CHILD, ("body", "address"), {"address": BAD}),
    "archive.reason": Target("POST", f"{CHILD}/archive", ("body", "reason"), {"reason": BAD}),
    "guardian.name": Target("POST", f"{CHILD}/guardians", ("body", "name"), _guardian(name=BAD)),
    "guardian_update.name": Target(
        "PATCH", f"{CHILD}/guardians/{{guardian}}", ("body", "name"), {"name": BAD}
    ),
    "guardian_update.phone": Target(
        "PATCH", f"{CHILD}/guardians/{{guardian}}", ("body", "phone"), {"phone": BAD}
    ),
    "dose.lot_number": Target(
        "POST", immunizations_path("{patient}"), ("body", "lot_number"), _dose(lot_number=BAD)
    ),
    "dose.performer_name": Target(
        "POST",
        immunizations_path("{patient}"),
        ("body", "performer_name"),
        _dose(performer_name=BAD),
    ),
    "dose.mvx": Target("POST", immunizations_path("{patient}"), ("body", "mvx"), _dose(mvx=BAD)),
    "dose_update.lot_number": Target("PATCH", RECORD, ("body", "lot_number"), {"lot_number": BAD}),
    "entered_in_error.reason": Target(
        "POST", f"{RECORD}/entered-in-error", ("body", "reason"), {"reason": BAD}
    ),
    "not_done.vaccine_group": Target(
        "POST",
        f"{immunizations_path('{patient}')}/not-done",
        ("body", "vaccine_group"),
        {"vaccine_group": BAD, "date": "2026-01-05", "reason": "refusal"},
    ),
    "forecast.mvx": Target(
        "POST",
        "/api/v1/schedules/who/forecast",
        ("body", "doses", 0, "mvx"),
        {
            "date_of_birth": "2025-01-05",
            "assessment_date": "2026-01-05",
            "doses": [{"date_administered": "2025-03-05", "cvx": "08", "mvx": BAD}],
        },
    ),
    "unsubscribe.token": Target(
        "POST", "/api/v1/notifications/unsubscribe", ("body", "token"), {"token": BAD}
    ),
    "search.q": Target("GET", PATIENTS, ("query", "q"), params={"q": BAD}),
    "audit.action": Target(
        "GET", "/api/v1/clinic/audit-events", ("query", "action"), params={"action": BAD}
    ),
    "due_list.vaccine_group": Target(
        "GET",
        "/api/v1/immunizations/due-list",
        ("query", "vaccine_group"),
        params={"vaccine_group": BAD},
    ),
    "patient.notes": Target("POST", PATIENTS, ("body", "notes"), _child(notes=BAD), multiline=True),
    "dose.notes": Target(
        "POST", immunizations_path("{patient}"), ("body", "notes"), _dose(notes=BAD), multiline=True
    ),
    "milestone.notes": Target(
        "PUT",
        milestones_path("{patient}", "m2-se-1"),
        ("body", "notes"),
        {"status": "achieved", "observed_on": "2026-01-05", "notes": BAD},
        multiline=True,
    ),
}


def _fill(value: Any, text: str) -> Any:
    if value == BAD:
        return text
    if isinstance(value, dict):
        return {k: _fill(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, text) for v in value]
    return value


async def _send(client: AsyncClient, world: World, target: Target, text: str) -> Any:
    path = target.path.format(
        patient=world.patient_id, guardian=world.guardian_id, record=world.record_id
    )
    return await client.request(
        target.method,
        path,
        json=_fill(target.body, text) if target.body is not None else None,
        params=_fill(target.params, text) if target.params is not None else None,
        headers=world.admin.headers,
    )


@pytest.fixture
async def world(client: AsyncClient) -> World:
    admin = await create_clinic_admin(client)
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(120))
    guardian = await add_guardian(client, admin.headers, child["id"], email=unique_email("g"))
    record = await add_dose(client, admin.headers, child["id"], "08", days_ago(119))
    return World(admin, child["id"], guardian["id"], record["id"])


@pytest.mark.parametrize("name", list(TARGETS))
async def test_control_characters_are_refused_with_422(client, world, name):
    target = TARGETS[name]
    for text in MULTI_LINE_POISON if target.multiline else SINGLE_LINE_POISON:
        response = await _send(client, world, target, text)
        error = assert_error(response, 422, "validation_error")
        refused = [d for d in error["details"] if d["type"] == "control_characters"]
        # A field that may be omitted but not cleared adds the union branch to `loc`.
        assert [tuple(d["loc"][: len(target.loc)]) for d in refused] == [target.loc], (
            repr(text),
            error,
        )


def test_every_text_field_of_the_api_document_states_the_rule():
    """A new request text field without the rule fails here, not in a clinic's mailbox."""
    document = create_app().openapi()
    unruled = [
        where for where, schema in _request_text_fields(document) if not _constrained(schema)
    ]
    assert unruled == []


async def test_names_with_spaces_and_accents_are_accepted_and_trimmed(client, world):
    body = _child(
        first_name="  Amára Nguyễn  ",
        last_name="O'Brien-Søndergård de la Cruz",
        address="12 Rue de l'Église, Zürich",
        notes="First line\nsecond line\r\n\tindented",
        guardians=[_guardian(name="Zoë Ångström", phone="+41 (0)44 123 45 67")],
    )
    response = await client.post(PATIENTS, json=body, headers=world.admin.headers)
    assert response.status_code == 201, response.text
    child = response.json()
    assert child["first_name"] == "Amára Nguyễn"
    assert child["last_name"] == "O'Brien-Søndergård de la Cruz"
    assert child["notes"] == "First line\nsecond line\r\n\tindented"
    assert child["guardians"][0]["name"] == "Zoë Ångström"


async def test_a_poisoned_child_with_an_invitation_writes_nothing(client, world, mailbox: Mailbox):
    """This request once answered 500 after the child was written."""
    before = (await client.get(PATIENTS, headers=world.admin.headers)).json()["total"]
    outbox_before = len(await read_outbox(client, world.admin.headers))
    guardian = _guardian(email=unique_email("parent"), invite=True)
    body = _child(first_name="Ann\r\nBcc: thief@evil.example", guardians=[guardian])
    response = await client.post(PATIENTS, json=body, headers=world.admin.headers)
    assert_error(response, 422, "validation_error")
    assert (await client.get(PATIENTS, headers=world.admin.headers)).json()["total"] == before
    assert len(await read_outbox(client, world.admin.headers)) == outbox_before
    assert mailbox.to(guardian["email"]) == []
    assert mailbox.to("thief@evil.example") == []


async def test_a_poisoned_staff_invitation_sends_nothing(client, world, mailbox: Mailbox):
    """This request once answered 500 after the invitation was written."""
    email = unique_email("staff")
    response = await client.post(
        "/api/v1/clinic/staff/invitations",
        json={"email": email, "name": "Sam\r\nBcc: thief@evil.example", "role": "staff"},
        headers=world.admin.headers,
    )
    assert_error(response, 422, "validation_error")
    assert mailbox.to(email) == [] and mailbox.to("thief@evil.example") == []


# Request text that needs no rule of its own: passwords are kept exactly as typed, and
# addresses, dates, links, enumerations and patterned values are validated by their format.
_PASSWORD_FIELDS = {"password", "new_password", "current_password"}


def _request_text_fields(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every string a JSON request body or a query may carry, with where it is."""
    components = document["components"]["schemas"]
    found: list[tuple[str, dict[str, Any]]] = []

    def walk(schema: dict[str, Any], where: str, seen: frozenset[str]) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(components[name], f"{where}<{name}>", seen | {name})
            return
        for branch in schema.get("anyOf", []) + schema.get("allOf", []):
            # A constraint written beside `anyOf` (a query's `str | None`) holds for each branch.
            inherited = {k: schema[k] for k in ("pattern",) if k in schema}
            walk({**branch, **inherited}, where, seen)
        if schema.get("type") == "string":
            found.append((where, schema))
        for key, prop in schema.get("properties", {}).items():
            if key not in _PASSWORD_FIELDS:
                walk(prop, f"{where}.{key}", seen)
        if isinstance(schema.get("items"), dict):
            walk(schema["items"], f"{where}[]", seen)

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                walk(content["application/json"]["schema"], where, frozenset())
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    walk(parameter["schema"], f"{where}?{parameter['name']}", frozenset())
    return found


def _constrained(schema: dict[str, Any]) -> bool:
    return any(key in schema for key in ("pattern", "enum", "const", "format"))
