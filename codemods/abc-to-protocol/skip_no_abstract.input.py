from abc import ABC


class Mixin(ABC):
    def helper(self):
        return 1
