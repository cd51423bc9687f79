"""The supervision service."""
