"""Write use cases. They receive the unit of work and never commit."""
