"""Forwarding of options, configuration, environment and locations: not payload dispatch."""
import ast
import json

from handlers import HANDLERS


class Connection:
    def request(self, method, url, skips):
        self.putrequest(method, url, **skips)

    def copy_font(self):
        return Font(self._tk, **self.actual())

    def configure(self, element, colors, tag_colors_config):
        self.sample.tag_config(element, **colors)
        self.text.tag_configure(element, **tag_colors_config)


def find(message, exc_details, env, env_vars, metadata, pos, attrib, default, od):
    raise ImportError(message, **exc_details)
    assert_python_ok("-c", "pass", **env)
    run_python_until_end("-c", "pass", **env_vars)
    create_dist(**metadata)
    ast.Expr(ast.expr(**pos), **pos)
    ET.Element("tag", **attrib)
    style.configure("name", **default)
    fn(**od)
    Fault(**self._stack[0])


def tests(self, dataset):
    for params in dataset:
        with self.subTest(**params):
            pass


def fixed_entry_with_options(kind, options, settings, locals, ns):
    # A fixed entry of a table is not a callee picked at run time (see
    # kombu_pidbox.input.py for those, which a name does not veto).
    HANDLERS["create"](**options)
    return ns["__create_fn__"](**locals)


def decoded_configuration(path):
    # Decoded from JSON, but named as configuration.
    config = json.load(open(path))
    Server(**config)


def mixed(f, payload, options):
    # One spread is a payload, the other forwards options: left alone.
    f(**payload, **options)
    f(**payload, **request_kwargs)


def loops(a, b, od):
    # A loop over functions that are not named like handlers.
    for fn in (a, b):
        fn(**od)
