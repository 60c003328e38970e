"""Tests for the Python helper that the signature-dispatch codemod inserts into modules.

The helper is loaded by exec-ing the exact text of dispatch_helper.py, the same text
the codemod inserts. Run from the repository root with:

    python3 -m unittest discover -s tests/python -v
"""

import ast
import collections
import dataclasses
import functools
import gc
import inspect
import os
import types
import unittest
import weakref
from unittest import mock

HELPER_PATH = os.path.normpath(
    os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "codemods", "signature-dispatch", "dispatch_helper.py"
    )
)
HEADER = "# sturdy: dispatch helper (signature-dispatch); call a handler with only the payload keys it accepts."


def read_helper_source():
    with open(HELPER_PATH, encoding="utf-8") as handle:
        return handle.read()


def load_helper():
    """Return a fresh dispatch_by_signature (with its own, empty cache)."""
    namespace = {"__name__": "sturdy_helper_under_test"}
    exec(compile(read_helper_source(), HELPER_PATH, "exec"), namespace)
    return namespace["dispatch_by_signature"]


def helper_cache(dispatch):
    """The signature cache: the (only) dict among the helper's keyword-only defaults."""
    caches = [value for value in (dispatch.__kwdefaults__ or {}).values() if isinstance(value, dict)]
    assert len(caches) == 1, caches
    return caches[0]


def plain(a, b, c=3):
    return ("plain", a, b, c)


def var_keyword(a, **rest):
    return ("var_keyword", a, rest)


def keyword_only(*, a, b=2):
    return ("keyword_only", a, b)


def positional_only(a, /, b=0):
    return ("positional_only", a, b)


def positional_only_var_keyword(a, /, **rest):
    return ("positional_only_var_keyword", a, rest)


class Handler:
    def __init__(self, tag="h"):
        self.tag = tag

    def method(self, a, b=2):
        return (self.tag, a, b)

    def method_var_keyword(self, a, **rest):
        return (self.tag, a, rest)

    @classmethod
    def class_method(cls, a, b=2):
        return (cls.__name__, a, b)

    @staticmethod
    def static_method(a, b=2):
        return ("static", a, b)


class CallableObject:
    def __call__(self, a, b=2):
        return ("called", a, b)


class Constructed:
    def __init__(self, a, b=2):
        self.a = a
        self.b = b


@dataclasses.dataclass
class Record:
    x: int
    y: int = 0


class HelperSourceTests(unittest.TestCase):
    def setUp(self):
        self.source = read_helper_source()

    def test_starts_with_header_comment(self):
        self.assertEqual(self.source.splitlines()[0], HEADER)

    def test_exactly_one_top_level_function(self):
        tree = ast.parse(self.source)
        self.assertEqual(len(tree.body), 1)
        function = tree.body[0]
        self.assertIsInstance(function, ast.FunctionDef)
        self.assertEqual(function.name, "dispatch_by_signature")
        self.assertEqual([arg.arg for arg in function.args.posonlyargs], ["func", "payload"])
        self.assertEqual(function.args.vararg.arg, "args")
        self.assertEqual(function.args.kwarg.arg, "kwargs")
        self.assertFalse(function.args.args)
        for arg in function.args.kwonlyargs:
            self.assertTrue(arg.arg.startswith("_"), arg.arg)
        self.assertIsNotNone(ast.get_docstring(function))

    def test_parses_as_python_3_8(self):
        ast.parse(self.source, feature_version=(3, 8))

    def test_formatting(self):
        self.assertTrue(self.source.endswith("\n"))
        self.assertFalse(self.source.endswith("\n\n"))
        self.assertNotIn("\t", self.source)
        self.assertNotIn("\r", self.source)
        for number, line in enumerate(self.source.splitlines(), 1):
            self.assertEqual(line, line.rstrip(), "trailing whitespace on line %d" % number)
            indent = len(line) - len(line.lstrip(" "))
            self.assertEqual(indent % 4, 0, "indentation on line %d" % number)

    def test_self_contained(self):
        namespace = {}
        exec(compile(self.source, HELPER_PATH, "exec"), namespace)
        self.assertEqual(sorted(name for name in namespace if name != "__builtins__"), ["dispatch_by_signature"])

    def test_no_closure_cells(self):
        # A local variable used by a nested function or comprehension becomes a cell, allocated on
        # every call of the helper; its hot path is measured in nanoseconds.
        code = load_helper().__code__
        self.assertEqual(code.co_cellvars, ())
        self.assertEqual(code.co_freevars, ())


