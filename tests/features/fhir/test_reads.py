"""FHIR reads: CapabilityStatement, Patient, Immunization (read, search), recommendations,
$everything; each resource validated with fhir.resources, each read audited."""

from typing import Any

from httpx import AsyncClient

from tests.factories import (
    SignedIn,
    add_dose,
    add_guardian,
    days_ago,
    immunizations_path,
    invite_parent,
)
from tests.features.fhir.conftest import FHIR, fhir_resource, resources
from tests.mail import Mailbox

CVX_SYSTEM = "http://hl7.org/fhir/sid/cvx"
LOINC = "http://loinc.org"


async def audit_actions(client: AsyncClient, admin: SignedIn, patient_id: str) -> list[str]:
    response = await client.get(
        f"/api/v1/patients/{patient_id}/audit-events", params={"size": 100}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    return [e["action"] for e in response.json()["items"]]


async def test_metadata_is_a_public_capability_statement(client: AsyncClient) -> None:
    body = fhir_resource(await client.get(f"{FHIR}/metadata"), 200, "CapabilityStatement")
    assert body["fhirVersion"] == "4.0.1"
    assert "application/fhir+json" in body["format"]
    [rest] = body["rest"]
    types = {r["type"]: r for r in rest["resource"]}
    assert {"Patient", "Immunization", "ImmunizationRecommendation"} <= set(types)
    assert [o["name"] for o in types["Patient"]["operation"]] == ["everything"]
    assert [o["name"] for o in rest["operation"]] == ["immds-forecast"]


async def test_patient_maps_mrn_name_gender_and_birth_date(
    client: AsyncClient, admin: SignedIn, staff: SignedIn, child: dict[str, Any]
) -> None:
    response = await client.get(f"{FHIR}/Patient/{child['id']}", headers=staff.headers)
    body = fhir_resource(response, 200, "Patient")
    assert body["id"] == child["id"]
    [mrn] = body["identifier"]
    assert mrn["value"] == "MRN-0042"
    assert mrn["system"] == f"urn:health-passport:clinic:{admin.clinic_id}:mrn"
    assert mrn["type"]["coding"][0]["code"] == "MR"
    assert body["name"] == [
        {"use": "official", "family": child["last_name"], "given": [child["first_name"]]}
    ]
    assert body["gender"] == child["sex"] == "female"
    assert body["birthDate"] == child["date_of_birth"]
    assert body["active"] is True
    assert (await audit_actions(client, admin, child["id"]))[0] == "patient.read"


async def test_immunization_maps_every_field_of_a_dose(
    client: AsyncClient, admin: SignedIn, staff: SignedIn, child: dict[str, Any]
) -> None:
    record = await add_dose(
        client,
        staff.headers,
        child["id"],
        "08",
        days_ago(199),
        mvx="MSD",
        lot_number="LOT-7",
        expiration_date=days_ago(-300),
        site="left_thigh",
        route="intramuscular",
        dose_volume_ml=0.5,
        performer_name="Nurse Joy",
        notes="calm",
    )
    fhir_id = f"{child['id']}-{record['id']}"
    response = await client.get(f"{FHIR}/Immunization/{fhir_id}", headers=staff.headers)
    body = fhir_resource(response, 200, "Immunization")
    assert body["id"] == fhir_id
    assert body["status"] == "completed"
    assert body["vaccineCode"]["coding"] == [
        {"system": CVX_SYSTEM, "code": "08", "display": record["vaccine_name"]}
    ]
    assert body["patient"] == {"reference": f"Patient/{child['id']}"}
    assert body["occurrenceDateTime"] == days_ago(199)
    assert body["primarySource"] is True and "reportOrigin" not in body
    assert body["manufacturer"] == {
        "identifier": {"system": "http://hl7.org/fhir/sid/mvx", "value": "MSD"}
    }
    assert body["lotNumber"] == "LOT-7"
    assert body["expirationDate"] == days_ago(-300)
    assert body["site"]["coding"][0]["code"] == "LT"
    assert body["route"]["coding"][0]["code"] == "IM"
    assert body["doseQuantity"] == {
        "value": 0.5,
        "unit": "mL",
        "system": "http://unitsofmeasure.org",
        "code": "mL",
    }
    assert body["performer"] == [{"actor": {"display": "Nurse Joy"}}]
    assert body["note"] == [{"text": "calm"}]
    assert (await audit_actions(client, admin, child["id"]))[0] == "immunization.read"


async def test_statuses_historical_entered_in_error_and_not_done(
    client: AsyncClient, staff: SignedIn, child: dict[str, Any]
) -> None:
    historical = await add_dose(
        client, staff.headers, child["id"], "08", days_ago(199), source="historical"
    )
    wrong = await add_dose(client, staff.headers, child["id"], "20", days_ago(100))
    marked = await client.post(
        f"{immunizations_path(child['id'], wrong['id'])}/entered-in-error",
        json={"reason": "wrong child"},
        headers=staff.headers,
    )
    assert marked.status_code == 200, marked.text
    not_done = await client.post(
        f"{immunizations_path(child['id'])}/not-done",
        json={"vaccine_group": "Polio", "date": days_ago(90), "reason": "refusal"},
        headers=staff.headers,
    )
    assert not_done.status_code == 201, not_done.text

    response = await client.get(
        f"{FHIR}/Immunization", params={"patient": f"Patient/{child['id']}"}, headers=staff.headers
    )
    bundle = fhir_resource(response, 200, "Bundle")
    assert bundle["type"] == "searchset" and bundle["total"] == 3
    by_id = {r["id"].split("-")[1]: r for r in resources(bundle, "Immunization")}
    first = by_id[historical["id"]]
    assert first["primarySource"] is False
    assert first["reportOrigin"]["coding"][0]["code"] == "record"
    assert by_id[wrong["id"]]["status"] == "entered-in-error"
    skipped = by_id[not_done.json()["id"]]
    assert skipped["status"] == "not-done"
    assert skipped["statusReason"]["coding"][0]["code"] == "PATOBJ"
    assert skipped["vaccineCode"]["text"] == "Polio"
    # The same search by bare id.
    again = await client.get(
        f"{FHIR}/Immunization", params={"patient": child["id"]}, headers=staff.headers
    )
    assert fhir_resource(again, 200, "Bundle")["total"] == 3


async def test_recommendation_uses_loinc_date_criteria_and_due_rules(
    client: AsyncClient, admin: SignedIn, staff: SignedIn, child: dict[str, Any]
) -> None:
    await add_dose(client, staff.headers, child["id"], "08", days_ago(199))
    forecast = await client.get(f"/api/v1/patients/{child['id']}/forecast", headers=staff.headers)
    assert forecast.status_code == 200
    groups = {g["vaccine_group"]: g for g in forecast.json()["vaccine_groups"]}

    response = await client.get(
        f"{FHIR}/ImmunizationRecommendation", params={"patient": child["id"]}, headers=staff.headers
    )
    bundle = fhir_resource(response, 200, "Bundle")
    [recommendation] = resources(bundle, "ImmunizationRecommendation")
    assert recommendation["patient"] == {"reference": f"Patient/{child['id']}"}
    items = {r["targetDisease"]["text"]: r for r in recommendation["recommendation"]}
    assert set(items) == set(groups)
    hep_b, expected = items["HepB"], groups["HepB"]["forecast"]
    dates = {c["code"]["coding"][0]["code"]: c["value"] for c in hep_b["dateCriterion"]}
    assert all(c["code"]["coding"][0]["system"] == LOINC for c in hep_b["dateCriterion"])
    assert dates["30981-5"] == expected["earliest_date"]
    assert dates["30980-7"] == expected["recommended_date"]
    assert dates["59778-1"] == expected["past_due_date"]
    assert hep_b["doseNumberPositiveInt"] == expected["dose_number"] == 2
    assert hep_b["series"]
    # The child is 200 days old: the 2-month doses are past due (overdue), MMR is not yet.
    assert hep_b["forecastStatus"]["coding"][0]["code"] == "overdue"
    assert items["MMR"]["forecastStatus"]["coding"][0]["code"] == "due"
    assert len(hep_b["supportingImmunization"]) == 1
    assert (await audit_actions(client, admin, child["id"]))[0] == "forecast.read"


async def test_everything_bundles_child_guardians_doses_evaluations_and_forecast(
    client: AsyncClient, admin: SignedIn, staff: SignedIn, child: dict[str, Any]
) -> None:
    guardian = await add_guardian(
        client, staff.headers, child["id"], name="Ngozi Okafor", relationship="mother"
    )
    first = await add_dose(client, staff.headers, child["id"], "110", days_ago(139))
    await add_dose(client, staff.headers, child["id"], "08", days_ago(199))

    response = await client.get(f"{FHIR}/Patient/{child['id']}/$everything", headers=staff.headers)
    bundle = fhir_resource(response, 200, "Bundle")
    assert bundle["entry"][0]["resource"]["resourceType"] == "Patient"
    assert bundle["entry"][0]["search"]["mode"] == "match"
    [person] = resources(bundle, "RelatedPerson")
    assert person["id"] == guardian["id"]
    assert person["patient"] == {"reference": f"Patient/{child['id']}"}
    assert person["relationship"][0]["coding"][0]["code"] == "MTH"
    assert person["name"] == [{"text": "Ngozi Okafor"}]
    immunizations = resources(bundle, "Immunization")
    assert len(immunizations) == 2
    evaluations = resources(bundle, "ImmunizationEvaluation")
    # DTaP-HepB-IPV counts for three antigens, HepB for one.
    combo_ref = f"Immunization/{child['id']}-{first['id']}"
    combo = [e for e in evaluations if e["immunizationEvent"]["reference"] == combo_ref]
    assert {e["targetDisease"]["text"] for e in combo} == {
        e["antigen"] for e in first["evaluations"]
    }
    assert len(evaluations) == len(first["evaluations"]) + 1
    codes = {e["doseStatus"]["coding"][0]["code"] for e in evaluations}
    assert codes <= {"valid", "notvalid"}
    assert len(resources(bundle, "ImmunizationRecommendation")) == 1
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert all(url.startswith("http://testserver/api/v1/fhir/") for url in full_urls)
    actions = await audit_actions(client, admin, child["id"])
    assert {"patient.read", "immunizations.read", "forecast.read"} <= set(actions[:3])


async def test_parent_reads_own_child_only(
    client: AsyncClient, mailbox: Mailbox, staff: SignedIn, child: dict[str, Any]
) -> None:
    parent = await invite_parent(client, mailbox, staff.headers, child["id"])
    own = await client.get(f"{FHIR}/Patient/{child['id']}/$everything", headers=parent.headers)
    assert resources(fhir_resource(own, 200, "Bundle"), "Patient")[0]["id"] == child["id"]
    other = await client.post(
        "/api/v1/patients",
        json={
            "first_name": "Bo",
            "last_name": "Other",
            "date_of_birth": days_ago(50),
            "sex": "male",
        },
        headers=staff.headers,
    )
    assert other.status_code == 201
    refused = await client.get(f"{FHIR}/Patient/{other.json()['id']}", headers=parent.headers)
    assert fhir_resource(refused, 404, "OperationOutcome")["issue"][0]["code"] == "not-found"


async def test_parent_gets_neither_clinic_notes_nor_other_guardians_contacts(
    client: AsyncClient, mailbox: Mailbox, staff: SignedIn, child: dict[str, Any]
) -> None:
    await add_guardian(client, staff.headers, child["id"], email="other.guardian@example.com")
    await add_dose(client, staff.headers, child["id"], "08", days_ago(150), notes="Cried a lot")
    parent = await invite_parent(client, mailbox, staff.headers, child["id"])
    staff_view = await client.get(
        f"{FHIR}/Patient/{child['id']}/$everything", headers=staff.headers
    )
    staff_bundle = fhir_resource(staff_view, 200, "Bundle")
    # The clinic sees both: the test would pass vacuously otherwise.
    assert any(r.get("note") for r in resources(staff_bundle, "Immunization"))
    assert all(r.get("telecom") for r in resources(staff_bundle, "RelatedPerson"))

    own = await client.get(f"{FHIR}/Patient/{child['id']}/$everything", headers=parent.headers)
    bundle = fhir_resource(own, 200, "Bundle")
    related = resources(bundle, "RelatedPerson")
    with_contact = [r for r in related if r.get("telecom")]
    assert len(related) == 2 and len(with_contact) == 1
    assert "other.guardian@example.com" not in own.text
    assert "Cried a lot" not in own.text
    listed = await client.get(f"{FHIR}/Immunization?patient={child['id']}", headers=parent.headers)
    fhir_resource(listed, 200, "Bundle")
    assert "Cried a lot" not in listed.text
