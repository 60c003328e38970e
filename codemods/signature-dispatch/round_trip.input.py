"""A mapping read from the object that the call rebuilds is that object's own state
(a round trip), not a payload: `wc = WriteConcern(**wc_doc)` with
`wc_doc = wc.document`. Adapted from pymongo `synchronous/client_session.py`
(Apache-2.0)."""


class WriteConcern:
    def __init__(self, w=None, wtimeout=None, j=None, fsync=None):
        self.document = {"w": w, "wtimeout": wtimeout, "j": j, "fsync": fsync}


def finish_transaction(opts, attempt):
    wc = opts.write_concern
    if attempt > 1:
        wc_doc = wc.document
        wc_doc["w"] = "majority"
        wc_doc.setdefault("wtimeout", 10000)
        wc = WriteConcern(**wc_doc)
    return wc


def upgrade(session):
    session.concern = WriteConcern(**session.concern.document)
    return session
