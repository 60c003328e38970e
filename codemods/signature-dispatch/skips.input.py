import app


@app.route(**route_spec)
def view():
    pass


def order(f, g, h):
    f(g(), **h())
    f(a=g(), **h())
    f(*g(), **h())
    f(x, **h())
    f(g(), **payload)


@register(make(**spec))
class View:
    pass
