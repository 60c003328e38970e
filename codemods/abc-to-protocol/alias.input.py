from abc import ABC as Interface, abstractmethod as abstract


class Clock(Interface):
    @abstract
    def now(self) -> float: ...
