"""Who is calling, in which role, and which pods they may see."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.vocabulary import Role as Role

POD_STAFF = frozenset(
    {Role.social_worker, Role.senior_social_worker, Role.social_worker_in_training, Role.business_support}
)
SERVICE_WIDE = frozenset({Role.head_of_service, Role.system})


@dataclass(frozen=True, slots=True)
class Principal:
    subject: str
    roles: frozenset[Role]
    pods: frozenset[UUID]
    worker_id: UUID | None = None

    def has_any(self, roles: frozenset[Role] | set[Role]) -> bool:
        return bool(self.roles & roles)

    @property
    def role(self) -> str:
        return ",".join(sorted(self.roles))

    @property
    def service_wide(self) -> bool:
        return self.has_any(SERVICE_WIDE)

    def can_see_pod(self, pod_id: UUID | None) -> bool:
        """Heads of service and council systems see every pod; everyone else sees the pods they belong to."""
        return self.service_wide or (pod_id is not None and pod_id in self.pods)
