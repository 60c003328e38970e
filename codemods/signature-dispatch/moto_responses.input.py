"""Request parameters of a backend picked per account and region are payloads.

Adapted from moto: `organizations/responses.py`, where `request_params` is a property
decoding the request body with `json.loads` (`**self.request_params` was rewritten), and
`rds/responses.py`, where `**self.params` (parsed from the request elsewhere) goes to a
method of `self.backend`, picked from the `rds_backends` registry by account and region
(it was left alone because of its name).
"""
import json

from moto.core.responses import BaseResponse
from moto.organizations.models import organizations_backends
from moto.rds.models import rds_backends


class OrganizationsResponse(BaseResponse):
    @property
    def organizations_backend(self):
        return organizations_backends[self.current_account][self.partition]

    @property
    def request_params(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return {}

    def create_organization(self):
        return json.dumps(
            self.organizations_backend.create_organization(
                region=self.region, **self.request_params
            )
        )

    def delete_organizational_unit(self):
        self.organizations_backend.delete_organizational_unit(**self.request_params)
        return "{}"


class RDSResponse(BaseResponse):
    @property
    def backend(self):
        return rds_backends[self.current_account][self.region]

    @property
    def global_backend(self):
        return rds_backends[self.current_account]["us-east-1"]

    def delete_db_instance(self):
        database = self.backend.delete_db_instance(**self.params)
        return database

    def create_db_snapshot(self):
        snapshot = self.backend.create_db_snapshot(**self.params)
        return snapshot

    def describe_events(self):
        # Not picked by a run-time key: nothing says this is a payload.
        return self.helper.describe_events(**self.params)
