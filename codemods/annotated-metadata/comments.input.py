from fastapi import Query


def handler(
    q: str = Query(
        None,
        # why the limit
        max_length=50,  # trailing
        description='single quotes kept',
    ),
    r: int = (Query(default=(1 + 2), ge=0)),
    s: str = Query(default='x',),
):
    return q
