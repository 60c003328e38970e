"""The same shape (spread and receiver) gets the same decision across a module."""
import json
from myapp.util import dispatch_by_signature


class Api:
    def create(self, body):
        params = json.loads(body)
        return dispatch_by_signature(self.store.create, params)

    def update(self, params):
        return dispatch_by_signature(self.store.modify, params)

    def delete(self, params):
        # Another receiver: no signal.
        return self.other.delete(**params)
