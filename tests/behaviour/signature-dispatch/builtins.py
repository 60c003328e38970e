"""Builtins: with a signature the payload is filtered, without one it is passed whole."""


def call(handler, data, payload):
    return handler(data, **payload)


def show(handler, data, payload):
    try:
        return call(handler, data, payload)
    except TypeError as error:
        return "TypeError"


print(show(sorted, [3, 1, 2], {"reverse": True}))
print(show(sorted, [3, 1, 2], {"reverse": True, "stable": 1}))
print(show(max, [3, 1, 2], {"default": 0}))
print(show(max, [], {"default": 0}))
print(show(max, [3], {"bogus": 0}))
print(show(int, "ff", {"base": 16}))
