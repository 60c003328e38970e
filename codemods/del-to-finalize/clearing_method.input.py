# A `__del__` that only calls a method whose body drops the instance's own
# references (issue 14): the same as a self-clearing `__del__`, so it is removed.


# Adapted from redis/multidb/client.py (redis 8.2): the pipeline's `__del__`
# empties the command stack through `reset()`, which nothing overrides.
class Pipeline:
    def __init__(self, client):
        self._client = client
        self._command_stack = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.reset()

    def __del__(self):
        try:
            self.reset()
        except Exception:
            pass

    def __len__(self):
        return len(self._command_stack)

    def reset(self):
        self._command_stack = []

    def close(self):
        """Close the pipeline"""
        self.reset()


class Buffer:
    def __init__(self):
        self.chunks = []

    def __del__(self):
        self.clear()

    def clear(self):
        self.chunks = None
        self.size = 0