class DispatchTestCase(unittest.TestCase):
    def setUp(self):
        self.dispatch = load_helper()

    def dispatch_twice(self, func, payload, /, *args, **kwargs):
        """Dispatch on the uncached and the cached path; both must agree."""
        first = self.dispatch(func, payload, *args, **kwargs)
        second = self.dispatch(func, payload, *args, **kwargs)
        self.assertEqual(first, second)
        return second


class BasicDispatchTests(DispatchTestCase):
    def test_exact_keys_behave_like_direct_call(self):
        payload = {"a": 1, "b": 2, "c": 4}
        self.assertEqual(self.dispatch_twice(plain, payload), plain(**payload))
        self.assertEqual(self.dispatch_twice(plain, {"a": 1, "b": 2}), plain(a=1, b=2))

    def test_payload_is_not_mutated(self):
        payload = {"a": 1, "b": 2, "extra": 3}
        self.dispatch_twice(plain, payload)
        self.assertEqual(payload, {"a": 1, "b": 2, "extra": 3})

    def test_extra_keys_are_dropped(self):
        payload = {"a": 1, "b": 2, "c": 4, "extra": 5, "another": 6}
        self.assertEqual(self.dispatch_twice(plain, payload), ("plain", 1, 2, 4))

    def test_exact_then_extra_then_exact(self):
        calls = []

        def handler(a, b=0):
            calls.append((a, b))
            return a + b

        self.assertEqual(self.dispatch(handler, {"a": 1, "b": 2}), 3)
        self.assertEqual(self.dispatch(handler, {"a": 1, "b": 2, "x": 9}), 3)
        self.assertEqual(self.dispatch(handler, {"a": 1, "b": 2, "x": 9}), 3)
        self.assertEqual(self.dispatch(handler, {"a": 5}), 5)
        self.assertEqual(calls, [(1, 2), (1, 2), (1, 2), (5, 0)])

    def test_missing_required_key_raises_type_error(self):
        for payload in ({"b": 2}, {"b": 2, "extra": 1}, {}):
            for _ in range(2):
                with self.assertRaises(TypeError) as caught:
                    self.dispatch(plain, payload)
                self.assertIn("'a'", str(caught.exception))
                self.assertIsNone(caught.exception.__context__)

    def test_type_error_inside_callee_propagates_once(self):
        calls = []

        def handler(a, b=0):
            calls.append(a)
            raise TypeError("raised by handler")

        for payload in ({"a": 1}, {"a": 1, "extra": 2}, {"a": 1}):
            with self.assertRaisesRegex(TypeError, "raised by handler"):
                self.dispatch(handler, payload)
        self.assertEqual(calls, [1, 1, 1])

    def test_other_errors_inside_callee_propagate(self):
        def handler(a):
            raise KeyError(a)

        with self.assertRaises(KeyError):
            self.dispatch(handler, {"a": 1, "extra": 2})

    def test_keyword_only_parameters(self):
        self.assertEqual(self.dispatch_twice(keyword_only, {"a": 1, "b": 5, "x": 0}), ("keyword_only", 1, 5))
        self.assertEqual(self.dispatch_twice(keyword_only, {"a": 1}), ("keyword_only", 1, 2))

    def test_var_keyword_callee_gets_whole_payload(self):
        payload = {"a": 1, "z": 26, "y": 25, "x": 24}
        result = self.dispatch_twice(var_keyword, payload)
        self.assertEqual(result, ("var_keyword", 1, {"z": 26, "y": 25, "x": 24}))
        self.assertEqual(list(result[2]), ["z", "y", "x"])

    def test_positional_only_parameters_are_not_filled_from_payload(self):
        self.assertEqual(self.dispatch_twice(positional_only, {"a": 1, "b": 2}, 9), ("positional_only", 9, 2))
        with self.assertRaises(TypeError):
            self.dispatch(positional_only, {"a": 1, "b": 2})
        with self.assertRaises(TypeError):
            self.dispatch(positional_only, {"a": 1, "b": 2})

    def test_positional_only_name_goes_to_var_keyword(self):
        # Exactly like positional_only_var_keyword(5, **{"a": 1}).
        self.assertEqual(
            self.dispatch_twice(positional_only_var_keyword, {"a": 1}, 5),
            ("positional_only_var_keyword", 5, {"a": 1}),
        )

    def test_positional_arguments_are_not_passed_again(self):
        payload = {"a": 1, "b": 2, "c": 4, "extra": 0}
        self.assertEqual(self.dispatch_twice(plain, payload, 10), ("plain", 10, 2, 4))
        self.assertEqual(self.dispatch_twice(plain, payload, 10, 20), ("plain", 10, 20, 4))
        self.assertEqual(self.dispatch_twice(plain, payload, 10, 20, 30), ("plain", 10, 20, 30))
        self.assertEqual(self.dispatch_twice(var_keyword, {"a": 1, "z": 2}, 5), ("var_keyword", 5, {"z": 2}))

    def test_positional_arguments_with_var_positional_callee(self):
        def handler(a, *rest, b=0):
            return (a, rest, b)

        self.assertEqual(self.dispatch_twice(handler, {"a": 1, "b": 2}, 7, 8, 9), (7, (8, 9), 2))

    def test_explicit_keyword_arguments_win(self):
        payload = {"a": 1, "b": 2, "c": 4, "extra": 0}
        self.assertEqual(self.dispatch_twice(plain, payload, c=40), ("plain", 1, 2, 40))
        self.assertEqual(self.dispatch_twice(plain, payload, 10, c=40), ("plain", 10, 2, 40))
        self.assertEqual(
            self.dispatch_twice(var_keyword, {"a": 1, "z": 2, "y": 3}, z=20),
            ("var_keyword", 1, {"z": 20, "y": 3}),
        )
        self.assertEqual(self.dispatch_twice(dict, {"a": 1, "b": 2}, b=3), {"a": 1, "b": 3})

    def test_explicit_keyword_not_accepted_still_raises(self):
        with self.assertRaises(TypeError):
            self.dispatch(plain, {"a": 1, "b": 2}, nope=1)

    def test_helper_parameter_names_are_usable_as_keywords(self):
        def handler(func, payload, args=None, kwargs=None):
            return (func, payload, args, kwargs)

        self.assertEqual(
            self.dispatch_twice(handler, {"func": 1}, payload=2, args=3, kwargs=4),
            (1, 2, 3, 4),
        )

    def test_mapping_payloads(self):
        payload = types.MappingProxyType({"a": 1, "b": 2, "extra": 3})
        self.assertEqual(self.dispatch_twice(plain, payload), ("plain", 1, 2, 3))
        self.assertEqual(self.dispatch_twice(var_keyword, payload), ("var_keyword", 1, {"b": 2, "extra": 3}))

    def test_lambdas_and_generators(self):
        self.assertEqual(self.dispatch_twice(lambda a, b=1: a + b, {"a": 1, "x": 0}), 2)

        def generator(n, step=1):
            yield from range(0, n, step)

        self.assertEqual(list(self.dispatch(generator, {"n": 6, "step": 2, "x": 0})), [0, 2, 4])

    def test_wraps_decorated_function_is_filtered_by_wrapped_signature(self):
        calls = []

        def decorator(inner):
            @functools.wraps(inner)
            def wrapper(*args, **kwargs):
                calls.append(kwargs)
                return inner(*args, **kwargs)

            return wrapper

        @decorator
        def handler(a, b=2):
            return (a, b)

        self.assertEqual(self.dispatch_twice(handler, {"a": 1, "extra": 9}), (1, 2))
        self.assertEqual(calls, [{"a": 1}, {"a": 1}])


