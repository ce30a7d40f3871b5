"""Factories for the dxindex app's models (re-exported by tests.factories)."""
