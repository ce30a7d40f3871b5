"""Factories for the consultations app's models (re-exported by tests.factories)."""