class CallableKindsTests(DispatchTestCase):
    def test_classes(self):
        obj = self.dispatch(Constructed, {"a": 1, "b": 5, "extra": 0})
        self.assertEqual((obj.a, obj.b), (1, 5))
        obj = self.dispatch(Constructed, {"a": 1, "extra": 0})
        self.assertEqual((obj.a, obj.b), (1, 2))
        self.assertEqual(self.dispatch_twice(Record, {"x": 1, "y": 2, "z": 3}), Record(1, 2))
        self.assertEqual(self.dispatch(Handler, {"tag": "t", "x": 0}).tag, "t")
        self.assertEqual(self.dispatch(Handler, {"tag": "u", "x": 0}).tag, "u")
        with self.assertRaises(TypeError):
            self.dispatch(Constructed, {"b": 1, "extra": 0})

    def test_partials(self):
        self.assertEqual(self.dispatch_twice(functools.partial(plain, 10), {"a": 1, "b": 2, "x": 0}), ("plain", 10, 2, 3))
        self.assertEqual(self.dispatch_twice(functools.partial(plain, b=7), {"a": 1, "x": 0}), ("plain", 1, 7, 3))
        self.assertEqual(self.dispatch_twice(functools.partial(plain, b=7), {"a": 1, "b": 8}), ("plain", 1, 8, 3))

    def test_bound_methods(self):
        handler = Handler("obj")
        payload = {"a": 1, "b": 5, "extra": 0, "self": "not me"}
        self.assertEqual(self.dispatch_twice(handler.method, payload), ("obj", 1, 5))
        self.assertEqual(self.dispatch_twice(handler.method, {"a": 1}), ("obj", 1, 2))
        self.assertEqual(self.dispatch_twice(handler.method, payload, 9), ("obj", 9, 5))
        self.assertEqual(self.dispatch_twice(handler.method, payload, b=6), ("obj", 1, 6))
        self.assertEqual(
            self.dispatch_twice(handler.method_var_keyword, payload),
            ("obj", 1, {"b": 5, "extra": 0}),
        )
        # Different instances share the cache entry but bind their own self.
        self.assertEqual(self.dispatch(Handler("other").method, payload), ("other", 1, 5))
        with self.assertRaises(TypeError):
            self.dispatch(handler.method, {"b": 1, "extra": 0})

    def test_unbound_function_through_class(self):
        handler = Handler("obj")
        self.dispatch(handler.method, {"a": 1})  # caches the underlying function as bound
        self.assertEqual(self.dispatch_twice(Handler.method, {"a": 1, "x": 0}, handler), ("obj", 1, 2))
        self.assertEqual(self.dispatch_twice(Handler.method, {"self": handler, "a": 1, "x": 0}), ("obj", 1, 2))

    def test_classmethods_and_staticmethods(self):
        payload = {"a": 1, "b": 5, "extra": 0, "cls": None}
        self.assertEqual(self.dispatch_twice(Handler.class_method, payload), ("Handler", 1, 5))
        self.assertEqual(self.dispatch_twice(Handler().class_method, payload), ("Handler", 1, 5))
        self.assertEqual(self.dispatch_twice(Handler.static_method, payload), ("static", 1, 5))
        self.assertEqual(self.dispatch_twice(Handler().static_method, payload), ("static", 1, 5))

    def test_callable_instances(self):
        self.assertEqual(self.dispatch_twice(CallableObject(), {"a": 1, "b": 5, "x": 0}), ("called", 1, 5))

    def test_builtin_with_signature(self):
        self.assertEqual(self.dispatch_twice(sorted, {"key": abs, "reverse": True, "x": 0}, [-3, 1, 2]), [-3, 2, 1])
        self.assertEqual(self.dispatch_twice(str.split, {"sep": ",", "x": 0}, "a,b"), ["a", "b"])

    def test_builtins_without_signature_get_whole_payload(self):
        for builtin in (dict, max):
            try:
                inspect.signature(builtin)
            except ValueError:
                pass
            else:
                self.skipTest("%r has a signature on this Python" % (builtin,))
        self.assertEqual(self.dispatch_twice(dict, {"a": 1, "b": 2}), {"a": 1, "b": 2})
        self.assertEqual(self.dispatch_twice(dict, {"b": 2}, [("a", 1)]), {"a": 1, "b": 2})
        self.assertEqual(self.dispatch_twice(max, {"key": abs}, [-3, 2]), -3)
        self.assertEqual(self.dispatch_twice(max, {"default": 0}, []), 0)
        for _ in range(2):
            with self.assertRaises(TypeError):
                self.dispatch(max, {"bogus": 1}, [1, 2])

    def test_bound_builtin_without_signature_gets_whole_payload(self):
        template = "{a}-{b}"
        try:
            inspect.signature(template.format)
        except ValueError:
            pass
        else:
            self.skipTest("str.format has a signature on this Python")
        self.assertEqual(self.dispatch_twice(template.format, {"a": 1, "b": 2, "c": 3}), "1-2")


