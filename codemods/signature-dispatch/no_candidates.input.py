import os

x = 2 ** 3
y = {**a, **b}
