"""The portal, declared to the runtime: it owns no data (no database, no migrations, no events) and is mounted at
`/`, so `make run` serves its pages beside the services' APIs."""

from fastapi import APIRouter

from services.portal.api import portal_app
from services.portal.settings import PortalSettings
from shared.runtime import Service

service = Service(
    name="portal",
    title="Portal",
    description="The web pages workers and managers use, built on the other services' public REST APIs.",
    router=APIRouter(),
    settings=PortalSettings,
    path="/",
    web=portal_app,
)
