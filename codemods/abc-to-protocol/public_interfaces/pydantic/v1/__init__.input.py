"""pydantic.v1"""
