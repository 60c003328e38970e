import os; x = f(**payload)


# sturdy: dispatch helper (signature-dispatch); call a handler with only the payload keys it accepts.
def dispatch_by_signature(func, payload, /, *args, _sturdy_cache={}, **kwargs):
    """Call ``func(*args, **payload, **kwargs)``, passing only the payload keys ``func`` accepts.

    Inserted by sturdy (signature-dispatch). Payload keys the callee cannot take
    by keyword are dropped, so a payload that gains a key no longer raises
    TypeError. Explicit keyword arguments win over payload keys, parameters
    already filled by positional arguments are not passed again, and
    positional-only parameters are never filled from the payload. A callee
    taking ``**kwargs``, or one without a retrievable signature, gets the whole
    payload. Signatures are cached per callable without keeping it alive.
    """
    # _sturdy_cache maps id(callable) to an entry, a list describing how to call it:
    #   [0]  ref() returns the callable: a weakref whose callback drops the entry (so no entry
    #        outlives its callable, and an id cannot be reused while cached), or a strong reference
    #        for builtins. No identity check is needed on lookup.
    #   [1]  accepted: frozenset of the names the payload may fill, or None to pass every key.
    #   [2]  getter of every name in [5], or None while switched off; [3] getter of every name in [5]
    #        but the last one, [4], or None until a payload without [4] was seen (see below).
    #   [5]  prefix: the parameters in order, if the callee is a plain Python function and every
    #        name in accepted can be passed positionally; else ().
    #   [6]  getters: getters[n](payload) returns the values of prefix[:n] as a tuple.
    #   [7]  how many more payloads may go through the slower prefix search below.
    #   [8]  True while func(**payload) may be tried without checking the keys first (see below).
    #   [9]  positional parameter names (None if positional-only), [10] names never passed from the
    #        payload to a **kwargs callee, [11] accepted minus one more positional parameter.
    #   [12] a weakref to the function's __code__ (or None), whose callback also drops the entry: a
    #        reloader that gives the function new code (IPython's autoreload does) frees the old one.
    #        (Best effort: code still referenced elsewhere, say by other closures, keeps the entry.)
    # A bound method is cached under the function it binds; that entry has two more items:
    # [13] types.MethodType and [14] the entry for calls through a bound method (whose instance
    # fills the first positional parameter).
    entry = _sturdy_cache.get(id(func))
    if entry is None:
        # A bound method is a new object on each attribute access: look up the function it binds.
        try:
            entry = _sturdy_cache.get(id(func.__func__))
        except AttributeError:
            pass
        if entry is not None and type(func) is entry[13]:
            entry = entry[14]
        else:
            # Not cached yet (or cannot be): inspect the signature. A nested function keeps the
            # locals of this rarely used code out of every call's frame.
            def build(func, cache):
                import inspect
                import operator
                import types
                import weakref
                target = func
                bound = type(func) is types.MethodType
                if bound:
                    target = func.__func__
                try:
                    # A callee that declares its own signature (pydantic models and dataclasses
                    # do) may accept keys it does not show (aliases) or have to reject extra
                    # keys itself: it gets every key, as before.
                    declared = getattr(target, "__signature__", None) is not None
                    parameters = None if declared else inspect.signature(target).parameters.values()
                except (TypeError, ValueError):
                    parameters = None
                positional = []
                accepted = set()
                var_keyword = parameters is None
                for parameter in parameters or ():
                    if parameter.kind == parameter.VAR_KEYWORD:
                        var_keyword = True
                    elif parameter.kind == parameter.POSITIONAL_ONLY:
                        positional.append(None)
                    elif parameter.kind == parameter.POSITIONAL_OR_KEYWORD:
                        positional.append(parameter.name)
                        accepted.add(parameter.name)
                    elif parameter.kind == parameter.KEYWORD_ONLY:
                        accepted.add(parameter.name)
                # A plain function binds its own arguments and rejects unexpected keywords before
                # running any code; inspect.signature shows exactly its parameters, in order.
                plain = type(target) is types.FunctionType and not var_keyword
                for name in ("__wrapped__", "__signature__", "_partialmethod", "__partialmethod__"):
                    if hasattr(target, name):
                        plain = False
                entries = []
                for skip in (0, 1):
                    names = tuple(positional[skip:])
                    dropped = tuple(name for name in positional[:skip] if name is not None)
                    if var_keyword:
                        entries.append([None, None, None, None, None, (), None, 0, False, names, dropped, None, None])
                        continue
                    names_accepted = accepted.difference(dropped)
                    prefix = names if plain and set(names) == names_accepted else ()
                    getters = [None]
                    for size in range(1, len(prefix) + 1):
                        if size == 1:
                            # itemgetter of a single name returns the value itself, not a tuple.
                            getters.append(lambda payload, _name=prefix[0]: (payload[_name],))
                        else:
                            getters.append(operator.itemgetter(*prefix[:size]))
                    last = prefix[-1] if prefix else None
                    entry = [None, frozenset(names_accepted), getters[-1], None, last, prefix, getters, 8, plain]
                    entry += [names, dropped, frozenset(names_accepted.difference(names[:1])), None]
                    entries.append(entry)
                entry = entries[0]
                entry += [types.MethodType, entries[1]]
                key = id(target)
                try:
                    entry[0] = weakref.ref(
                        target,
                        lambda r, _k=key, _c=cache: _c.pop(_k) if _c.get(_k, (None,))[0] is r else None,
                    )
                    if type(target) is types.FunctionType:
                        entry[12] = weakref.ref(
                            target.__code__,
                            lambda r, _k=key, _c=cache: _c.pop(_k) if _c.get(_k, (None,) * 13)[12] is r else None,
                        )
                except TypeError:
                    # Not weakly referenceable: cache only long-lived builtins (strongly), nothing else.
                    if type(target) in (
                        types.MethodDescriptorType,
                        types.WrapperDescriptorType,
                        types.ClassMethodDescriptorType,
                    ) or (
                        type(target) is types.BuiltinFunctionType
                        and (target.__self__ is None or isinstance(target.__self__, types.ModuleType))
                    ):
                        entry[0] = lambda _t=target: _t
                if entry[0] is not None:
                    cache[key] = entry
                return entries[1] if bound else entry

            entry = build(func, _sturdy_cache)
    if args or kwargs:
        # Filter by name: drop the keys of parameters filled by the positional arguments, then let
        # explicit keyword arguments win over payload keys.
        accepted = entry[1]
        if accepted is None:
            dropped = set(entry[9][: len(args)]).union(entry[10])
            dropped.discard(None)
            if not kwargs and dropped.isdisjoint(payload):
                return func(*args, **payload)
            filtered = {}
            for name in payload:
                if name not in dropped:
                    filtered[name] = payload[name]
        else:
            accepted = entry[11] if len(args) == 1 else accepted.difference(entry[9][: len(args)])
            if not kwargs and accepted.issuperset(payload):
                return func(*args, **payload)
            filtered = {}
            for name in accepted:
                if name in payload:
                    filtered[name] = payload[name]
        if kwargs:
            filtered.update(kwargs)
        return func(*args, **filtered)
    # Fast paths, for a plain function and an exact dict payload (a dict subclass or another
    # mapping may compute values or defaults in __getitem__): fetch the parameters' values with
    # one C call and pass them positionally, which binds exactly like passing them by keyword and
    # leaves out every other key. First: every parameter is in the payload (KeyError otherwise;
    # the getter is then switched off until the prefix search below finds that shape again).
    getter = entry[2]
    if getter is not None and type(payload) is dict:
        try:
            values = getter(payload)
        except KeyError:
            entry[2] = None
        else:
            return func(*values)
    prefix = entry[5]
    if prefix and type(payload) is dict:
        # Next: every parameter but the last one, which is not in the payload.
        getter = entry[3]
        if getter is not None and entry[4] not in payload:
            try:
                values = getter(payload)
            except KeyError:
                entry[3] = None
            else:
                return func(*values)
        # Then, for a bounded number of payloads (this search is slow, and switching the getters
        # above back and forth would raise KeyError there each time): a payload holding the first
        # parameters and none of the others, which take their defaults. Remember its shape if it
        # is one of the two above.
        if entry[7] > 0:
            entry[7] -= 1
            size = 0
            for name in prefix:
                if name not in payload:
                    break
                size += 1
            for name in prefix[size + 1 :]:
                if name in payload:
                    size = 0
                    break
            if size:
                getter = entry[6][size]
                if size == len(prefix):
                    entry[2] = getter
                elif size == len(prefix) - 1:
                    entry[3] = getter
                return func(*getter(payload))
        elif entry[3] is None:
            # No positional fast path left for this callable: skip this block from now on.
            entry[5] = ()
    # Otherwise pass the accepted payload keys by keyword.
    accepted = entry[1]
    if accepted is None:
        # Every key, except (for a bound method) the name of the parameter the instance fills.
        if entry[10] and entry[10][0] in payload:
            filtered = {**payload}
            del filtered[entry[10][0]]
            return func(**filtered)
        return func(**payload)
    if entry[8]:
        # A plain function rejects extra keys before running any code, so try the call directly
        # and look at the payload only if that call is rejected.
        try:
            return func(**payload)
        except TypeError as error:
            # Re-raise unless the call was rejected before entering the callee because of extra keys.
            if error.__traceback__.tb_next is not None or accepted.issuperset(payload):
                raise
        # This callable does get extra keys: check the payload up front from now on.
        entry[8] = False
    elif accepted.issuperset(payload):
        return func(**payload)
    # Build a fresh dict (rather than deleting from a copy): CPython unpacks it faster.
    filtered = {}
    for name in accepted:
        if name in payload:
            filtered[name] = payload[name]
    return func(**filtered)


y = dispatch_by_signature(f, payload)
