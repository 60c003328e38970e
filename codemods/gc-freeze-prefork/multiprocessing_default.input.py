import multiprocessing


def work(x):
    return x


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        pool.map(work, range(3))
    spawn = multiprocessing.get_context("spawn")
    spawn.Process(target=work, args=(1,)).start()
