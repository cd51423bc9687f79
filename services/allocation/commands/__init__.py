"""Write use cases, one module per aggregate. They never commit: the caller owns the transaction."""
