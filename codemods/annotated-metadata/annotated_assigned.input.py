# `Annotated` shadowed at module level by an assignment (issue 12's acceptance):
# skipped with a reason, never code that refers to the wrong object.
from fastapi import Query

Annotated = "not typing's"


def handler(q: str = Query(None)):
    return q
