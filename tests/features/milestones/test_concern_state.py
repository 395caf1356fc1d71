"""The stored concern state: the list and the count equal a fresh computation after every change,
and concerns that arise (or end) by the passing of days show without any write."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from beanie import PydanticObjectId
from httpx import AsyncClient

from app.features.milestones import service as milestones_service
from app.features.milestones.catalog import load_catalog
from app.features.milestones.models import MilestoneObservation, StoredConcernPeriod
from app.features.milestones.periods import concern_periods
from app.features.milestones.repository import replace_periods
from app.features.milestones.rules import ObservationFact, summarise
from app.features.patients.models import Patient
from app.shared.time import add_months
from tests.factories import SignedIn, login, observe_milestone, read_milestones
from tests.features.milestones.conftest import (
    CODES_AT_2_MONTHS,
    CONCERNS,
    after,
    child,
    months_ago,
    today,
)

PATIENTS = "/api/v1/patients"
KIND_ORDER = ["loss_of_skill", "who_window_passed", "not_yet", "not_observed"]


async def listed(client: AsyncClient, who: SignedIn) -> list[str]:
    response = await client.get(CONCERNS, params={"size": 100}, headers=who.headers)
    assert response.status_code == 200, response.text
    return [row["first_name"] for row in response.json()["items"]]


async def summary_count(client: AsyncClient, who: SignedIn) -> int:
    response = await client.get("/api/v1/reports/summary", headers=who.headers)
    assert response.status_code == 200, response.text
    count: int = response.json()["children_with_milestone_concerns"]
    return count


async def stored_periods(
    clinic_id: str | None, patient_id: str
) -> list[tuple[date, date, str, str, date]]:
    query = {"clinic_id": PydanticObjectId(clinic_id), "patient_id": PydanticObjectId(patient_id)}
    rows = await StoredConcernPeriod.find(query).to_list()
    return sorted((r.starts_on, r.ends_on, r.kind, r.code, r.since) for r in rows)


async def recomputed_periods(profile: dict[str, Any]) -> list[tuple[date, date, str, str, date]]:
    """The periods computed from scratch from the child's profile and every observation."""
    if profile["status"] != "active":
        return []
    query = {
        "clinic_id": PydanticObjectId(profile["clinic_id"]),
        "patient_id": PydanticObjectId(profile["id"]),
    }
    observations = await MilestoneObservation.find(query).to_list()
    histories: dict[str, list[ObservationFact]] = {}
    for o in observations:
        histories.setdefault(o.code, []).append(
            ObservationFact(o.status, o.observed_on, o.recorded_at)
        )
    summaries = {code: s for code, h in histories.items() if (s := summarise(h))}
    born = date.fromisoformat(profile["date_of_birth"])
    periods = concern_periods(
        load_catalog().items, summaries, born, profile.get("gestational_age_weeks")
    )
    kept_after = today() - timedelta(days=1)
    return sorted(
        (p.starts_on, p.ends_on, p.lead.kind, p.lead.code, p.lead.since)
        for p in periods
        if p.ends_on > kept_after
    )


async def assert_state_is_fresh(
    client: AsyncClient, who: SignedIn, patient_ids: list[str]
) -> list[str]:
    """The stored periods, the list and the count against each child's own fresh assessment.

    Returns the first names in the list's order.
    """
    expected = []
    for patient_id in patient_ids:
        response = await client.get(f"{PATIENTS}/{patient_id}", headers=who.headers)
        assert response.status_code == 200, response.text
        profile = response.json()
        assert await stored_periods(who.clinic_id, patient_id) == await recomputed_periods(profile)
        concerns = (await read_milestones(client, who.headers, patient_id))["concerns"]
        if profile["status"] == "active" and concerns:
            lead = concerns[0]
            urgency = (KIND_ORDER.index(lead["kind"]), lead["since"], lead["code"])
            names = (profile["last_name"], profile["first_name"], patient_id)
            expected.append((urgency, names, profile["first_name"], concerns))
    expected.sort(key=lambda e: (e[0], e[1]))
    response = await client.get(CONCERNS, params={"size": 100}, headers=who.headers)
    page = response.json()
    assert [r["patient_id"] for r in page["items"]] == [e[1][2] for e in expected]
    assert [r["concerns"] for r in page["items"]] == [e[3] for e in expected]
    assert page["total"] == len(expected)
    assert await summary_count(client, who) == len(expected)
    return [e[2] for e in expected]


