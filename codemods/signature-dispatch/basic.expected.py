"""Message handlers."""
import json

from handlers import my_api_handler


# sturdy: dispatch helper (signature-dispatch); call a handler with only the payload keys it accepts.
def dispatch_by_signature(func, payload, /, *args, _sturdy_cache={}, _sturdy_types=__import__("types"), **kwargs):
    """Call ``func(*args, **payload, **kwargs)``, passing only the payload keys ``func`` accepts.

    Inserted by sturdy (signature-dispatch). Payload keys the callee cannot take
    by keyword are dropped, so a payload that gains a key no longer raises
    TypeError. Explicit keyword arguments win over payload keys, parameters
    already filled by positional arguments are not passed again, and
    positional-only parameters are never filled from the payload. A callee
    taking ``**kwargs``, or one without a retrievable signature, gets the whole
    payload. Signatures are cached per callable without keeping it alive.
    """
    # Cache: id(callable) -> (ref, accepted, accepted_without_first_positional, trusted, positional_names).
    # ref() returns the callable: a weakref whose callback drops the entry, or a strong reference
    # for builtin functions. accepted is None when the callee takes every key (**kwargs or no
    # signature). positional_names has None for positional-only parameters. trusted marks plain
    # functions: their own argument binding rejects extra keys before running any code, so the hot
    # path calls them directly and looks at the payload only if that call is rejected.
    # Bound methods are cached by __func__, counting the bound instance as one positional argument.
    # No identity check is needed on this path: an entry is removed by its weakref callback
    # before the callable's memory (and so its id) can be reused.
    entry = _sturdy_cache.get(id(func))
    if entry is not None and not args and not kwargs:
        if entry[3]:
            try:
                return func(**payload)
            except TypeError as error:
                # Re-raise unless the call was rejected before entering the callee because of extra keys.
                if error.__traceback__.tb_next is not None or entry[1].issuperset(payload):
                    raise
            # This callable does get extra keys: check the payload up front from now on.
            entry = _sturdy_cache[id(func)] = entry[:3] + (False,) + entry[4:]
        elif entry[1] is None or entry[1].issuperset(payload):
            return func(**payload)
        consumed = 0
    else:
        if type(func) is _sturdy_types.MethodType:
            target = func.__func__
            consumed = len(args) + 1
            entry = _sturdy_cache.get(id(target))
        else:
            target = func
            consumed = len(args)
        if entry is None or entry[0]() is not target:
            import inspect
            import weakref
            try:
                parameters = inspect.signature(target).parameters.values()
            except (TypeError, ValueError):
                entry = (None, None, None, False, ())
            else:
                positional = []
                accepted = set()
                var_keyword = False
                for parameter in parameters:
                    if parameter.kind == parameter.VAR_KEYWORD:
                        var_keyword = True
                    elif parameter.kind == parameter.POSITIONAL_ONLY:
                        positional.append(None)
                    elif parameter.kind == parameter.POSITIONAL_OR_KEYWORD:
                        positional.append(parameter.name)
                        accepted.add(parameter.name)
                    elif parameter.kind == parameter.KEYWORD_ONLY:
                        accepted.add(parameter.name)
                if var_keyword:
                    entry = (None, None, None, False, tuple(positional))
                else:
                    trusted = type(target) is _sturdy_types.FunctionType and not any(
                        hasattr(target, name)
                        for name in ("__wrapped__", "__signature__", "_partialmethod", "__partialmethod__")
                    )
                    entry = (
                        None,
                        frozenset(accepted),
                        frozenset(accepted.difference(positional[:1])),
                        trusted,
                        tuple(positional),
                    )
            key = id(target)
            try:
                ref = weakref.ref(
                    target,
                    lambda r, _k=key, _c=_sturdy_cache: _c.pop(_k) if _c.get(_k, (None,))[0] is r else None,
                )
            except TypeError:
                # Not weakly referenceable: cache only long-lived builtins (strongly), nothing else.
                ref = None
                if type(target) in (
                    _sturdy_types.MethodDescriptorType,
                    _sturdy_types.WrapperDescriptorType,
                    _sturdy_types.ClassMethodDescriptorType,
                ) or (
                    type(target) is _sturdy_types.BuiltinFunctionType
                    and (target.__self__ is None or isinstance(target.__self__, _sturdy_types.ModuleType))
                ):
                    ref = lambda _t=target: _t
            if ref is not None:
                entry = (ref,) + entry[1:]
                _sturdy_cache[key] = entry
        if not kwargs and consumed < 2:
            accepted = entry[1 + consumed]
            if accepted is None:
                first = entry[4][:consumed]
                if not first or first[0] is None or first[0] not in payload:
                    return func(*args, **payload)
            elif accepted.issuperset(payload):
                return func(*args, **payload)
    # Build a fresh dict (rather than deleting from a copy): CPython unpacks it faster.
    accepted = entry[1]
    filtered = {}
    if accepted is None:
        dropped = set(entry[4][:consumed])
        dropped.discard(None)
        for name in payload:
            if name not in dropped:
                filtered[name] = payload[name]
    else:
        if consumed == 1:
            accepted = entry[2]
        elif consumed:
            accepted = accepted.difference(entry[4][:consumed])
        for name in accepted:
            if name in payload:
                filtered[name] = payload[name]
    if kwargs:
        filtered.update(kwargs)
    return func(*args, **filtered)


def handle(raw_payload):
    result = dispatch_by_signature(my_api_handler, raw_payload)
    return result


def handle_again(raw_payload):
    return dispatch_by_signature(my_api_handler, raw_payload)
