"""Listing a clinic's children: name and MRN search, birth-date range, status, pages."""

import pytest

from tests.factories import PATIENTS, assert_error, create_patient


async def ids_of(client, headers, **params) -> list[str]:
    response = await client.get(PATIENTS, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [p["id"] for p in response.json()["items"]]


@pytest.fixture
async def family(client, staff) -> dict[str, str]:
    """Five children whose names exercise accents, case and prefixes."""
    specs = {
        "amara": ("Amára", "Okafor", "2021-01-15", "MRN-100"),
        "amadou": ("Amadou", "Diallo", "2022-06-30", "MRN-1000"),
        "tomas": ("Tomás", "Ámbar", "2023-02-01", None),
        "zoe": ("Zoë", "Ngata", "2024-12-31", "ZX-9"),
        "mara": ("Mara", "Liang", "2020-07-07", None),
    }
    ids = {}
    for key, (first, last, born, mrn) in specs.items():
        patient = await create_patient(
            client,
            staff.headers,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            medical_record_number=mrn,
        )
        ids[key] = patient["id"]
    return ids


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("amara", {"amara"}),  # accent-insensitive: "amara" finds "Amára"
        ("AMÁRA", {"amara"}),
        ("ama", {"amara", "amadou"}),
        ("am", {"amara", "amadou", "tomas"}),  # "Ámbar" is a last-name prefix match
        ("ambar", {"tomas"}),
        ("zoe", {"zoe"}),
        ("ZOË", {"zoe"}),
        ("ngat", {"zoe"}),
        ("  okaf  ", {"amara"}),
        ("mara", {"mara"}),  # a prefix only: "Amára" does not contain it at the start
        ("kafor", set()),
        ("xyz", set()),
    ],
)
async def test_name_prefix_search_ignores_case_and_accents(client, staff, family, q, expected):
    found = await ids_of(client, staff.headers, q=q)
    assert set(found) == {family[key] for key in expected}
    assert len(found) == len(set(found))


async def test_search_by_exact_medical_record_number(client, staff, family):
    assert await ids_of(client, staff.headers, q="MRN-100") == [family["amara"]]
    assert await ids_of(client, staff.headers, q="MRN-1000") == [family["amadou"]]
    assert await ids_of(client, staff.headers, q=" ZX-9 ") == [family["zoe"]]
    # Exact, not a prefix or a substring.
    assert await ids_of(client, staff.headers, q="MRN-10") == []
    assert await ids_of(client, staff.headers, q="MRN") == []


@pytest.mark.parametrize("q", ["(", "a.*", "[", "\\", "$where", "^", "a+b"])
async def test_regex_characters_are_searched_literally(client, staff, family, q):
    assert await ids_of(client, staff.headers, q=q) == []


async def test_empty_query_lists_everyone(client, staff, family):
    assert set(await ids_of(client, staff.headers, q="")) == set(family.values())
    assert set(await ids_of(client, staff.headers, q="   ")) == set(family.values())


async def test_query_too_long_is_422(client, staff):
    assert_error(await client.get(PATIENTS, params={"q": "a" * 101}, headers=staff.headers), 422)


async def test_born_from_and_born_to_are_inclusive(client, staff, family):
    found = await ids_of(client, staff.headers, born_from="2021-01-15", born_to="2023-02-01")
    assert set(found) == {family["amara"], family["amadou"], family["tomas"]}
    assert set(await ids_of(client, staff.headers, born_from="2022-07-01")) == {
        family["tomas"],
        family["zoe"],
    }
    assert set(await ids_of(client, staff.headers, born_to="2021-01-14")) == {family["mara"]}
    assert await ids_of(client, staff.headers, born_from="2025-01-01") == []
    assert await ids_of(client, staff.headers, born_from="2023-01-01", born_to="2022-01-01") == []
    combined = await ids_of(client, staff.headers, q="am", born_from="2022-01-01")
    assert set(combined) == {family["amadou"], family["tomas"]}
    assert_error(
        await client.get(PATIENTS, params={"born_from": "soon"}, headers=staff.headers), 422
    )


async def test_status_filter(client, staff, family):
    archived = await client.post(
        f"{PATIENTS}/{family['zoe']}/archive", json={"reason": "Moved"}, headers=staff.headers
    )
    assert archived.status_code == 200
    active = await ids_of(client, staff.headers)
    assert family["zoe"] not in active and len(active) == 4
    assert await ids_of(client, staff.headers, status="active") == active
    assert await ids_of(client, staff.headers, status="archived") == [family["zoe"]]
    assert await ids_of(client, staff.headers, status="archived", q="zoe") == [family["zoe"]]
    assert await ids_of(client, staff.headers, q="zoe") == []
    assert_error(
        await client.get(PATIENTS, params={"status": "deleted"}, headers=staff.headers), 422
    )


async def test_list_is_sorted_by_last_then_first_name(client, staff):
    for first, last in [("Bea", "Zulu"), ("Ana", "álvarez"), ("Zed", "Alvarez"), ("Cy", "Moss")]:
        await create_patient(client, staff.headers, first_name=first, last_name=last)
    body = (await client.get(PATIENTS, headers=staff.headers)).json()
    assert [(p["last_name"], p["first_name"]) for p in body["items"]] == [
        ("álvarez", "Ana"),
        ("Alvarez", "Zed"),
        ("Moss", "Cy"),
        ("Zulu", "Bea"),
    ]


async def test_pages_cover_every_child_once(client, staff):
    created = {
        (await create_patient(client, staff.headers, first_name=f"Kid{i:02d}"))["id"]
        for i in range(23)
    }
    seen: list[str] = []
    for page in (1, 2, 3):
        response = await client.get(
            PATIENTS, params={"page": page, "size": 10}, headers=staff.headers
        )
        body = response.json()
        assert body["total"] == 23
        assert body["page"] == page and body["size"] == 10
        assert len(body["items"]) == (10 if page < 3 else 3)
        seen += [p["id"] for p in body["items"]]
    assert len(seen) == 23 and set(seen) == created
    beyond = (
        await client.get(PATIENTS, params={"page": 4, "size": 10}, headers=staff.headers)
    ).json()
    assert beyond["items"] == [] and beyond["total"] == 23
    default = (await client.get(PATIENTS, headers=staff.headers)).json()
    assert default["page"] == 1 and default["size"] == 20 and len(default["items"]) == 20


@pytest.mark.parametrize("params", [{"page": 0}, {"size": 0}, {"size": 101}, {"page": "x"}])
async def test_bad_paging_is_422(client, staff, params):
    assert_error(await client.get(PATIENTS, params=params, headers=staff.headers), 422)


async def test_search_results_are_paged_with_their_own_total(client, staff):
    for i in range(5):
        await create_patient(client, staff.headers, first_name=f"Ngozi{i}", last_name="Eze")
    await create_patient(client, staff.headers, first_name="Other", last_name="Person")
    body = (
        await client.get(
            PATIENTS, params={"q": "ngozi", "size": 2, "page": 3}, headers=staff.headers
        )
    ).json()
    assert body["total"] == 5
    assert len(body["items"]) == 1
