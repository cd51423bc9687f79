"""`make up` (docker compose) and the Helm chart give every service the same settings, so a setting documented for
one is there in the other."""

from __future__ import annotations

import re

import yaml

from services import generated

CONFIGMAP = generated.ROOT / "deploy/helm/continuum/templates/configmap.yaml"
COMPOSE = generated.ROOT / "docker-compose.yml"


def test_compose_sets_every_service_the_same_variables_as_the_charts_configmap() -> None:
    chart = set(re.findall(r"^\s+(CONTINUUM_[A-Z_]+):", CONFIGMAP.read_text(), re.MULTILINE))
    compose = set(yaml.safe_load(COMPOSE.read_text())["x-service"]["environment"])

    assert "CONTINUUM_OTLP_ENDPOINT" in chart
    assert chart - compose == set(), "docker-compose.yml lacks settings the chart gives every service"
    assert compose - chart == set(), "docker-compose.yml sets what the chart does not"
