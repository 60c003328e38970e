"""Keys declared by a TypedDict are fixed by the program: left alone.

Adapted from aiohttp `client.py` (`_connect_and_send_request`), where the response
parser limits travel as a `ResponseParams` TypedDict to
`set_response_params(**req._response_params)`.
"""
from typing import TypedDict


class ResponseParams(TypedDict):
    timer: object
    skip_payload: bool
    read_until_eof: bool
    max_line_size: int


class ClientRequest:
    _response_params: ResponseParams

    def __init__(self, method, url, response_params: ResponseParams):
        self.method = method
        self.url = url
        self._response_params = response_params


async def _connect_and_send_request(req, connector):
    conn = await connector.connect(req)
    conn.protocol.set_response_params(**req._response_params)
    return conn


def request(session, method, url, timer, response_data: ResponseParams):
    response_params: ResponseParams = {
        "timer": timer,
        "skip_payload": method == "HEAD",
        "read_until_eof": True,
        "max_line_size": 8190,
    }
    session.protocol.set_response_params(**response_params)
    session.protocol.set_response_params(**response_data)
    return ClientRequest(method, url, response_params=response_params)
