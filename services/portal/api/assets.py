"""The assets the pages use, served by the portal itself from the project's pinned packages (package-lock.json,
installed by `make venv`) and its own static folder: no CDN, so the pages work on a council's closed network."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

HERE = Path(__file__).resolve().parent.parent
PACKAGES = HERE / "node_modules"
GOVUK = PACKAGES / "govuk-frontend" / "dist" / "govuk"

# URL → folder. GOV.UK Frontend's CSS asks for its fonts and images at /assets/fonts and /assets/images.
ASSETS = {
    "/assets/fonts": GOVUK / "assets" / "fonts",
    "/assets/images": GOVUK / "assets" / "images",
    "/assets/govuk": GOVUK,
    "/assets/plot": PACKAGES / "@observablehq" / "plot" / "dist",
    "/assets/d3": PACKAGES / "d3" / "dist",
    "/assets/htmx": PACKAGES / "htmx.org" / "dist",
    "/assets/portal": HERE / "static",
}


def install_assets(app: FastAPI) -> None:
    for url, folder in ASSETS.items():
        # check_dir=False: a checkout without `make venv` still starts; its pages say the styles are missing.
        app.mount(url, StaticFiles(directory=folder, check_dir=False), name=url.rsplit("/", 1)[-1])
