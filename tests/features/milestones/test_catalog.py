"""The milestone catalog: CDC 2022 checklists and WHO motor windows, for any signed-in user."""

import pytest
from httpx import AsyncClient

from app.features.milestones import service
from tests.factories import SignedIn, assert_error, create_parent

CATALOG = "/api/v1/milestones"
CDC_AGES = [2, 4, 6, 9, 12, 15, 18, 24, 30, 36, 48, 60]


async def test_catalog_lists_every_item_by_age(client: AsyncClient, admin: SignedIn) -> None:
    response = await client.get(CATALOG, headers=admin.headers)
    assert response.status_code == 200, response.text
    groups = response.json()
    ages = [g["age_months"] for g in groups]
    assert ages == sorted(ages) and set(CDC_AGES) <= set(ages)
    items = [item for g in groups for item in g["items"]]
    cdc = [i for i in items if i["source"] == "CDC LTSAE 2022"]
    who = [i for i in items if i["source"] == "WHO MGRS 2006"]
    assert (len(cdc), len(who), len(items)) == (159, 6, 165)
    assert len({i["code"] for i in items}) == 165
    assert {i["domain"] for i in cdc} == {
        "social_emotional",
        "language_communication",
        "cognitive",
        "movement_physical",
    }
    assert all(i["window_end_months"] is None and i["revision"] == "2022" for i in cdc)


async def test_two_month_checklist_is_the_cdc_2022_list(
    client: AsyncClient, admin: SignedIn
) -> None:
    response = await client.get(CATALOG, params={"age_months": 2}, headers=admin.headers)
    assert response.status_code == 200, response.text
    [group] = response.json()
    assert group["age_months"] == 2
    codes = [i["code"] for i in group["items"]]
    assert len(codes) == 11 and codes[0] == "m2-se-1"
    assert group["items"][0] == {
        "code": "m2-se-1",
        "domain": "social_emotional",
        "text": "Calms down when spoken to or picked up",
        "source": "CDC LTSAE 2022",
        "revision": "2022",
        "window_start_months": None,
        "window_end_months": None,
        "criterion": None,
    }


async def test_who_motor_milestones_carry_their_windows(
    client: AsyncClient, admin: SignedIn
) -> None:
    response = await client.get(CATALOG, params={"age_months": 10}, headers=admin.headers)
    [group] = response.json()
    [sitting] = group["items"]
    assert sitting["code"] == "who-sitting-without-support"
    assert sitting["domain"] == "movement_physical"
    assert (sitting["window_start_months"], sitting["window_end_months"]) == (3.8, 9.2)
    assert sitting["source"] == "WHO MGRS 2006" and sitting["criterion"]
    everything = (await client.get(CATALOG, headers=admin.headers)).json()
    who = {
        i["code"]: (i["window_start_months"], i["window_end_months"])
        for g in everything
        for i in g["items"]
        if i["source"] == "WHO MGRS 2006"
    }
    assert who == {
        "who-sitting-without-support": (3.8, 9.2),
        "who-standing-with-assistance": (4.8, 11.4),
        "who-hands-and-knees-crawling": (5.2, 13.5),
        "who-walking-with-assistance": (5.9, 13.7),
        "who-standing-alone": (6.9, 16.9),
        "who-walking-alone": (8.2, 17.6),
    }


async def test_parents_may_read_the_catalog(client: AsyncClient, admin: SignedIn) -> None:
    parent = await create_parent(client)
    response = await client.get(CATALOG, params={"age_months": 60}, headers=parent.headers)
    assert response.status_code == 200
    assert len(response.json()[0]["items"]) == 15


async def test_catalog_needs_a_signed_in_user(client: AsyncClient) -> None:
    assert_error(await client.get(CATALOG), 401)


async def test_unknown_age_is_404(client: AsyncClient, admin: SignedIn) -> None:
    response = await client.get(CATALOG, params={"age_months": 7}, headers=admin.headers)
    assert_error(response, 404, "checklist_not_found")


@pytest.mark.parametrize("value", ["nine", "9.5", "", "-1"])
async def test_non_integer_age_is_422(client: AsyncClient, admin: SignedIn, value: str) -> None:
    response = await client.get(CATALOG, params={"age_months": value}, headers=admin.headers)
    assert_error(response, 422, "validation_error")


def test_checklist_ages_for_other_features() -> None:
    assert service.checklist_ages() == CDC_AGES
