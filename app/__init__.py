"""Health Passport: immunization records and forecasts for children's clinics."""
