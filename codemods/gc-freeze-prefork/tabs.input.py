import os


def spawn():
	if True:
		pid = os.fork()  # fork here
		if not pid:
			os._exit(0)
