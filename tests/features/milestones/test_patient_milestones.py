"""A child's milestones: due checklists, corrected age, concerns, observations and history."""

import pytest
from httpx import AsyncClient

from app.features.milestones.catalog import load_catalog
from tests.factories import (
    SignedIn,
    create_patient,
    milestones_path,
    observe_milestone,
    read_milestones,
)
from tests.features.milestones.conftest import after, months_ago, today

pytestmark = pytest.mark.date_sensitive  # runs on month ends and 29 Feb


def codes_of(age_months: int) -> list[str]:
    group = load_catalog().group(age_months)
    assert group is not None
    return [i.code for i in group.items if not i.is_who_window]


async def test_nine_month_old_with_one_six_month_item_not_yet(
    client: AsyncClient, staff: SignedIn
) -> None:
    born = months_ago(12)
    child = await create_patient(client, staff.headers, date_of_birth=born.isoformat())
    lagging = "m6-mp-2"
    for age in (2, 4, 6):
        for code in codes_of(age):
            status = "not_yet" if code == lagging else "achieved"
            await observe_milestone(
                client,
                staff.headers,
                child["id"],
                code,
                status=status,
                observed_on=after(born, age),
            )

    body = await read_milestones(client, staff.headers, child["id"], as_of=after(born, 9))

    assert body["age_used"] == "chronological"
    assert body["age"] == {"months": 9, "days": 0}
    assert [c["age_months"] for c in body["checklists"]] == [2, 4, 6, 9]
    assert body["concerns"] == [
        {
            "kind": "not_yet",
            "code": lagging,
            "text": load_catalog().by_code[lagging].text,
            "since": after(born, 6),
        }
    ]
    six = next(c for c in body["checklists"] if c["age_months"] == 6)
    item = next(i for i in six["items"] if i["code"] == lagging)
    assert item["status"] == "not_yet"
    assert item["observation"]["observed_on"] == after(born, 6)
    assert item["observation"]["source"] == "clinic"
    nine = next(c for c in body["checklists"] if c["age_months"] == 9)
    assert all(i["status"] is None and i["observation"] is None for i in nine["items"])


async def test_preterm_child_is_assessed_on_corrected_age(
    client: AsyncClient, staff: SignedIn
) -> None:
    born = months_ago(11)
    child = await create_patient(
        client, staff.headers, date_of_birth=born.isoformat(), gestational_age_weeks=30
    )
    body = await read_milestones(client, staff.headers, child["id"], as_of=after(born, 10))
    assert body["age_used"] == "corrected"
    assert body["chronological_age"] == {"months": 10, "days": 0}
    assert body["age"]["months"] == 7  # 10 months less 10 weeks
    assert [c["age_months"] for c in body["checklists"]] == [2, 4, 6]


async def test_default_as_of_is_the_clinic_today(client: AsyncClient, staff: SignedIn) -> None:
    born = months_ago(4, days=3)
    child = await create_patient(client, staff.headers, date_of_birth=born.isoformat())
    body = await read_milestones(client, staff.headers, child["id"])
    assert body["as_of"] == today().isoformat()
    assert body["age"] == {"months": 4, "days": 3}
    assert body["date_of_birth"] == born.isoformat()
    motor = [i["code"] for i in body["motor_milestones"]]
    assert motor == ["who-sitting-without-support"]  # the only window open by 4 months


async def test_loss_of_a_skill_is_flagged_first(client: AsyncClient, staff: SignedIn) -> None:
    born = months_ago(14)
    child = await create_patient(client, staff.headers, date_of_birth=born.isoformat())
    put = observe_milestone
    await put(
        client, staff.headers, child["id"], "m4-lc-1", status="not_yet", observed_on=after(born, 4)
    )
    await put(
        client, staff.headers, child["id"], "m9-lc-1", status="achieved", observed_on=after(born, 9)
    )
    await put(
        client, staff.headers, child["id"], "m9-lc-1", status="not_yet", observed_on=after(born, 11)
    )

    body = await read_milestones(client, staff.headers, child["id"], as_of=after(born, 12))

    kinds = [(c["kind"], c["code"]) for c in body["concerns"]]
    assert kinds[0] == ("loss_of_skill", "m9-lc-1")
    assert body["concerns"][0]["since"] == after(born, 11)
    assert ("who_window_passed", "who-sitting-without-support") in kinds
    assert ("not_yet", "m4-lc-1") in kinds
    order = [k for k, _ in kinds]
    ranks = ["loss_of_skill", "who_window_passed", "not_yet", "not_observed"]
    assert order == sorted(order, key=ranks.index)


async def test_history_keeps_every_observation_newest_first(
    client: AsyncClient, staff: SignedIn
) -> None:
    born = months_ago(10)
    child = await create_patient(client, staff.headers, date_of_birth=born.isoformat())
    path = milestones_path(child["id"], "m6-se-1")
    first = await observe_milestone(
        client, staff.headers, child["id"], "m6-se-1", status="not_yet", observed_on=after(born, 6)
    )
    assert first["recorded"]["status"] == "not_yet"
    await observe_milestone(
        client,
        staff.headers,
        child["id"],
        "m6-se-1",
        status="achieved",
        observed_on=after(born, 7),
        notes="laughs at peekaboo",
    )
    # Backdated: recorded last, but observed earlier, so it does not become the latest.
    late = await observe_milestone(
        client, staff.headers, child["id"], "m6-se-1", status="unsure", observed_on=after(born, 5)
    )
    assert late["recorded"]["status"] == "unsure"
    assert late["status"] == "achieved"
    assert late["observation"]["notes"] == "laughs at peekaboo"

    response = await client.get(f"{path}/history", headers=staff.headers)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == 3
    assert [(o["status"], o["observed_on"]) for o in page["items"]] == [
        ("achieved", after(born, 7)),
        ("not_yet", after(born, 6)),
        ("unsure", after(born, 5)),
    ]
    assert all(o["code"] == "m6-se-1" and o["recorded_by"] == staff.user_id for o in page["items"])
    second = await client.get(
        f"{path}/history", params={"size": 2, "page": 2}, headers=staff.headers
    )
    assert [o["status"] for o in second.json()["items"]] == ["unsure"]


async def test_same_day_observations_latest_recorded_wins(
    client: AsyncClient, staff: SignedIn
) -> None:
    born = months_ago(8)
    child = await create_patient(client, staff.headers, date_of_birth=born.isoformat())
    on = after(born, 6)
    await observe_milestone(
        client, staff.headers, child["id"], "m6-cg-1", status="achieved", observed_on=on
    )
    item = await observe_milestone(
        client, staff.headers, child["id"], "m6-cg-1", status="not_yet", observed_on=on
    )
    assert item["status"] == "not_yet"


async def test_assessment_in_the_past_ignores_later_observations(
    client: AsyncClient, staff: SignedIn
) -> None:
    born = months_ago(12)
    child = await create_patient(client, staff.headers, date_of_birth=born.isoformat())
    await observe_milestone(
        client,
        staff.headers,
        child["id"],
        "m2-se-1",
        status="achieved",
        observed_on=after(born, 10),
    )
    body = await read_milestones(client, staff.headers, child["id"], as_of=after(born, 5))
    two = body["checklists"][0]
    assert next(i for i in two["items"] if i["code"] == "m2-se-1")["status"] is None
    assert ("not_observed", "m2-se-1") in [(c["kind"], c["code"]) for c in body["concerns"]]
