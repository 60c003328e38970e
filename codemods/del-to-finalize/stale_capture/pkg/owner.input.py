class Owner:
    def adopt(self, node, old_owner):
        old_owner._children = set()
        node.owner = self
