"""bson (adapted from pymongo 4.20.1)."""
