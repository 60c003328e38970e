"""Calls inside a `try` that catches TypeError are left alone: the program relies on it.

Adapted from SQLAlchemy `orm/decl_base.py` (`_apply_dataclasses_to_any_class`), where
dataclass options go through a `try/except TypeError` that turns a bad option into a
helpful error; a rewrite silently dropped `kw_only` there instead.
"""
import contextlib
import dataclasses
import json

from handlers import HANDLERS


def apply_dataclass(klass, dataclass_setup_arguments):
    dataclass_callable = dataclass_setup_arguments["dataclass_callable"]
    try:
        dataclass_callable(
            klass,
            **{
                k: v
                for k, v in dataclass_setup_arguments.items()
                if k != "dataclass_callable"
            },
        )
    except (TypeError, ValueError) as ex:
        raise RuntimeError(f"dataclasses error for {klass.__name__!r}: {ex!r}") from ex


def handle(message):
    try:
        return HANDLERS[message["type"]](**json.loads(message["body"]))
    except TypeError:
        return None


def broad(kind, payload):
    try:
        HANDLERS[kind](**payload)
    except Exception:
        pass
    try:
        HANDLERS[kind](**payload)
    except:  # noqa: E722
        pass
    with contextlib.suppress(TypeError):
        HANDLERS[kind](**payload)


def narrow(kind, payload):
    # Other handlers, the `else` and `finally` blocks, and code run later are not
    # protected by the handler: these are rewritten.
    try:
        HANDLERS[kind](**payload)
    except KeyError:
        HANDLERS[kind](**payload)
    else:
        HANDLERS[kind](**payload)
    try:
        pass
    except TypeError:
        HANDLERS[kind](**payload)
    try:
        later = lambda: HANDLERS[kind](**payload)

        def run():
            return HANDLERS[kind](**payload)
    except TypeError:
        pass
    return later, run
