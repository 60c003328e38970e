"""A mapping built from options keeps their name, even for a callee picked at run time.

Adapted from the standard library's `logging/config.py` (`configure_custom`: the keys of a
user's dictConfig section go to the factory it names) and urllib3's `poolmanager.py`
(`_new_pool`: pool keyword arguments go to the pool class picked by scheme).
"""


class Configurator:
    def configure_custom(self, config):
        c = config.pop("()")
        if not callable(c):
            c = self.resolve(c)
        kwargs = {k: config[k] for k in config if k != "."}
        return c(**kwargs)


class PoolManager:
    def _new_pool(self, scheme, host, port, request_context=None):
        pool_cls = self.pool_classes_by_scheme[scheme]
        if request_context is None:
            request_context = self.connection_pool_kw.copy()
        return pool_cls(host, port, **request_context)
