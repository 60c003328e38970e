"""Message handlers."""
import json

from handlers import my_api_handler


def handle(raw_payload):
    result = my_api_handler(**raw_payload)
    return result


def handle_again(raw_payload):
    return my_api_handler(**raw_payload)
