"""A callee picked at run time is payload dispatch whatever the spread's name.

Adapted from kombu `pidbox.py` (`Node`): `self.handlers[method](self.state, **arguments)`
dispatches a broadcast command's arguments to the handler registered for it, and was
left alone because of the name `arguments`; the outer `self.dispatch(**body)` is a
no-op (`dispatch` takes `**kwargs`) and was rewritten.
"""
from myapp.util import dispatch_by_signature


class Node:
    def __init__(self, hostname, state=None, handlers=None):
        self.hostname = hostname
        self.state = state
        self.handlers = {} if handlers is None else handlers

    def dispatch(self, method, arguments=None, reply_to=None, ticket=None, **kwargs):
        arguments = arguments or {}
        handle = reply_to and self.handle_call or self.handle_cast
        try:
            reply = handle(method, arguments)
        except SystemExit:
            raise
        except Exception as exc:
            reply = {"error": repr(exc)}
        return reply

    def handle(self, method, arguments=None):
        arguments = {} if not arguments else arguments
        return dispatch_by_signature(self.handlers[method], arguments, self.state)

    def handle_call(self, method, arguments):
        return self.handle(method, arguments)

    def handle_cast(self, method, arguments):
        return self.handle(method, arguments)

    def handle_message(self, body, message=None):
        destination = body.get("destination")
        if not destination or self.hostname in destination:
            return self.dispatch(**body)


def run_command(registry, name, arguments, options, settings):
    dispatch_by_signature(registry[name], arguments)
    dispatch_by_signature(registry.get(name), arguments)
    command = getattr(registry, "cmd_" + name)
    dispatch_by_signature(command, arguments)
    # Options stay options, and captured keyword arguments that are not received data
    # stay forwarding, whoever the callee is.
    registry[name](**options)
    registry.get(name)(**settings)
    command(**registry.default_kwargs)
    # A fixed entry is not picked at run time: the name decides.
    registry["fixed"](**arguments)
    getattr(registry, "fixed")(**arguments)
