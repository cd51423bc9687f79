"""What allocation does with other services' events (nothing yet: it is the source of its facts)."""

from __future__ import annotations

from shared.messaging.subscriptions import Subscriptions

subscriptions = Subscriptions()
