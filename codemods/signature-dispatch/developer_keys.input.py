"""Payloads whose keys developers wrote are left alone: a misspelled key must keep failing.

Adapted from awscli `customizations/commands.py` (`BasicCommand`), where every
`ARG_TABLE` entry is a dict literal passed as `CustomArgument(**arg_data)`: a typo key
(`"requried": True`) raised, and after a rewrite built an optional argument.
"""
from handlers import HANDLERS, CustomArgument, connect, draw

PAGING_ARGS = [
    {"name": "starting-token", "help_text": "A token to resume from."},
    {"name": "max-items", "cli_type_name": "integer"},
]

shapes = [
    {"kind": "circle", "radius": 2},
    {"kind": "square", "side": 3},
]


class BasicCommand:
    ARG_TABLE = []

    def _build_arg_table(self):
        arg_table = {}
        for arg_data in self.ARG_TABLE:
            if "schema" in arg_data:
                arg_data["argument_model"] = arg_data.pop("schema")
            custom_argument = CustomArgument(**arg_data)
            arg_table[arg_data["name"]] = custom_argument
        return arg_table


class PaginatedCommand(BasicCommand):
    def _build_arg_table(self):
        arg_table = super()._build_arg_table()
        for arg_data in PAGING_ARGS:
            arg_table[arg_data["name"]] = CustomArgument(**arg_data)
        return arg_table


def render(kind):
    for shape_data in shapes:
        draw(**shape_data)
    draw(**shapes[0])
    draw(**PAGING_ARGS[1])


def fixed(host, port, timeout, record):
    # Keys written here, or the function's own parameters, passed to a fixed callee.
    connect(**{"host": host, "port": port})
    connect(**dict(host=host, port=port))
    connect(**{name: value for name, value in (("host", host), ("port", port))})
    connect(**{k: v for k, v in locals().items() if v is not None})
    params = {"host": host, "timeout": timeout, "data": record}
    connect(**params)


def picked(kind, host, port, record):
    # The same keys to a callee picked at run time: still written by developers.
    HANDLERS[kind](**{"host": host, "port": port})
    options = {"host": host}
    options["port"] = port
    HANDLERS[kind](**options)
    # Keys added at run time are not all written here: the name decides.
    params = {"host": host, "port": port}
    params[kind] = True
    connect(**params)
    record_data = {"host": host}
    record_data.update(record)
    connect(**record_data)