def shape_sweep(names):
    """Payload key lists: every subset of names, in both orders, so consecutive calls change shape."""
    subsets = [[name for bit, name in enumerate(names) if mask >> bit & 1] for mask in range(1 << len(names))]
    return subsets + [list(reversed(subset)) for subset in reversed(subsets)]


def expected_outcome(func, payload):
    """What the helper must do: filter the payload by inspect.signature and pass it by keyword."""
    parameters = inspect.signature(func).parameters.values()
    if any(parameter.kind == parameter.VAR_KEYWORD for parameter in parameters):
        accepted = set(payload)
    else:
        accepted = {
            parameter.name
            for parameter in parameters
            if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
        }
    try:
        return ("returned", func(**{name: payload[name] for name in payload if name in accepted}))
    except Exception as error:
        return ("raised", type(error), str(error))


class ShapeTests(DispatchTestCase):
    """Plain functions given a dict payload are called positionally when that binds the same."""

    def outcome(self, func, payload):
        try:
            return ("returned", self.dispatch(func, payload))
        except Exception as error:
            return ("raised", type(error), str(error))

    def check_every_shape(self, func, names, rounds=3):
        for _ in range(rounds):
            for keys in shape_sweep(names):
                payload = {name: "v_" + name for name in keys}
                expected = expected_outcome(func, payload)
                before = len(RECORDED)
                self.assertEqual(self.outcome(func, payload), expected, (func, keys))
                # The callee ran once, or not at all when its arguments did not bind.
                self.assertEqual(len(RECORDED) - before, 1 if expected[0] == "returned" else 0, keys)
                self.assertEqual(list(payload), keys)

    def test_every_payload_shape_binds_like_keywords(self):
        def defaults(a, b, c="C", d="D"):
            return record_call(a, b, c, d)

        def var_positional(a, b="B", *rest, c="C"):
            return record_call(a, b, rest, c)

        def keyword_only(a, b="B", *, c, d="D"):
            return record_call(a, b, c, d)

        def positional_only(a, /, b="B", c="C"):
            return record_call(a, b, c)

        def single(a):
            return record_call(a)

        for func, names in (
            (defaults, ["a", "b", "c", "d", "x"]),
            (var_positional, ["a", "b", "c", "rest", "x"]),
            (keyword_only, ["a", "b", "c", "d", "x"]),
            (positional_only, ["a", "b", "c", "x"]),
            (single, ["a", "x", "y"]),
            (RecordingHandler().method, ["self", "a", "b", "c", "x"]),
            (RecordingHandler.class_method, ["cls", "a", "b", "x"]),
            (RecordingHandler.method, ["self", "a", "b", "c", "x"]),
        ):
            with self.subTest(func=func):
                self.check_every_shape(func, names)

    def test_alternating_shapes_stay_correct(self):
        def handler(a, b=2, c=3):
            return record_call(a, b, c)

        payloads = [{"a": 1, "b": 5, "c": 6}, {"a": 1, "b": 5, "x": 0}, {"a": 1}, {"a": 1, "c": 6}, {"b": 1}]
        for _ in range(20):
            for payload in payloads:
                self.assertEqual(self.outcome(handler, payload), expected_outcome(handler, payload))

    def test_keyword_only_values_are_passed(self):
        def handler(a, b, *, c=0):
            return (a, b, c)

        for _ in range(3):
            self.assertEqual(self.dispatch(handler, {"a": 1, "b": 2, "c": 3, "x": 4}), (1, 2, 3))
            self.assertEqual(self.dispatch(handler, {"a": 1, "b": 2, "x": 4}), (1, 2, 0))

    def test_mappings_that_compute_values_are_not_read_for_absent_keys(self):
        def handler(a, b=2, c=3):
            return (a, b, c)

        class Overriding(dict):
            def __getitem__(self, key):
                return "computed"

        for _ in range(3):
            payload = collections.defaultdict(list, {"a": 1, "b": 5, "x": 0})
            self.assertEqual(self.dispatch(handler, payload), (1, 5, 3))
            self.assertEqual(dict(payload), {"a": 1, "b": 5, "x": 0})
            self.assertEqual(self.dispatch(handler, collections.Counter({"a": 1, "x": 1})), (1, 2, 3))
            # Every key is accepted, so this is handler(**payload), which (unlike a positional
            # call with values looked up through __getitem__) reads a dict subclass's own storage.
            self.assertEqual(self.dispatch(handler, Overriding({"a": 1, "b": 5, "c": 6})), (1, 5, 6))

    def test_key_error_inside_callee_propagates_once(self):
        calls = []

        def handler(a, b=0):
            calls.append(a)
            raise KeyError("raised by handler")

        payloads = [{"a": 1, "b": 2}, {"a": 1, "b": 2, "x": 0}, {"a": 1}, {"a": 1, "x": 0}, {"b": 2, "a": 1}]
        for payload in payloads * 3:
            with self.assertRaises(KeyError) as caught:
                self.dispatch(handler, payload)
            self.assertEqual(caught.exception.args, ("raised by handler",))
            self.assertIsNone(caught.exception.__context__)
        self.assertEqual(len(calls), len(payloads) * 3)

    def test_non_string_keys_are_dropped(self):
        for _ in range(3):
            self.assertEqual(self.dispatch(plain, {"a": 1, "b": 2, 3: "x"}), ("plain", 1, 2, 3))
            self.assertEqual(self.dispatch(plain, {"a": 1, "b": 2, "c": 4, 3: "x"}), ("plain", 1, 2, 4))
            self.assertEqual(self.dispatch(Constructed, {"a": 1, 3: "x"}).a, 1)

    def test_payload_keys_named_like_locals_of_the_helper(self):
        def handler(entry=None, getter=None, values=None, prefix=None):
            return (entry, getter, values, prefix)

        for _ in range(3):
            payload = {"entry": 1, "getter": 2, "values": 3, "prefix": 4, "x": 5}
            self.assertEqual(self.dispatch(handler, payload), (1, 2, 3, 4))


