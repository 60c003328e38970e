from fastapi import Query, Depends

kwargs = {"max_length": 3}


def no_annotation(q=Query(None)):
    return q


def star_kwargs(q: str = Query(None, **kwargs)):
    return q


def two_defaults(q: str = Query(None, default="x")):
    return q


def comment_in_default(q: str = Query(
    None,  # the default
    max_length=3,
)):
    return q


def comment_before_default(
    d: int  # a comment
    = Depends(lambda: 1),
):
    return d


def factory_and_default(q: list = Query(None, default_factory=list)):
    return q

