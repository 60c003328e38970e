import os
import weakref


class TempFile:
	def __init__(self, name):
		self.name = name
		self.count = 0
		self._finalizer = weakref.finalize(self, TempFile._finalize, self.count, self.name)

	@staticmethod
	def _finalize(count, name):
		if count == 0:
			os.remove(name)
