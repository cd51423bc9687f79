"""What the records service does with other services' events. Every subscription is listed here."""

from shared.messaging.subscriptions import Subscriptions

subscriptions = Subscriptions()
