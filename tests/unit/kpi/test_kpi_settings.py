import pytest

from services.kpi.settings import DEFAULT_WEIGHTS, KpiSettings


def test_configured_weights_are_laid_over_the_defaults_as_allocation_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTINUUM_KPI_WEIGHTS", '{"CP": 2.0, "sibling": 1.0}')
    monkeypatch.setenv("CONTINUUM_KPI_CAPACITIES", '{"social_worker": 20}')

    settings = KpiSettings()

    assert settings.weights == {**DEFAULT_WEIGHTS, "CP": 2.0, "sibling": 1.0}
    assert (settings.capacities["social_worker"], settings.capacities["social_worker_in_training"]) == (20.0, 8.0)
