"""The composition root: which services make up Continuum."""

SERVICES = {
    "allocation": "services.allocation.service:service",
    "kpi": "services.kpi.service:service",
}
