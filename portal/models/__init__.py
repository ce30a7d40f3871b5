"""The kernel's models, one module per subject; every app may import them, they import no app."""

from portal.models.media import PortalDocument, PortalImage, PortalRendition
from portal.models.organisations import Level, Organisation, OrganisationLegacyId
from portal.models.pages import BasePage
from portal.models.search import Generation, SearchEntry
from portal.models.users import User

__all__ = [
    "BasePage",
    "Generation",
    "Level",
    "Organisation",
    "OrganisationLegacyId",
    "PortalDocument",
    "PortalImage",
    "PortalRendition",
    "SearchEntry",
    "User",
]
