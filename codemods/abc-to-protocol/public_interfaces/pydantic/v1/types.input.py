# Adapted from pydantic 2.x, pydantic/v1/types.py: `pydantic.v1.SecretField` is a
# public base class users check with `isinstance(value, SecretField)`; converted
# without @runtime_checkable, those checks would raise TypeError.
import abc
from typing import Any


class SecretField(abc.ABC):
    def __eq__(self, other: Any) -> bool:
        return isinstance(other, self.__class__) and self.get_secret_value() == other.get_secret_value()

    def __str__(self) -> str:
        return '**********' if self.get_secret_value() else ''

    def __hash__(self) -> int:
        return hash(self.get_secret_value())

    @abc.abstractmethod
    def get_secret_value(self) -> Any:  # pragma: no cover
        ...
