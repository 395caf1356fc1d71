"""Code systems and code maps of the FHIR face (each table is also in this feature's README)."""

from beanie import PydanticObjectId

FHIR_VERSION = "4.0.1"
FHIR_JSON = "application/fhir+json"

# HL7's identifiers of the CDC's vaccine (CVX) and manufacturer (MVX) code sets, as FHIR R4
# names them (https://hl7.org/fhir/R4/terminologies-systems.html).
CVX = "http://hl7.org/fhir/sid/cvx"
MVX = "http://hl7.org/fhir/sid/mvx"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
V3_ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
V3_ACT_SITE = "http://terminology.hl7.org/CodeSystem/v3-ActSite"
V3_ROUTE = "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration"
V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
IMMUNIZATION_ORIGIN = "http://terminology.hl7.org/CodeSystem/immunization-origin"
DOSE_STATUS = "http://terminology.hl7.org/CodeSystem/immunization-evaluation-dose-status"
RECOMMENDATION_STATUS = "http://terminology.hl7.org/CodeSystem/immunization-recommendation-status"

# The product's own code systems (URNs: nothing to resolve, unique to the product).
ANTIGEN = "urn:health-passport:antigen"
VACCINE_GROUP = "urn:health-passport:vaccine-group"
FORECAST_STATUS = "urn:health-passport:forecast-status"
ERROR_CODE = "urn:health-passport:error"
SCHEDULE_PARAMETER = "schedule"

# The $immds-forecast operation of HL7's Immunization Decision Support Forecast IG (ImmDS,
# http://hl7.org/fhir/us/immds/OperationDefinition/ImmDSForecastOperation): in assessmentDate
# (1..1 date), patient (1..1 Patient), immunization (0..* Immunization); out evaluation
# (0..* ImmunizationEvaluation), recommendation (1..1 ImmunizationRecommendation).
IMMDS_OPERATION = "http://hl7.org/fhir/us/immds/OperationDefinition/ImmDSForecastOperation"


def mrn_system(clinic_id: PydanticObjectId) -> str:
    """The identifier system of a clinic's medical record numbers."""
    return f"urn:health-passport:clinic:{clinic_id}:mrn"


# dateCriterion codes: LOINC, as listed by FHIR's value set
# http://hl7.org/fhir/ValueSet/immunization-recommendation-date-criterion (R4 4.0.1, R4B 4.3.0)
# that the ImmDS IG's ImmunizationRecommendation profile uses.
DATE_CRITERIA = (
    ("earliest_date", "30981-5", "Earliest date to give"),
    ("recommended_date", "30980-7", "Date vaccine due"),
    ("past_due_date", "59778-1", "Date when overdue for immunization"),
    ("latest_date", "59777-3", "Latest date to give immunization"),
)

# Record status -> Immunization.status (http://hl7.org/fhir/event-status subset).
IMMUNIZATION_STATUS = {
    "completed": "completed",
    "entered_in_error": "entered-in-error",
    "not_done": "not-done",
}

# Why a dose was not given -> Immunization.statusReason (v3 ActReason codes of FHIR's
# immunization-status-reason value set); `other` carries its text only.
NOT_DONE_REASON = {
    "refusal": ("PATOBJ", "patient objection"),
    "contraindication": ("MEDPREC", "medical precaution"),
    "illness": ("MEDPREC", "medical precaution"),  # an acute illness is a precaution
    "out_of_stock": ("OSTOCK", "product out of stock"),
}

# Injection site -> v3 ActSite (FHIR's immunization-site value set); oral, nasal, other: text.
SITE = {
    "left_arm": ("LA", "left arm"),
    "right_arm": ("RA", "right arm"),
    "left_thigh": ("LT", "left thigh"),
    "right_thigh": ("RT", "right thigh"),
}

# Route -> v3 RouteOfAdministration (FHIR's immunization-route value set).
ROUTE = {
    "intramuscular": ("IM", "Injection, intramuscular"),
    "subcutaneous": ("SQ", "Injection, subcutaneous"),
    "intradermal": ("IDINJ", "Injection, intradermal"),
    "oral": ("PO", "Swallow, oral"),
    "intranasal": ("NASINHLC", "Inhalation, nasal"),
}

# A record that is not first-hand -> Immunization.reportOrigin.
REPORT_ORIGIN = {
    "historical": ("record", "Written Record"),
    "reported": ("recall", "Parent/Guardian/Patient Recall"),
}

# Guardian relationship -> RelatedPerson.relationship (v3 RoleCode); `other`: text only.
RELATIONSHIP = {
    "mother": ("MTH", "mother"),
    "father": ("FTH", "father"),
    "guardian": ("GUARD", "guardian"),
}

# Vaccine-group status -> forecastStatus. `not_complete` becomes `due` or `overdue` by the
# due rules; the engine's statuses with no code in FHIR's value set use the product's system.
FORECAST_STATUS_CODES = {
    "complete": (RECOMMENDATION_STATUS, "complete", "Complete"),
    "immune": (RECOMMENDATION_STATUS, "immune", "Immune"),
    "contraindicated": (RECOMMENDATION_STATUS, "contraindicated", "Contraindicated"),
    "aged_out": (FORECAST_STATUS, "aged_out", "Aged out"),
    "not_recommended": (FORECAST_STATUS, "not_recommended", "Not recommended"),
}


def reverse(table: dict[str, tuple[str, str]]) -> dict[str, str]:
    """code -> product value, for reading FHIR input (the first value wins a shared code)."""
    found: dict[str, str] = {}
    for value, (code, _) in table.items():
        found.setdefault(code, value)
    return found
