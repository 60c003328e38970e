"""Test parameterisation outside test directories: parametrize, subTest, test functions."""
import unittest

import pytest

from handlers import HANDLERS, build


@pytest.mark.parametrize("payload", [{"a": 1}, {"a": 2, "b": 3}])
def check_build(payload):
    assert build(**payload)


def test_handlers():
    for kind, payload in [("create", {"name": "x"})]:
        HANDLERS[kind](**payload)


class Cases(unittest.TestCase):
    def check(self, cases):
        for kind, payload in cases:
            with self.subTest(kind=kind):
                HANDLERS[kind](**payload)


def handle(kind, payload):
    return HANDLERS[kind](**payload)
