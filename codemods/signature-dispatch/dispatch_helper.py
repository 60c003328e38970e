# sturdy: dispatch helper (signature-dispatch); call a handler with only the payload keys it accepts.
def dispatch_by_signature(func, payload, /, *args, _sturdy_cache={}, _sturdy_method=type((lambda: None).__get__(0)), **kwargs):
    """Call ``func(*args, **payload, **kwargs)`` passing only the payload keys ``func`` accepts.

    Added by sturdy (signature-dispatch).  Payload keys the callee cannot take
    by keyword are dropped, so a payload that gains a key no longer raises
    TypeError.  Explicit keyword arguments win over payload keys, parameters
    filled by positional arguments are not passed again, positional-only
    parameters are never filled from the payload, and a callee with
    ``**kwargs`` (or without a retrievable signature) gets the whole payload.
    Signatures are cached per callable without keeping callables alive.
    """
    entry = _sturdy_cache.get(id(func))
    if entry is not None and entry[0]() is func and not args and not kwargs:
        accepted = entry[1]
        if accepted is None or payload.keys() <= accepted:
            return func(**payload)
        return func(**{k: payload[k] for k in accepted if k in payload})
    if type(func) is _sturdy_method:
        target = func.__func__
        consumed = len(args) + 1
        entry = _sturdy_cache.get(id(target))
    else:
        target = func
        consumed = len(args)
    if entry is None or entry[0]() is not target:
        import inspect
        import types
        try:
            parameters = inspect.signature(target).parameters.values()
        except (TypeError, ValueError):
            entry = (None, None, None, ())
        else:
            positional = []
            accepted = set()
            var_keyword = False
            for parameter in parameters:
                kind = parameter.kind
                if kind is parameter.POSITIONAL_ONLY:
                    positional.append(parameter.name)
                elif kind is parameter.POSITIONAL_OR_KEYWORD:
                    positional.append(parameter.name)
                    accepted.add(parameter.name)
                elif kind is parameter.KEYWORD_ONLY:
                    accepted.add(parameter.name)
                elif kind is parameter.VAR_KEYWORD:
                    var_keyword = True
            if var_keyword:
                entry = (None, None, None, tuple(positional))
            else:
                entry = (None, frozenset(accepted), frozenset(accepted.difference(positional[:1])), tuple(positional))
        key = id(target)
        try:
            ref = __import__("weakref").ref(target, lambda r, _k=key, _c=_sturdy_cache: _c.pop(_k) if _c.get(_k, (None,))[0] is r else None)
        except TypeError:
            ref = None
            if type(target) in (types.MethodDescriptorType, types.WrapperDescriptorType, types.ClassMethodDescriptorType) or (
                type(target) is types.BuiltinFunctionType and (target.__self__ is None or type(target.__self__) is types.ModuleType)
            ):
                ref = lambda _t=target: _t
        if ref is not None:
            entry = (ref,) + entry[1:]
            _sturdy_cache[key] = entry
    accepted = entry[1] if consumed == 0 else entry[2] if consumed == 1 else None
    positional = entry[3]
    if entry[1] is None:
        drop = set(positional[:consumed])
        drop.update(kwargs)
        if drop:
            payload = {k: v for k, v in payload.items() if k not in drop}
        return func(*args, **payload, **kwargs)
    if accepted is None:
        accepted = entry[1].difference(positional[:consumed])
    if kwargs:
        accepted = accepted.difference(kwargs)
    if not payload.keys() <= accepted:
        payload = {k: payload[k] for k in accepted if k in payload}
    return func(*args, **payload, **kwargs)
