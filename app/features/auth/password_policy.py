"""The one rule for new passwords beyond their length: not common, not the account's email.

NIST SP 800-63B (5.1.1.2) asks a verifier to refuse passwords found in breach corpora and
context-specific words such as the user name; `data/SOURCES.md` names the list used.
"""

from functools import cache
from pathlib import Path

from app.features.auth.exceptions import UnsafePassword

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, case-folded (read once per process)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_comparable(line) for line in lines if line.strip())


def _comparable(text: str) -> str:
    # "Password123" and " password123 " are as easily guessed as "password123".
    return text.strip().casefold()


def check_new_password(password: str, *, email: str, field: str) -> None:
    """Refuse `password` (422 naming `field`) when it is common or is the account's email."""
    candidate = _comparable(password)
    address = _comparable(email)
    if candidate in {address, address.partition("@")[0]}:
        raise UnsafePassword(
            field,
            code="password_matches_email",
            message="The password must not be the account's email address or its first part",
        )
    if candidate in common_passwords():
        raise UnsafePassword(
            field,
            code="password_too_common",
            message="This password is one of the most common passwords; choose another",
        )
