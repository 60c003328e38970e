# A `__del__` that does nothing stays: it exists to stop a base class's `__del__`
# from running. Adapted from botocore/response.py (`StreamingBody`, botocore 1.44)
# and gridfs/synchronous/grid_file.py (`GridOut`, pymongo 4.20): removing it let
# `io.IOBase.__del__` close the wrapped urllib3 stream, and make a server round trip.
from io import IOBase


class StreamingBody(IOBase):
    def __init__(self, raw_stream, content_length):
        self._raw_stream = raw_stream
        self._content_length = content_length
        self._amount_read = 0

    def __del__(self):
        # Extending destructor in order to preserve the underlying raw_stream.
        # The ability to add custom cleanup logic introduced in Python3.4+.
        # https://www.python.org/dev/peps/pep-0442/
        pass


class Documented:
    def __init__(self):
        self.fd = 1

    def __del__(self):
        """Deliberately empty: the base's cleanup must not run."""


class Ellipsis_:
    def __init__(self):
        self.fd = 1

    def __del__(self) -> None: ...


class BareReturn:
    def __init__(self):
        self.fd = 1

    def __del__(self):
        return
