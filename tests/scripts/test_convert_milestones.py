"""The milestone conversion script: stable WHO codes, and a stop on data it does not expect."""

import json
from typing import Any

import pytest

from app.features.milestones.catalog import DATA_FILE
from scripts.convert_milestones import SourceMismatch, convert_who, who_code


def who_source(**window: float) -> dict[str, Any]:
    names = [
        ("sitting_without_support", 3.8, 9.2),
        ("standing_with_assistance", 4.8, 11.4),
        ("hands_and_knees_crawling", 5.2, 13.5),
        ("walking_with_assistance", 5.9, 13.7),
        ("standing_alone", 6.9, 16.9),
        ("walking_alone", 8.2, 17.6),
    ]
    return {
        "milestones": [
            {
                "code": code,
                "name": code.replace("_", " ").capitalize(),
                "p1_months": window.get("p1", p1) if code == "walking_alone" else p1,
                "p99_months": p99,
                "criterion": "as defined by the MGRS",
            }
            for code, p1, p99 in names
        ]
    }


def test_who_milestones_get_stable_codes_and_whole_month_ages() -> None:
    converted = convert_who(who_source())
    assert who_code("sitting_without_support") == "who-sitting-without-support"
    assert [(m["code"], m["age_months"]) for m in converted][:2] == [
        ("who-sitting-without-support", 10),
        ("who-standing-with-assistance", 12),
    ]
    assert all(m["source"] == "WHO MGRS 2006" and m["revision"] == "2006" for m in converted)


def test_a_changed_window_stops_the_build() -> None:
    with pytest.raises(SourceMismatch):
        convert_who(who_source(p1=8.0))


def test_committed_catalog_keeps_source_and_revision_on_every_item() -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    items = [i for c in data["checklists"] for i in c["items"]] + data["who_motor"]
    assert len(items) == 165
    assert {(i["source"], i["revision"]) for i in items} == {
        ("CDC LTSAE 2022", "2022"),
        ("WHO MGRS 2006", "2006"),
    }
