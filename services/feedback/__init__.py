"""The feedback service."""
