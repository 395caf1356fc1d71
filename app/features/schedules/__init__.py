"""Schedules: reference immunization schedules and the CDSi forecasting engine."""
