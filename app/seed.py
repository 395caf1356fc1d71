"""The demo clinic that a fresh server starts with, so a new user has something to see."""

from dataclasses import dataclass

from app.features.auth import service as auth_service
from app.features.auth import staff_service
from app.features.auth.models import User

DEMO_ADMIN_EMAIL = "admin@demo-clinic.example"
DEMO_STAFF_EMAIL = "nurse@demo-clinic.example"
DEMO_PASSWORD = "demo-password-2026"
DEMO_CLINIC_NAME = "Demo Family Clinic"


@dataclass(frozen=True)
class DemoLogin:
    """How to sign in to the seeded demo clinic."""

    email: str
    password: str


async def database_is_empty() -> bool:
    """Whether no account exists yet."""
    return await User.find_one({}) is None


async def seed_demo_clinic() -> DemoLogin | None:
    """Create the demo clinic with an admin and a nurse, unless the database has users."""
    if not await database_is_empty():
        return None
    issued = await auth_service.signup(
        name="Dana Admin",
        email=DEMO_ADMIN_EMAIL,
        password=DEMO_PASSWORD,
        clinic_name=DEMO_CLINIC_NAME,
    )
    assert issued.user.clinic_id is not None
    await staff_service.create_staff_member(
        clinic_id=issued.user.clinic_id,
        email=DEMO_STAFF_EMAIL,
        name="Noor Nurse",
        password=DEMO_PASSWORD,
    )
    return DemoLogin(email=DEMO_ADMIN_EMAIL, password=DEMO_PASSWORD)
