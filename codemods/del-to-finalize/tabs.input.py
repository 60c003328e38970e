import os


class TempFile:
	def __init__(self, name):
		self.name = name
		self.count = 0

	def __del__(self):
		if self.count == 0:
			os.remove(self.name)
