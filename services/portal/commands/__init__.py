"""The portal's writes: each is one call to another service's REST API (the portal itself stores nothing)."""
