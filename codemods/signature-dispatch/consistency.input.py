"""The same shape (spread and receiver) gets the same decision across a module."""
import json


class Api:
    def create(self, body):
        params = json.loads(body)
        return self.store.create(**params)

    def update(self, params):
        return self.store.modify(**params)

    def delete(self, params):
        # Another receiver: no signal.
        return self.other.delete(**params)
