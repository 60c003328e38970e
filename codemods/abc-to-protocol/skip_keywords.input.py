from abc import ABC, ABCMeta, abstractmethod


class Meta(ABCMeta):
    pass


class Plugin(ABC):
    @abstractmethod
    def load(self): ...


class MyPlugin(Plugin, metaclass=Meta):
    def load(self):
        pass


class Tagged(ABC, tag="x"):
    @abstractmethod
    def tag(self): ...
