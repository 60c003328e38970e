"""pydantic (adapted from pydantic 2.x)."""
