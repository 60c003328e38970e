"""multiprocessing with an explicit fork context: the child sees frozen objects."""
import gc
import multiprocessing

DATA = [[i] for i in range(5000)]


def child(q):
    q.put((len(DATA), gc.get_freeze_count() > 0))


def main():
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    proc = ctx.Process(target=child, args=(q,))
    proc.start()
    size, frozen = q.get()
    proc.join()
    print(f"child saw {size} items, frozen={frozen}, exit={proc.exitcode}")
    with ctx.Pool(2) as pool:
        print(sorted(pool.map(abs, [-1, -2, 3])))


if __name__ == "__main__":
    main()
