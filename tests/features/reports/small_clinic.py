"""A small cdc-acip clinic whose report figures are known, built through the API.

Ages are counted back from the clinic's today (UTC). Every child is younger than four months
(no unobserved-milestone concern yet) except `overdue_many`, whose 2-month checklist is
observed as achieved. Expected figures (active children only):

| child          | age   | history                                     | forecast              |
|----------------|-------|---------------------------------------------|-----------------------|
| newborn        | 10 d  | HepB at birth, administered (in last 30 d)  | due (HepB 2)          |
| historical     | 10 d  | HepB at birth, historical (not counted)     | due                   |
| in_error       | 10 d  | HepB administered, then entered in error    | due (HepB 1)          |
| overdue_one    | 40 d  | nothing                                     | overdue: HepB         |
| overdue_many   | 150 d | nothing                                     | overdue: 5 groups     |
| concern        | 95 d  | HepB at birth; 5 doses 25 days ago          | due (4-month doses)   |
| archived       | 40 d  | nothing, archived                           | not counted           |

Another clinic has an overdue child with a dose given today: never counted here.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from httpx import AsyncClient

from tests.factories import (
    PATIENTS,
    SignedIn,
    add_dose,
    clinic_today,
    create_clinic_admin,
    create_patient,
    immunizations_path,
    observe_milestone,
    set_schedule,
)

TWO_MONTH_CHECKLIST = [
    *(f"m2-se-{n}" for n in (1, 2, 3, 4)),
    "m2-lc-1",
    "m2-lc-2",
    "m2-cg-1",
    "m2-cg-2",
    *(f"m2-mp-{n}" for n in (1, 2, 3)),
]
TWO_MONTH_DOSES = ("20", "48", "215", "10", "116")  # DTaP, Hib, PCV, IPV, rotavirus


@dataclass
class SmallClinic:
    """The admin, the children's ids by name, and today."""

    admin: SignedIn
    other_admin: SignedIn
    ids: dict[str, str]
    today: date

    @property
    def headers(self) -> dict[str, str]:
        return self.admin.headers


EXPECTED_SUMMARY = {
    "active_patients": 6,
    "overdue": 2,
    "due_next_30_days": 4,
    "doses_administered_last_30_days": 6,
    "up_to_date_pct": 66.7,
    "children_with_milestone_concerns": 1,
}


async def _child(
    client: AsyncClient, headers: dict[str, str], label: str, born: date, **guardian: str
) -> str:
    guardians = [{"relationship": "mother", "is_primary": True, **guardian}] if guardian else []
    patient = await create_patient(
        client,
        headers,
        first_name=label.replace("_", " ").title(),
        date_of_birth=born.isoformat(),
        guardians=guardians,
    )
    return str(patient["id"])


async def build_small_clinic(client: AsyncClient) -> SmallClinic:
    """Create the clinic of the module docstring and return its ids."""
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    headers, today = admin.headers, clinic_today()

    def born(days: int) -> date:
        return today - timedelta(days=days)

    ids: dict[str, str] = {}
    ids["newborn"] = await _child(client, headers, "newborn", born(10))
    await add_dose(client, headers, ids["newborn"], "08", born(10))
    ids["historical"] = await _child(client, headers, "historical", born(10))
    await add_dose(client, headers, ids["historical"], "08", born(10), source="historical")
    ids["in_error"] = await _child(client, headers, "in_error", born(10))
    record = await add_dose(client, headers, ids["in_error"], "08", born(10))
    marked = await client.post(
        f"{immunizations_path(ids['in_error'], record['id'])}/entered-in-error",
        json={"reason": "recorded on the wrong child"},
        headers=headers,
    )
    assert marked.status_code == 200, marked.text
    ids["overdue_one"] = await _child(
        client,
        headers,
        "overdue_one",
        born(40),
        name="Olu Mother",
        email="olu.mother@example.org",
        phone="+234 801 000 0001",
    )
    ids["overdue_many"] = await _child(
        client, headers, "overdue_many", born(150), name="Mia Mother", phone="+234 801 000 0002"
    )
    for code in TWO_MONTH_CHECKLIST:
        await observe_milestone(
            client,
            headers,
            ids["overdue_many"],
            code,
            status="achieved",
            observed_on=born(80).isoformat(),
        )
    ids["concern"] = await _child(client, headers, "concern", born(95))
    await add_dose(client, headers, ids["concern"], "08", born(95))
    for cvx in TWO_MONTH_DOSES:
        await add_dose(client, headers, ids["concern"], cvx, born(25))
    await observe_milestone(
        client,
        headers,
        ids["concern"],
        "m2-se-1",
        status="not_yet",
        observed_on=born(3).isoformat(),
    )
    ids["archived"] = await _child(client, headers, "archived", born(40))
    archived = await client.post(
        f"{PATIENTS}/{ids['archived']}/archive", json={"reason": "moved away"}, headers=headers
    )
    assert archived.status_code == 200, archived.text

    other = await create_clinic_admin(client, clinic_name="Elsewhere Clinic")
    await set_schedule(client, other.headers, "cdc-acip")
    ids["elsewhere"] = await _child(client, other.headers, "elsewhere", born(40))
    await add_dose(client, other.headers, ids["elsewhere"], "20", born(0))
    return SmallClinic(admin=admin, other_admin=other, ids=ids, today=today)
