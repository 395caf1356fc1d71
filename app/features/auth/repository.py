"""Reads of user accounts. A clinic's staff are reached only within their clinic."""

from beanie import PydanticObjectId

from app.features.auth.models import User
from app.shared.documents import read_one
from app.shared.paging import fetch_page

STAFF_ROLES = ["admin", "staff"]


async def user_by_email(email: str) -> User | None:
    """The account with this email (compared lower-cased, as stored), if any."""
    return await User.find_one(User.email == email.lower())


async def user_by_id(user_id: PydanticObjectId) -> User | None:
    """The account with this id, if any (sign-in and emailed links, which carry the id)."""
    return await read_one(User, {"_id": user_id})


async def staff_page(
    *, clinic_id: PydanticObjectId, page: int, size: int
) -> tuple[list[User], int]:
    """A page of the clinic's admins and staff, by name, and the total."""
    query = {"clinic_id": clinic_id, "role": {"$in": STAFF_ROLES}}
    return await fetch_page(User, query, sort=("+name", "+_id"), page=page, size=size)


async def staff_member(*, clinic_id: PydanticObjectId, user_id: PydanticObjectId) -> User | None:
    """The clinic's admin or staff member with this id, if any."""
    return await User.find_one(
        {"_id": user_id, "clinic_id": clinic_id, "role": {"$in": STAFF_ROLES}}
    )


async def has_other_active_admin(*, clinic_id: PydanticObjectId, user_id: PydanticObjectId) -> bool:
    """Whether the clinic has an active admin other than `user_id`."""
    other = await User.find_one(
        {"clinic_id": clinic_id, "role": "admin", "is_active": True, "_id": {"$ne": user_id}}
    )
    return other is not None
