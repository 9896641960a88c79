#!/usr/bin/env python3
"""scheduler.py - the scheduler benchmark's Python side: the tutorial's loop.

The same workload as scheduler.c, on the loop the tutorial writes in Python:
a Task class around a generator, and a Loop whose run queue is a
collections.deque. Both are rebuilt here as the tutorial has them, with one
change: the loop's print of a finished task is switched off (print_done),
as the C loops' output goes to /dev/null.

The workload: 1000 tasks, each running count(1000), a generator that
yields 1000 times and returns; all scheduled at once, then the loop runs
until it is empty.

What counts as a step: one resume of one task, that is one next() on its
generator (one turn of the loop). A generator that yields 1000 times is
resumed 1001 times: the last next() raises StopIteration. So the workload
is 1000 * 1001 steps, as in scheduler.c, and ns_per_step is the wall time
of run_until_empty() divided by that.

What bytes_per_task includes: tracemalloc's count of the bytes Python
allocated between "before the tasks exist" and "all of them created,
scheduled and stepped once", divided by the number of tasks: the generator
object (with its frame), the Task and its attribute dict, the running for
loop's range iterator, and the deque's share of blocks. The tasks are
stepped once first because a generator allocates its loop's iterator only
when it starts; a C frame holds all of its state from birth. tracemalloc
counts the sizes Python asked for, not its allocator's rounding (pymalloc
rounds small objects up to 16 bytes): a shade under what the process
really spends, where the C figures include malloc's own overhead. That
measurement runs on a set of tasks of its own, with tracemalloc off again
before the timed run (tracing slows every allocation).
Why tracemalloc and not sys.getsizeof(generator) + sys.getsizeof(task) +
sys.getsizeof(task.__dict__): since Python 3.11 a plain object keeps its
attributes in a small array of values and builds a real dict only when
someone asks for __dict__, so that sum would count a dict (296 bytes here) that
the loop never makes, and miss the running loop's range iterator.

Usage: scheduler.py [TASKS [YIELDS]]. It prints one line, which
tests/bench.sh reads:
    RESULT scheduler loop=python ns_per_step=312.45 bytes_per_task=702.3
"""
import collections
import sys
import time
import tracemalloc


# ---- the tutorial's Task and Loop ----------------------------------------

class Task:
    def __init__(self, generator):
        self.generator = generator
        self.name = generator.__name__
        self.status = "NEW"
        self.return_value = None
        self.error_value = None

    def run(self):
        try:
            self.status = "RUNNING"
            next(self.generator)
        except StopIteration as exception:
            self.status = "FINISHED"
            self.return_value = exception.value
        except Exception as exception:
            self.status = "ERROR"
            self.error_value = exception

    def is_done(self):
        return self.status in {"FINISHED", "ERROR"}

    def __repr__(self):
        result = ""
        if self.is_done():
            result = " ({!r})".format(self.return_value or self.error_value)
        return "<Task '{}' [{}]{}>".format(self.name, self.status, result)


class Loop:
    def __init__(self, print_done=True):
        self._running = collections.deque()
        self.print_done = print_done    # the benchmark's one change

    def _loop(self):
        task = self._running.popleft()
        task.run()
        if task.is_done():
            if self.print_done:
                print(task)
            return
        self.schedule(task)

    def run_until_empty(self):
        while self._running:
            self._loop()

    def schedule(self, task):
        if not isinstance(task, Task):
            task = Task(task)
        self._running.append(task)
        return task


# ---- the workload ----------------------------------------------------------

def count(n):
    for _ in range(n):
        yield


def bytes_per_task(ntasks, yields):
    """Heap bytes per suspended task, by tracemalloc (see the top)."""
    loop = Loop(print_done=False)
    tasks = [None] * ntasks             # ours, made before: not measured
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(ntasks):
        tasks[i] = loop.schedule(count(yields))
    for _ in range(ntasks):             # one step each: all suspended
        loop._loop()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / ntasks


def ns_per_step(ntasks, yields):
    """Wall time of run_until_empty() per step, and check the outcome."""
    loop = Loop(print_done=False)
    tasks = [loop.schedule(count(yields)) for _ in range(ntasks)]
    start = time.perf_counter_ns()
    loop.run_until_empty()
    elapsed = time.perf_counter_ns() - start
    if any(task.status != "FINISHED" for task in tasks):
        sys.exit("scheduler.py: a task did not finish")
    return elapsed / (ntasks * (yields + 1))


def main(argv):
    ntasks = int(argv[1]) if len(argv) > 1 else 1000
    yields = int(argv[2]) if len(argv) > 2 else 1000
    if ntasks < 1 or yields < 1:
        sys.exit("usage: scheduler.py [TASKS [YIELDS]]")
    size = bytes_per_task(ntasks, yields)
    step = ns_per_step(ntasks, yields)
    print("RESULT scheduler loop=python ns_per_step={:.2f} "
          "bytes_per_task={:.1f}".format(step, size))


if __name__ == "__main__":
    main(sys.argv)
