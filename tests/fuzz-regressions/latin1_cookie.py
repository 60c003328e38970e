# -*- coding: latin-1 -*-
class T:
    def __del__(self):
        print("café")
