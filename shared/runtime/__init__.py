"""Declaring a service once and running it: standalone (PostgreSQL + Kafka) or embedded (all in one process)."""

from shared.runtime.service import Service, ServiceSettings

__all__ = ["Service", "ServiceSettings"]
