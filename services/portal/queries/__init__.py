"""What each page shows, composed from the other services' REST APIs (GET only): a page makes one call here."""
