"""The demo clinic: accounts, children of every age with plausible histories, live reports."""

import random
from datetime import date, timedelta

import pytest

from app.features.auth.models import User
from app.features.immunizations.models import ForecastEntry, GroupProgress, ImmunizationRecord
from app.features.milestones.models import MilestoneObservation
from app.features.patients.models import Patient
from app.features.schedules.service import get_schedule
from app.seed import DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seed_demo_clinic
from app.seed_generator import ChildPlan, plan_child
from tests.factories import clinic_today, login

pytestmark = pytest.mark.date_sensitive  # runs on month ends and 29 Feb


async def test_demo_clinic_has_staff_children_histories_and_reports(client):
    demo = await seed_demo_clinic(patients=40)
    assert demo is not None and (demo.email, demo.password) == (DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    admin = await login(client, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    users = await User.find({}).to_list()
    assert {str(u.clinic_id) for u in users} == {admin.clinic_id}
    assert sorted(u.role for u in users) == ["admin", "staff", "staff"]

    children = await Patient.find({}).to_list()
    assert len(children) == 40
    today = clinic_today()
    ages = [(today - c.date_of_birth).days for c in children]
    assert min(ages) >= 0 and max(ages) <= 5 * 365 + 1
    assert any(age < 365 for age in ages) and any(age > 3 * 365 for age in ages)
    guardians = [c.guardians[0] for c in children]
    assert any(g.email for g in guardians) and any(g.email is None for g in guardians)

    records = await ImmunizationRecord.find({}).to_list()
    assert len(records) > 40 * 5
    assert {r.source for r in records} >= {"administered"}
    assert all(r.vaccine_groups for r in records)
    assert all(r.date_administered <= today for r in records)
    completed = [r for r in records if r.status == "completed"]
    assert all(r.cvx for r in completed)

    # Stored forecast rows: some children overdue, some groups complete.
    overdue = await ForecastEntry.find({"past_due_date": {"$lte": today}}).to_list()
    assert overdue
    assert await GroupProgress.find({"status": "complete"}).count() > 0
    assert await MilestoneObservation.find({}).count() > 0

    summary = await client.get("/api/v1/reports/summary", headers=admin.headers)
    assert summary.status_code == 200, summary.text
    figures = summary.json()
    assert figures["active_patients"] == 40
    assert figures["overdue"] > 0
    assert 0 < figures["up_to_date_pct"] < 100
    assert figures["doses_administered_last_30_days"] > 0
    coverage = await client.get(
        "/api/v1/reports/coverage", params={"cohort": "24-35m"}, headers=admin.headers
    )
    assert coverage.status_code == 200, coverage.text
    assert coverage.json()["eligible"] > 0
    assert any(i["vaccinated"] > 0 for i in coverage.json()["indicators"])
    start = (today - timedelta(days=365)).isoformat()
    doses = await client.get(
        "/api/v1/reports/doses-administered", params={"from": start}, headers=admin.headers
    )
    assert doses.json()["total"] > 0


async def test_seed_only_fills_an_empty_database(client):
    assert await seed_demo_clinic(patients=5) is not None
    assert await seed_demo_clinic(patients=5) is None  # users exist: nothing more
    assert await Patient.find({}).count() == 5


def test_generated_children_are_deterministic_and_follow_their_profile():
    schedule = get_schedule("who")
    today = date(2026, 6, 1)

    def plans(seed: int) -> list[ChildPlan]:
        rng = random.Random(seed)
        return [plan_child(schedule, rng, today, checklists={}, who_windows=[]) for _ in range(60)]

    first = plans(7)
    assert first == plans(7)
    assert first != plans(8)
    profiles = {plan.profile for plan in first}
    assert {"on_time", "late", "defaulter"} <= profiles
    for plan in first:
        days = [dose.day for dose in plan.doses]
        assert days == sorted(days)
        assert all(plan.date_of_birth <= day <= today for day in days)
        assert all(dose.cvx in schedule.cvx for dose in plan.doses if not dose.not_done)
    on_time_five = [
        p for p in first if p.profile == "on_time" and (today - p.date_of_birth).days > 4 * 365
    ]
    # A five-year-old seen on time has had the routine series: about 15-20 doses.
    assert all(len(p.doses) >= 12 for p in on_time_five)
    refused = [d for p in plans(1) + plans(2) for d in p.doses if d.not_done]
    assert refused and all(len(d.vaccine_groups) == 1 and d.cvx is None for d in refused)


async def test_concern_periods_from_held_observations_equal_those_read_back(client):
    """The seed hands the concern rules the observations it inserted: the same periods result
    as when the rules read them back from the database."""
    from app.features.milestones import service as milestones_service
    from app.features.milestones.models import StoredConcernPeriod

    def snapshot(periods: list[StoredConcernPeriod]) -> list[dict]:
        kept = [
            p.model_dump(exclude={"id", "revision", "created_at", "updated_at"}) for p in periods
        ]
        return sorted(kept, key=lambda p: (str(p["patient_id"]), p["starts_on"]))

    assert await seed_demo_clinic(patients=40) is not None
    seeded = snapshot(await StoredConcernPeriod.find({}).to_list())
    assert seeded, "the demo clinic has children with concerns"
    children = await Patient.find({}).to_list()
    await milestones_service.refresh_concerns(children)  # reads every observation back
    assert snapshot(await StoredConcernPeriod.find({}).to_list()) == seeded
