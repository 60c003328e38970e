"""A package with a private module."""
