"""Plausible demo children, generated from the clinic's schedule itself (pure, no database).

Each child walks forward from birth: the engine says which dose of each vaccine group is due
next and when; the child comes on that date plus a delay drawn from their profile, gets
every dose then due (the schedule's preferable vaccine, so one combination vaccine covers
several groups), and the engine is asked again. Profiles: ~70% on time (0-14 days late),
~15% late (1-3 months at about half the visits), ~10% defaulters (stop coming at some age),
~5% refusals (one or two vaccine groups refused: a not-done record with reason refusal).
Every draw comes from the `random.Random` passed in, so a seed gives the same clinic.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from typing import Literal

from app.features.schedules import engine
from app.features.schedules.engine.model import AdministeredDose, Schedule, SeriesStatus
from app.shared.time import add_months

Profile = Literal["on_time", "late", "defaulter", "refusal"]
MAX_VISITS = 60
MAX_AGE_DAYS = 5 * 365 + 1

# fmt: off
FIRST_NAMES = [
    "Amára", "Amadou", "Aïcha", "Ana", "Björn", "Chloé", "Chidi", "Dário", "Élodie", "Emeka",
    "Fatoumata", "Grace", "Hélène", "Ifeoma", "Inés", "José", "Kwame", "Léa", "Lucía", "Maëlle",
    "Ngozi", "Nnamdi", "Noémie", "Óscar", "Oluwaseun", "Ramón", "Siobhán", "Søren", "Tomás",
    "Thandiwe", "Zoë", "Wanjiru", "Yaw", "Ayşe", "Mei", "Arjun", "Priya", "Omar", "Layla", "Noah",
]
LAST_NAMES = [
    "Okafor", "García", "Müller", "Núñez", "Diallo", "Ndlovu", "Çelik", "Nowak", "Bähr",
    "Adeyemi", "Mensah", "Ferreira", "Dubois", "Lefèvre", "Ó Briain", "Håkansson", "Kariuki",
    "Mwangi", "Öztürk", "Pérez", "Schröder", "Sánchez", "Traoré", "Vázquez", "Wójcik", "Yılmaz",  # noqa: RUF001
    "Achebe", "Bianchi", "Coulibaly", "Danso", "Nguyen", "Haddad", "Kowalski", "Santos", "Ito",
]
# fmt: on


@dataclass(frozen=True)
class DoseEvent:
    """A dose given (or refused) at a visit."""

    day: date
    cvx: str | None
    vaccine_groups: tuple[str, ...]
    not_done: bool = False
    historical: bool = False


@dataclass(frozen=True)
class ObservationEvent:
    """A milestone observed at a well-child visit."""

    code: str
    status: Literal["achieved", "not_yet"]
    observed_on: date


@dataclass
class ChildPlan:
    """A generated child: profile facts, doses and milestone observations."""

    first_name: str
    last_name: str
    date_of_birth: date
    sex: Literal["female", "male"]
    profile: Profile
    gestational_age_weeks: int | None
    doses: list[DoseEvent] = field(default_factory=list)
    observations: list[ObservationEvent] = field(default_factory=list)


def draw_profile(rng: Random) -> Profile:
    """On time 70%, late 15%, defaulter 10%, refusal 5%."""
    roll = rng.random()
    if roll < 0.70:
        return "on_time"
    if roll < 0.85:
        return "late"
    return "defaulter" if roll < 0.95 else "refusal"


def _delay(rng: Random, profile: Profile) -> int:
    if profile == "late" and rng.random() < 0.5:
        return rng.randint(30, 90)
    return rng.randint(0, 14)


def _vaccine_for(schedule: Schedule, types: tuple[str, ...], rng: Random) -> str | None:
    known = [cvx for cvx in dict.fromkeys(types) if cvx in schedule.cvx]
    if not known:
        return None
    # Mostly the first preferable vaccine (what a clinic stocks), sometimes another one.
    return known[0] if rng.random() < 0.8 else rng.choice(known)


def plan_doses(
    schedule: Schedule, rng: Random, born: date, sex: str, profile: Profile, today: date
) -> list[DoseEvent]:
    """Walk the child forward from birth, visit by visit, asking the engine what is due."""
    # Defaulters mostly drop out in the first months, when visits are most frequent.
    stop_days = rng.randint(45, 200) if rng.random() < 0.6 else rng.randint(200, 900)
    stop_at = born + timedelta(days=stop_days) if profile == "defaulter" else None
    refusable = [name for name in schedule.vaccine_groups if name not in ("BCG", "HepB")]
    refused = set(rng.sample(refusable, rng.randint(1, 2))) if profile == "refusal" else set()
    # About one child in eight moved in: their first doses were given elsewhere.
    moved_in = born + timedelta(days=rng.randint(60, 540)) if rng.random() < 0.12 else None
    given: list[AdministeredDose] = []
    events: list[DoseEvent] = []
    settled: set[str] = set()  # groups refused once: not asked again
    cursor = born
    for _ in range(MAX_VISITS):
        result = engine.forecast(schedule, born, sex, cursor, given)
        pending = {
            name: group.forecast
            for name, group in result.groups.items()
            if group.forecast.status is SeriesStatus.NOT_COMPLETE
            and group.forecast.earliest is not None
            and name not in settled
        }
        if not pending:
            break
        target = min(f.recommended or f.earliest or today for f in pending.values())
        visit = max(target, cursor + timedelta(days=1) if events else born)
        # Most birth doses are given at the maternity ward, within a day of birth.
        at_birth = visit == born and rng.random() < 0.6
        visit += timedelta(days=rng.randint(0, 1) if at_birth else _delay(rng, profile))
        if visit > today or (stop_at is not None and visit > stop_at):
            break
        covered: set[str] = set()
        for name, forecast in pending.items():
            due_on = forecast.recommended or forecast.earliest
            if name in covered or due_on is None or due_on > visit:
                continue
            if name in refused:
                events.append(DoseEvent(visit, None, (name,), not_done=True))
                settled.add(name)
                continue
            cvx = _vaccine_for(schedule, forecast.vaccine_types, rng)
            if cvx is None:
                settled.add(name)
                continue
            groups = schedule.cvx[cvx].vaccine_groups
            covered.update(groups)
            given.append(AdministeredDose(visit, cvx))
            historical = moved_in is not None and visit < moved_in
            events.append(DoseEvent(visit, cvx, tuple(groups), historical=historical))
        cursor = visit
    return events


def plan_observations(
    rng: Random,
    born: date,
    today: date,
    checklists: dict[int, list[str]],
    who_windows: list[tuple[str, float]],
) -> list[ObservationEvent]:
    """Milestones seen at well-child visits: each checklist when reached, WHO motor skills."""
    observations: list[ObservationEvent] = []
    delayed = rng.random() < 0.06  # a child with one skill not yet there
    for months, codes in checklists.items():
        seen_on = add_months(born, months) + timedelta(days=rng.randint(0, 21))
        if seen_on > today:
            break
        for code in codes:
            status: Literal["achieved", "not_yet"] = "achieved"
            if delayed and rng.random() < 0.15:
                status = "not_yet"
            observations.append(ObservationEvent(code, status, seen_on))
    for code, window_start in who_windows:
        seen_on = add_months(born, int(window_start) + 2) + timedelta(days=rng.randint(0, 30))
        if seen_on <= today:
            observations.append(ObservationEvent(code, "achieved", seen_on))
    return observations


def plan_child(
    schedule: Schedule,
    rng: Random,
    today: date,
    *,
    checklists: dict[int, list[str]],
    who_windows: list[tuple[str, float]],
    milestone_follow_up: float = 0.9,
) -> ChildPlan:
    """One child aged newborn to 5 years with a history under `schedule`."""
    born = today - timedelta(days=rng.randint(0, MAX_AGE_DAYS))
    sex: Literal["female", "male"] = rng.choice(["female", "male"])
    profile = draw_profile(rng)
    last = rng.choice(LAST_NAMES)
    if rng.random() < 0.1:
        last = f"{last}-{rng.choice(LAST_NAMES)}"
    plan = ChildPlan(
        first_name=rng.choice(FIRST_NAMES),
        last_name=last,
        date_of_birth=born,
        sex=sex,
        profile=profile,
        gestational_age_weeks=rng.randint(30, 36) if rng.random() < 0.08 else None,
    )
    plan.doses = plan_doses(schedule, rng, born, sex, profile, today)
    # Families who stopped coming are not seen for milestones either.
    if profile != "defaulter" and rng.random() < milestone_follow_up:
        plan.observations = plan_observations(rng, born, today, checklists, who_windows)
    return plan
