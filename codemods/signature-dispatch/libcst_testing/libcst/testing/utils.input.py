# Test parameterisation: a module under a test directory is left alone.
# Adapted from libcst `libcst/testing/utils.py` (`populate_data_provider_tests`), where
# `member(self, **data)` spreads each data-provider case into the test method: a typo
# key there must keep failing the test, not make it pass vacuously.
from functools import wraps


def populate_data_provider_tests(dct):
    added = {}
    for member_name, member in dct.items():
        provider_data = getattr(member, "__data_provider_data", None)
        if provider_data is None:
            continue
        for description, data in enumerate(provider_data):

            @wraps(member)
            def new_test(self, data=data, member=member):
                if isinstance(data, dict):
                    return member(self, **data)
                return member(self, *data)

            added[f"{member_name}_{description}"] = new_test
    dct.update(added)