async def patch(client: AsyncClient, who: SignedIn, patient_id: str, **changes: Any) -> None:
    response = await client.patch(f"{PATIENTS}/{patient_id}", json=changes, headers=who.headers)
    assert response.status_code == 200, response.text


async def post(client: AsyncClient, who: SignedIn, path: str, **body: Any) -> None:
    response = await client.post(path, json=body, headers=who.headers)
    assert response.status_code == 200, response.text


async def test_stored_state_follows_every_kind_of_change(
    client: AsyncClient, staff: SignedIn
) -> None:
    unseen = await child(client, staff, "Unseen", months_ago(5))
    young = await child(client, staff, "Young", born := months_ago(3))
    lost = await child(client, staff, "Lost", lost_born := months_ago(14))
    await observe_milestone(
        client, staff.headers, lost, "m9-lc-1", status="achieved", observed_on=after(lost_born, 9)
    )
    await observe_milestone(
        client, staff.headers, lost, "m9-lc-1", status="not_yet", observed_on=after(lost_born, 11)
    )
    # Ten weeks early: at five months the corrected age is under three, so no concern yet.
    preterm = await child(client, staff, "Preterm", months_ago(5), gestational_age_weeks=30)
    twin = await child(client, staff, "Twin", months_ago(5))
    everyone = [unseen, young, lost, preterm, twin]
    assert await assert_state_is_fresh(client, staff, everyone) == ["Lost", "Twin", "Unseen"]

    for code in CODES_AT_2_MONTHS:  # observations that clear a child
        await observe_milestone(
            client, staff.headers, unseen, code, status="achieved", observed_on=today().isoformat()
        )
    assert await assert_state_is_fresh(client, staff, everyone) == ["Lost", "Twin"]

    await observe_milestone(  # an observation that adds one
        client, staff.headers, young, "m2-se-1", status="not_yet", observed_on=after(born, 2)
    )
    assert await assert_state_is_fresh(client, staff, everyone) == ["Lost", "Young", "Twin"]

    # A date of birth corrected to one month ago: the 2-month checklist is not due yet.
    await patch(client, staff, young, date_of_birth=months_ago(1).isoformat())
    assert await assert_state_is_fresh(client, staff, everyone) == ["Lost", "Twin"]

    await patch(client, staff, preterm, gestational_age_weeks=39)
    assert await assert_state_is_fresh(client, staff, everyone) == ["Lost", "Preterm", "Twin"]

    await patch(client, staff, twin, last_name="Abbot")  # same lead: the name decides
    assert await assert_state_is_fresh(client, staff, everyone) == ["Lost", "Twin", "Preterm"]

    await post(client, staff, f"{PATIENTS}/{lost}/archive", reason="moved away")
    assert await assert_state_is_fresh(client, staff, everyone) == ["Twin", "Preterm"]
    await post(client, staff, f"{PATIENTS}/{lost}/restore")
    assert await assert_state_is_fresh(client, staff, everyone) == ["Lost", "Twin", "Preterm"]


@contextmanager
def on_day(day: date) -> Iterator[None]:
    """The clock moved to noon of `day` (sessions signed in before have expired by then)."""
    with time_machine.travel(datetime.combine(day, time(12), UTC), tick=True):
        yield


@pytest.mark.date_sensitive  # runs on month ends and 29 Feb
async def test_a_concern_arising_by_the_passing_of_days_shows_without_any_write(
    client: AsyncClient, staff: SignedIn
) -> None:
    born = months_ago(3)
    await child(client, staff, "Quiet", born)
    # The 2-month checklist unobserved for two more months: a concern from 4 months of age.
    arises = add_months(born, 4)
    assert arises > today()
    assert await listed(client, staff) == []

    with on_day(arises - timedelta(days=1)):
        signed_in = await login(client, staff.email)
        assert await listed(client, signed_in) == []
        assert await summary_count(client, signed_in) == 0
    with on_day(arises):
        signed_in = await login(client, staff.email)
        page = (await client.get(CONCERNS, headers=signed_in.headers)).json()
        assert [r["first_name"] for r in page["items"]] == ["Quiet"]
        assert {c["kind"] for c in page["items"][0]["concerns"]} == {"not_observed"}
        assert page["items"][0]["concerns"][0]["since"] == arises.isoformat()
        assert await summary_count(client, signed_in) == 1


