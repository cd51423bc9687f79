"""The base of every integration event: an immutable, versioned fact owned by the service that publishes it."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    """A fact, in the past tense. Subclasses name their topic and which field keys them (child or case id)."""

    # Consumers ignore fields they do not know: adding an optional field is not a new version.
    model_config = ConfigDict(frozen=True, extra="ignore")

    producer: ClassVar[str]
    topic: ClassVar[str]
    key_field: ClassVar[str]
    version: ClassVar[int] = 1

    @classmethod
    def type_name(cls) -> str:
        return f"continuum.{cls.producer}.{cls.__name__}.v{cls.version}"

    @property
    def key(self) -> str:
        return str(getattr(self, self.key_field))

    @property
    def subject(self) -> str:
        return f"{self.key_field.removesuffix('_id')}/{self.key}"
