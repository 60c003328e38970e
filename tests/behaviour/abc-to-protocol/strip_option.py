"""--strip-abstractmethod on a program that only uses complete implementations."""
from abc import ABC, abstractmethod


class Greeter(ABC):
    @abstractmethod
    def greet(self, name: str) -> str:
        """Return a greeting."""

    def twice(self, name):
        return self.greet(name) + " " + self.greet(name)


class English(Greeter):
    def greet(self, name):
        return f"hello {name}"


print(English().twice("bob"))
print(isinstance(English(), Greeter))
