"""Module-level names that shadow the modules the helper uses (`inspect`, `weakref`,
`types`, `operator`) do not reach it: it imports them inside itself. Also: a callee
picked at run time whatever the spread's name, and nested rewrites."""
inspect = None
weakref = "not weakref"
types = 0
operator = []

HANDLERS = {}


def register(fn):
    HANDLERS[fn.__name__] = fn
    return fn


@register
def greet(name, punctuation="!"):
    return f"hello {name}{punctuation}"


@register
def payload_of(kind, **rest):
    return {"name": kind, **rest}


def handle(kind, arguments):
    return HANDLERS[kind](**arguments)


def nested(outer, inner, arguments):
    return HANDLERS[outer](**HANDLERS[inner](**arguments))


def show(f, *args):
    try:
        return f(*args)
    except TypeError as error:
        return f"TypeError: {error}"


print(show(handle, "greet", {"name": "ada"}))
print(show(handle, "greet", {"name": "ada", "lang": "en"}))
print(show(nested, "greet", "payload_of", {"kind": "bob", "lang": "en"}))
