import os
import gc


def spawn():
	if True:
		gc.freeze()
		pid = os.fork()  # fork here
		if not pid:
			os._exit(0)
