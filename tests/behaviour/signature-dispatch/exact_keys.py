"""Payloads with exactly the accepted keys behave as before."""


def create_user(name, email, admin=False):
    return f"user {name} <{email}> admin={admin}"


def delete_user(user_id):
    return f"deleted {user_id}"


HANDLERS = {"create": create_user, "delete": delete_user}


def handle(message):
    handler = HANDLERS[message["type"]]
    return handler(**message["payload"])


def handle_with_context(message, context):
    handler = HANDLERS[message["type"]]
    return handler(**context, **message["payload"])


print(handle({"type": "create", "payload": {"name": "ada", "email": "ada@example.org"}}))
print(handle({"type": "create", "payload": {"name": "bob", "email": "b@x", "admin": True}}))
print(handle({"type": "delete", "payload": {"user_id": 7}}))
print(handle_with_context({"type": "create", "payload": {"email": "c@x"}}, {"name": "cy"}))
for i in range(3):
    print(handle({"type": "delete", "payload": {"user_id": i}}))
