# Adapted from aiohttp 3.14.5, aiohttp/abc.py: `AbstractResolver` is aiohttp's public
# resolver interface; users and aiohttp's own tests check `isinstance(r, AbstractResolver)`
# in code this run cannot see, so as a protocol it must be @runtime_checkable.
import socket
from abc import ABC, abstractmethod
from typing import Any


class AbstractResolver(ABC):
    """Abstract DNS resolver."""

    @abstractmethod
    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[dict[str, Any]]:
        """Return IP address for given hostname"""

    @abstractmethod
    async def close(self) -> None:
        """Release resolver"""
