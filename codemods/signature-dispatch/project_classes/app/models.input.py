from pydantic import BaseModel


class User(BaseModel):
    name: str


class Plain:
    def __init__(self, name):
        self.name = name


class Audited(User):
    pass
