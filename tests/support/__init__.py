"""Test-only services and helpers: the probe (produces ProbePinged) and the tally (counts what arrives)."""
