"""Fixtures for the CRM export test data (see fixtures.py)."""

from tests.ingest.crm.fixtures import crm_export  # noqa: F401
