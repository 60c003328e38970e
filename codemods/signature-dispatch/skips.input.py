import app


@app.route(**event_route)
def view():
    pass


def order(f, g, h):
    f(g(), **get_payload())
    f(a=g(), **get_payload())
    f(*g(), **get_payload())
    f(x, **get_payload())
    f(g(), **payload)


@register(make(**message))
class View:
    pass
