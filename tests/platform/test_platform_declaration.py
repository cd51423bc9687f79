"""One platform list: the files written from services/platform.py are what it makes today."""

from __future__ import annotations

import yaml

from services import generated, platform


def test_the_generated_files_have_not_drifted_from_the_platform_list() -> None:
    assert generated.drifted() == [], "run: python -m services sync"


def test_every_listed_service_has_a_database_and_a_port_of_its_own() -> None:
    names = platform.SERVICES
    assert len({platform.database(name) for name in names}) == len(names)
    assert len({platform.host_port(name) for name in names}) == len(names)
    compose = generated.compose_file()
    for name in names:
        assert f'command: ["{name}"]' in compose
        assert f"CREATE DATABASE {platform.database(name)};" in generated.database_setup()
        assert f"    services.{name}\n" in generated.import_contracts()


def test_the_helm_chart_deploys_every_listed_service() -> None:
    values = yaml.safe_load((generated.ROOT / "deploy/helm/continuum/values.yaml").read_text())
    enabled = {name for name, service in values["services"].items() if service.get("enabled")}
    assert enabled - {"portal"} == set(platform.SERVICES), "services/platform.py and the chart's values differ"
