"""Codes of the immunization schedules the product ships (the schedules feature owns their data)."""

DEFAULT_SCHEDULE_CODE = "who"
KNOWN_SCHEDULE_CODES = ("who", "cdc-acip")
