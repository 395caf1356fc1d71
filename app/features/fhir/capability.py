"""The server's CapabilityStatement: what this FHIR face reads, searches and operates."""

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from app.features.fhir import codes

# When this statement last changed (a fixed date: the statement describes code, not data).
STATEMENT_DATE = "2026-11-29"


def _patient_search() -> list[dict[str, str]]:
    return [
        {
            "name": "patient",
            "type": "reference",
            "documentation": "The child: `Patient/<id>` or `<id>` (required)",
        }
    ]


def capability_statement(base_url: str, version: str) -> CapabilityStatement:
    """The CapabilityStatement served at `/metadata`."""
    return CapabilityStatement(
        status="active",
        date=STATEMENT_DATE,
        publisher="Health Passport",
        kind="instance",
        software={"name": "Health Passport", "version": version},
        implementation={"description": "Health Passport FHIR R4 API", "url": base_url},
        fhirVersion=codes.FHIR_VERSION,
        format=[codes.FHIR_JSON, "json"],
        rest=[
            {
                "mode": "server",
                "documentation": "Bearer access tokens from /api/v1/auth/login; parents reach "
                "only their own children; another clinic's resources answer 404.",
                "security": {
                    "cors": True,
                    "description": "OAuth2 bearer tokens (the product's own sign-in)",
                },
                "resource": [
                    {
                        "type": "Patient",
                        "interaction": [{"code": "read"}],
                        "operation": [
                            {
                                "name": "everything",
                                "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                            }
                        ],
                    },
                    {
                        "type": "Immunization",
                        "interaction": [{"code": "read"}, {"code": "search-type"}],
                        "searchParam": _patient_search(),
                    },
                    {
                        "type": "ImmunizationRecommendation",
                        "interaction": [{"code": "search-type"}],
                        "searchParam": _patient_search(),
                    },
                    {"type": "ImmunizationEvaluation"},
                    {"type": "RelatedPerson"},
                ],
                "operation": [{"name": "immds-forecast", "definition": codes.IMMDS_OPERATION}],
            }
        ],
    )
