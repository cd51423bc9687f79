"""Each service's API docs page, `/{service}/v1/docs`, with Swagger UI served by the service itself.

FastAPI's default page loads Swagger UI from a public CDN, which is blank on a council's closed network. The
project pins Swagger UI with its other front-end packages (services/portal/package.json, installed by `make venv`
with `npm ci`; the image builds them too), and every service serves that copy under its own prefix, so the page
works wherever the service does, the portal deployed or not.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

FRONT_END_PACKAGES = Path(__file__).resolve().parents[2] / "services" / "portal" / "node_modules"
SWAGGER_UI = Path(os.environ.get("CONTINUUM_SWAGGER_UI_DIR", FRONT_END_PACKAGES / "swagger-ui-dist"))
ASSETS = "/docs/assets"


def install_docs(app: FastAPI, prefix: str, title: str) -> None:
    """`{prefix}/docs` renders `{prefix}/openapi.json` with the pinned Swagger UI from `{prefix}/docs/assets/`."""
    assets = f"{prefix}{ASSETS}"

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=f"{prefix}/openapi.json",
            title=f"{title} (API)",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url=f"{assets}/favicon-32x32.png",
        )

    # check_dir=False: without the installed packages the page is plain and says nothing false; `make venv` installs.
    app.mount(ASSETS, StaticFiles(directory=SWAGGER_UI, check_dir=False), name="swagger-ui")