RECORDED = []


def record_call(*values):
    RECORDED.append(values)
    return values


class RecordingHandler:
    def method(self, a, b="B", c="C"):
        return record_call(type(self).__name__, a, b, c)

    @classmethod
    def class_method(cls, a, b="B"):
        return record_call(cls.__name__, a, b)


class CacheTests(DispatchTestCase):
    def count_signature_calls(self, action):
        with mock.patch("inspect.signature", wraps=inspect.signature) as spy:
            action()
        return spy.call_count

    def test_signature_computed_once_per_function(self):
        def run():
            for _ in range(50):
                self.dispatch(plain, {"a": 1, "b": 2, "x": 3})
                self.dispatch(plain, {"a": 1, "b": 2})
                self.dispatch(plain, {"a": 1, "b": 2}, 1)

        self.assertEqual(self.count_signature_calls(run), 1)

    def test_signature_computed_once_for_bound_methods_of_many_objects(self):
        def run():
            for index in range(50):
                self.dispatch(Handler(index).method, {"a": 1, "x": 3})

        self.assertEqual(self.count_signature_calls(run), 1)

    def test_builtin_functions_are_cached(self):
        def run():
            for _ in range(20):
                self.dispatch(max, {"key": abs}, [-3, 2])
                self.dispatch(sorted, {"key": abs, "x": 0}, [1])
                self.dispatch(str.split, {"sep": ",", "x": 0}, "a,b")

        self.assertEqual(self.count_signature_calls(run), 3)

    def test_bound_methods_of_short_lived_objects_do_not_leak(self):
        cache = helper_cache(self.dispatch)
        refs = []
        for index in range(10000):
            handler = Handler(index)
            refs.append(weakref.ref(handler))
            self.assertEqual(self.dispatch(handler.method, {"a": index, "x": 0}), (index, index, 2))
            self.assertEqual(self.dispatch(handler.method_var_keyword, {"a": index}), (index, index, {}))
            del handler
        gc.collect()
        self.assertEqual([ref for ref in refs if ref() is not None], [])
        self.assertLessEqual(len(cache), 2)

    def test_short_lived_callables_do_not_leak(self):
        cache = helper_cache(self.dispatch)
        self.dispatch(plain, {"a": 1, "b": 2})
        baseline = len(cache)
        refs = []
        for index in range(10000):
            closure = (lambda a, b=index: (a, b)) if index % 3 else functools.partial(plain, b=index)
            callable_object = CallableObject()
            refs.append(weakref.ref(closure))
            refs.append(weakref.ref(callable_object))
            self.dispatch(closure, {"a": 1, "x": 0})
            self.dispatch(callable_object, {"a": 1, "x": 0})
            del closure, callable_object
        gc.collect()
        self.assertEqual([ref for ref in refs if ref() is not None], [])
        self.assertLessEqual(len(cache), baseline + 2)

    def test_non_weakrefable_short_lived_callables_are_not_cached(self):
        cache = helper_cache(self.dispatch)
        for index in range(1000):
            items = [index]
            self.assertEqual(self.dispatch(items.count, {}, index), 1)
            self.assertEqual(self.dispatch("{a}".format, {"a": index, "b": 0}), str(index))
        self.assertLessEqual(len(cache), 2)

    def test_reused_ids_do_not_confuse_the_cache(self):
        for index in range(2000):
            if index % 2:
                def handler(a, b=0):
                    return ("ab", a, b)

                expected = ("ab", 1, 0)
            else:
                def handler(a, **rest):
                    return ("rest", a, rest)

                expected = ("rest", 1, {"b2": 2})
            self.assertEqual(self.dispatch(handler, {"a": 1, "b2": 2}), expected)
            del handler
        self.assertLessEqual(len(helper_cache(self.dispatch)), 1)

    def test_code_replaced_by_a_reloader_is_inspected_again(self):
        # What IPython's autoreload does on a code change: the function object stays, its
        # __code__ is replaced by the new definition's (and the old code object is freed).
        namespace = {}
        exec(compile("def handler(a, b):\n    return ('v1', a, b)\n", "<v1>", "exec"), namespace)
        handler = namespace.pop("handler")
        payload = {"a": 1, "b": 2, "c": 3}
        self.assertEqual(self.dispatch(handler, payload), ("v1", 1, 2))
        exec(compile("def handler(b, c, a):\n    return ('v2', a, b, c)\n", "<v2>", "exec"), namespace)
        handler.__code__ = namespace.pop("handler").__code__
        gc.collect()
        self.assertEqual(self.dispatch(handler, payload), ("v2", 1, 2, 3))
        self.assertEqual(self.dispatch(handler, {"a": 1, "b": 2, "c": 3, "d": 4}), ("v2", 1, 2, 3))


if __name__ == "__main__":
    unittest.main()