@pytest.mark.date_sensitive
async def test_the_order_changes_and_surveillance_ends_by_the_passing_of_days(
    client: AsyncClient, staff: SignedIn
) -> None:
    # Sitting: unobserved past 9.2 months (9 months and 6 days) outranks a "not yet".
    sitting_born = months_ago(9)
    await child(client, staff, "Sitter", sitting_born)
    delayed = await child(client, staff, "Delayed", born := months_ago(7))
    await observe_milestone(
        client, staff.headers, delayed, "m2-se-1", status="not_yet", observed_on=after(born, 2)
    )
    # Six years old in a few weeks: past developmental surveillance then.
    leaving_born = months_ago(71, days=5)
    await child(client, staff, "Leaving", leaving_born)
    assert await listed(client, staff) == ["Leaving", "Delayed", "Sitter"]

    window_passed = add_months(sitting_born, 9) + timedelta(days=7)
    six_years = add_months(leaving_born, 72)
    assert today() < window_passed < six_years
    with on_day(window_passed):
        signed_in = await login(client, staff.email)
        assert await listed(client, signed_in) == ["Leaving", "Sitter", "Delayed"]
    with on_day(six_years - timedelta(days=1)):
        signed_in = await login(client, staff.email)
        assert "Leaving" in await listed(client, signed_in)
    with on_day(six_years):
        signed_in = await login(client, staff.email)
        assert await listed(client, signed_in) == ["Sitter", "Delayed"]
        assert await summary_count(client, signed_in) == 2


async def test_overlapping_refreshes_keep_only_the_newest_computation(
    client: AsyncClient, admin: SignedIn
) -> None:
    patient_id = PydanticObjectId(await child(client, admin, "Raced", months_ago(5)))
    clinic_id = PydanticObjectId(admin.clinic_id)
    older, newer = PydanticObjectId(), PydanticObjectId()

    def period(revision: PydanticObjectId, code: str) -> StoredConcernPeriod:
        return StoredConcernPeriod(
            clinic_id=clinic_id,
            patient_id=patient_id,
            revision=revision,
            first_name="Raced",
            last_name="Lee",
            date_of_birth=months_ago(5),
            starts_on=today(),
            ends_on=today() + timedelta(days=9),
            kind_rank=3,
            kind="not_observed",
            code=code,
            since=today(),
        )

    # The newer computation finishes first, the older one last: the newer one stays.
    await replace_periods(clinic_id, [patient_id], newer, [period(newer, "new")])
    await replace_periods(clinic_id, [patient_id], older, [period(older, "old")])
    assert [p[3] for p in await stored_periods(admin.clinic_id, str(patient_id))] == ["new"]
    # In order, the newest replaces the rest.
    newest = PydanticObjectId()
    await replace_periods(clinic_id, [patient_id], newest, [period(newest, "newest")])
    assert [p[3] for p in await stored_periods(admin.clinic_id, str(patient_id))] == ["newest"]


async def test_a_bulk_refresh_stores_what_the_changes_stored(
    client: AsyncClient, staff: SignedIn
) -> None:
    ids = [await child(client, staff, name, months_ago(age)) for name, age in (("A", 5), ("B", 14))]
    ids.append(await child(client, staff, "C", months_ago(9), gestational_age_weeks=31))
    for code, status in (("m2-se-1", "not_yet"), ("m2-se-2", "achieved")):
        await observe_milestone(
            client, staff.headers, ids[2], code, status=status, observed_on=today().isoformat()
        )
    await observe_milestone(
        client,
        staff.headers,
        ids[1],
        "m9-lc-1",
        status="achieved",
        observed_on=after(months_ago(14), 9),
    )
    await observe_milestone(
        client, staff.headers, ids[1], "m9-lc-1", status="not_yet", observed_on=today().isoformat()
    )
    stored = [await stored_periods(staff.clinic_id, i) for i in ids]
    assert all(stored)
    clinic_id = PydanticObjectId(staff.clinic_id)
    children = await Patient.find({"clinic_id": clinic_id}).to_list()
    observations = await MilestoneObservation.find({"clinic_id": clinic_id}).to_list()

    for held in (None, observations):
        await StoredConcernPeriod.find({"clinic_id": clinic_id}).delete()
        await milestones_service.refresh_concerns(children, observations=held)
        assert [await stored_periods(staff.clinic_id, i) for i in ids] == stored
    rows = (await client.get(CONCERNS, headers=staff.headers)).json()["items"]
    assert [r["first_name"] for r in rows] == ["B", "C", "A"]
