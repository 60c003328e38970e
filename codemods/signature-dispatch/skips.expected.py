import app
from myapp.util import dispatch_by_signature


@app.route(**event_route)
def view():
    pass


def order(f, g, h):
    f(g(), **get_payload())
    f(a=g(), **get_payload())
    f(*g(), **get_payload())
    dispatch_by_signature(f, get_payload(), x)
    dispatch_by_signature(f, payload, g())


@register(make(**message))
class View:
    pass
