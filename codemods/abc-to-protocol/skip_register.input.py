from abc import ABC, ABCMeta, abstractmethod


class Sequence(ABC):
    @abstractmethod
    def __getitem__(self, i): ...


class Mapping(ABC):
    @abstractmethod
    def __getitem__(self, k): ...


Sequence.register(tuple)


@Mapping.register
class Frozen:
    def __getitem__(self, k):
        return k


class Set(ABC):
    @abstractmethod
    def __contains__(self, x): ...


ABCMeta.register(Set, frozenset)
