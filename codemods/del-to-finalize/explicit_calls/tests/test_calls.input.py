from pkg.other import Imported
from pkg.res import Constructed


def test_constructed():
    c = Constructed("x")
    c.__del__()


def test_fixture(handle):
    # An object sturdy cannot type: it may be an instance of any class this file
    # imports, or of any class of a module it imports.
    handle.__del__()
