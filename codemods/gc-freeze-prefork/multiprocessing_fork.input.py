import multiprocessing as mp
from multiprocessing import Process


def work(x):
    return x * 2


def main():
    with mp.Pool(4) as pool:
        print(pool.map(work, range(10)))
    procs = [Process(target=work, args=(i,)) for i in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()


def with_context():
    ctx = mp.get_context("fork")
    pool = ctx.Pool(2)
    single = ctx.Process(target=work, args=(1,))
    print("starting")
    single.start()


if __name__ == "__main__":
    mp.set_start_method("fork")
    main()
