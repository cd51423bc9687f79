"""Write use cases. They receive the unit of work, publish events, and never commit."""
