"""The kernel's models, one module per subject; every app may import them, they import no app."""

from portal.models.organisations import Level, Organisation, OrganisationLegacyId
from portal.models.search import SearchEntry
from portal.models.users import User

__all__ = ["Level", "Organisation", "OrganisationLegacyId", "SearchEntry", "User"]
