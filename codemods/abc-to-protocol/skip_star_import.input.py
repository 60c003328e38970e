# Issue 12: a star import after the import block may rebind `Protocol` (this one
# does: `compat` exports a fallback named `Protocol`); sturdy cannot see which names
# it binds, so an added `from typing import Protocol` might not be the one the
# class header gets.
import os
from abc import ABC, abstractmethod

DEBUG = os.environ.get("DEBUG")

from .compat import *  # noqa: E402,F403


class Transport(ABC):
    @abstractmethod
    def send(self, data: bytes) -> None: ...
