"""The records service's rules: pure functions and values; no I/O, no database, no framework."""
