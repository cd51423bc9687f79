"""The records service."""
