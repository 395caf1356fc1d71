"""The schedules API: listing, readable rules, vaccines, and the stateless forecast."""

from tests.factories import assert_error, create_clinic_admin

FORECAST = "/api/v1/schedules/cdc-acip/forecast"
ISSUE_EXAMPLE = {
    "date_of_birth": "2025-09-06",
    "sex": "female",
    "assessment_date": "2025-11-10",
    "doses": [{"date_administered": "2025-10-15", "cvx": "107", "mvx": None}],
}


async def test_schedules_are_listed_for_any_signed_in_user(client):
    admin = await create_clinic_admin(client)
    response = await client.get("/api/v1/schedules", headers=admin.headers)
    assert response.status_code == 200
    cdc = next(s for s in response.json() if s["code"] == "cdc-acip")
    assert "4.64" in cdc["version"]
    assert {"DTaP/Tdap/Td", "MMR", "Polio", "HepB"} <= set(cdc["vaccine_groups"])
    assert_error(await client.get("/api/v1/schedules"), 401)


async def test_schedule_detail_shows_readable_dose_rules(client):
    admin = await create_clinic_admin(client)
    response = await client.get("/api/v1/schedules/cdc-acip", headers=admin.headers)
    assert response.status_code == 200
    dtap = next(g for g in response.json()["vaccine_groups"] if g["name"] == "DTaP/Tdap/Td")
    diphtheria = next(a for a in dtap["antigens"] if a["name"] == "Diphtheria")
    standard = next(s for s in diphtheria["series"] if s["default"])
    first = standard["doses"][0]
    assert first["minimum_age"] == "6 weeks"
    assert first["absolute_minimum_age"] == "6 weeks - 4 days"
    assert "20" in first["preferable_vaccines"]  # DTaP
    assert "107" in first["allowable_vaccines"]  # DTaP, unspecified formulation


async def test_vaccines_list_names_groups(client):
    admin = await create_clinic_admin(client)
    response = await client.get("/api/v1/schedules/cdc-acip/vaccines", headers=admin.headers)
    mmr = next(v for v in response.json() if v["cvx"] == "03")
    assert mmr["vaccine_group"] == "MMR"
    assert set(mmr["antigens"]) == {"Measles", "Mumps", "Rubella"}


async def test_unknown_schedule_is_404(client):
    admin = await create_clinic_admin(client)
    for path in ("/api/v1/schedules/nope", "/api/v1/schedules/nope/vaccines"):
        assert_error(await client.get(path, headers=admin.headers), 404, "schedule_not_found")
    response = await client.post(
        "/api/v1/schedules/nope/forecast", json=ISSUE_EXAMPLE, headers=admin.headers
    )
    assert_error(response, 404, "schedule_not_found")


async def dtap_forecast(client, headers, dob: str) -> tuple[dict, dict]:
    body = {**ISSUE_EXAMPLE, "date_of_birth": dob}
    body["doses"] = [{"date_administered": "2025-11-10", "cvx": "107"}]
    response = await client.post(FORECAST, json=body, headers=headers)
    assert response.status_code == 200, response.text
    result = response.json()
    [dose] = result["doses"]
    group = next(g for g in result["vaccine_groups"] if g["vaccine_group"] == "DTaP/Tdap/Td")
    return dose, group


async def test_forecast_matches_cdc_case_2013_0044_dose_at_absolute_minimum_age(client):
    # Expected values from CDC CDSi test case 2013-0044 (tests/data/cdsi).
    admin = await create_clinic_admin(client)
    dose, group = await dtap_forecast(client, admin.headers, "2025-10-03")
    dtap = [e for e in dose["evaluations"] if e["vaccine_group"] == "DTaP/Tdap/Td"]
    assert {e["antigen"] for e in dtap} == {"Diphtheria", "Tetanus", "Pertussis"}
    assert {e["status"] for e in dtap} == {"valid"}
    assert group["status"] == "not_complete"
    assert group["forecast"]["dose_number"] == 2
    assert group["forecast"]["earliest_date"] == "2025-12-12"
    assert group["forecast"]["recommended_date"] == "2026-02-03"
    assert group["forecast"]["past_due_date"] == "2026-03-30"


async def test_forecast_matches_cdc_case_2013_0033_dose_too_young(client):
    # Expected values from CDC CDSi test case 2013-0033: one day below the absolute minimum.
    admin = await create_clinic_admin(client)
    dose, group = await dtap_forecast(client, admin.headers, "2025-10-04")
    dtap = [e for e in dose["evaluations"] if e["vaccine_group"] == "DTaP/Tdap/Td"]
    assert {(e["status"], e["reason"]) for e in dtap} == {("not_valid", "Age: Too Young")}
    assert group["forecast"]["dose_number"] == 1
    assert group["forecast"]["earliest_date"] == "2025-11-15"
    assert group["forecast"]["recommended_date"] == "2025-12-04"
    assert group["forecast"]["past_due_date"] == "2026-01-31"


async def test_forecast_refuses_bad_input(client):
    admin = await create_clinic_admin(client)
    unknown = {**ISSUE_EXAMPLE, "doses": [{"date_administered": "2025-10-15", "cvx": "9999"}]}
    response = await client.post(FORECAST, json=unknown, headers=admin.headers)
    assert_error(response, 422, "unknown_cvx")
    assert "107" in response.json()["error"]["details"]["allowed_cvx"]
    before_birth = {**ISSUE_EXAMPLE, "doses": [{"date_administered": "2025-09-01", "cvx": "107"}]}
    response = await client.post(FORECAST, json=before_birth, headers=admin.headers)
    assert_error(response, 422, "invalid_dose_date")
    after = {**ISSUE_EXAMPLE, "doses": [{"date_administered": "2025-12-01", "cvx": "107"}]}
    assert_error(await client.post(FORECAST, json=after, headers=admin.headers), 422)
    early = {**ISSUE_EXAMPLE, "assessment_date": "2025-01-01", "doses": []}
    assert_error(await client.post(FORECAST, json=early, headers=admin.headers), 422)
    for not_iso in ("0", 86400, "2025-9-6", "06/09/2025"):
        timestamp = {**ISSUE_EXAMPLE, "date_of_birth": not_iso}
        assert_error(await client.post(FORECAST, json=timestamp, headers=admin.headers), 422)
    extra = {**ISSUE_EXAMPLE, "clinic_id": "x"}
    assert_error(await client.post(FORECAST, json=extra, headers=admin.headers), 422)
