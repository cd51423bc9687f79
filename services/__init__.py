"""The services. Each folder is one service; this package's own files only compose them."""
