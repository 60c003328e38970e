from fastapi import Query


def handler(q: str = Query(
    None,
    max_length=3,
)):
    return q
