from a_base import NoInit, Resource


class Child(NoInit):
    def __del__(self):
        print("child")


class Other(Resource):
    def __init__(self):
        self.path = "other"
