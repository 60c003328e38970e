"""Builtins: with a signature the payload is filtered, without one it is passed whole."""


def call(handler, data, payload):
    try:
        return handler(data, **payload)
    except TypeError as error:
        return "TypeError"


print(call(sorted, [3, 1, 2], {"reverse": True}))
print(call(sorted, [3, 1, 2], {"reverse": True, "stable": 1}))
print(call(max, [3, 1, 2], {"default": 0}))
print(call(max, [], {"default": 0}))
print(call(max, [3], {"bogus": 0}))
print(call(int, "ff", {"base": 16}))
