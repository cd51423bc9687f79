"""Reads, given the unit of work: its session, and its audit trail."""
