from fastapi import Query


def handler(tags: list[str] = Query(default_factory=list), q: str = Query(None)):
    return tags
