"""aiohttp (adapted from aiohttp 3.14.5)."""
