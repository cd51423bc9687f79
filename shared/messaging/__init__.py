"""Outbox, relay, inbox and the transports that carry events between services."""
