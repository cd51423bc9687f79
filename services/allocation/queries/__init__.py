"""Reads that several routes and commands share. They never write."""
