import gc

COUNT = {"closed": 0}


def bump(amount):
    COUNT["closed"] += amount


class Conn:
    """Many short-lived objects: every one is cleaned up exactly once."""

    def __init__(self, amount):
        self.amount = amount

    def __del__(self):
        bump(self.amount)


for i in range(1000):
    c = Conn(1)
del c
gc.collect()
print(COUNT)
