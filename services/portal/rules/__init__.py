"""The portal's presentation rules: pure functions and values (no I/O, no framework), tested on their own."""
