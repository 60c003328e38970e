import app
from myapp.util import dispatch_by_signature


@app.route(**route_spec)
def view():
    pass


def order(f, g, h):
    f(g(), **h())
    f(a=g(), **h())
    f(*g(), **h())
    dispatch_by_signature(f, h(), x)
    dispatch_by_signature(f, payload, g())


@register(make(**spec))
class View:
    pass
