"""Bearer JWTs, roles and pod scope."""

from shared.auth.dependencies import CurrentPrincipal, require_roles
from shared.auth.principal import Principal, Role

__all__ = ["CurrentPrincipal", "Principal", "Role", "require_roles"]
