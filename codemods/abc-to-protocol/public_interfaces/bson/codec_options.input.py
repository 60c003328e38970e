# Adapted from pymongo 4.20.1, bson/codec_options.py: `TypeEncoder` declares the
# abstract property `python_type`. pymongo's tests call
# `issubclass(TypeCodec, TypeEncoder)`; against a protocol with a non-method member
# that raises TypeError. Public interfaces with data members stay ABCs.
import abc
from typing import Any


class TypeEncoder(abc.ABC):
    """Base class for defining type codec classes."""

    @abc.abstractproperty
    def python_type(self) -> Any:
        """The Python type to be converted into something serializable."""

    @abc.abstractmethod
    def transform_python(self, value: Any) -> Any:
        """Convert the given Python object into something serializable."""


class TypeDecoder(abc.ABC):
    """Base class for defining type codec classes."""

    @abc.abstractproperty
    def bson_type(self) -> Any:
        """The BSON type to be converted into our own type."""

    @abc.abstractmethod
    def transform_bson(self, value: Any) -> Any:
        """Convert the given BSON value into our own type."""


class TypeCodec(TypeEncoder, TypeDecoder):
    """Base class for defining type codec classes."""
