/* scheduler.c - the scheduler benchmark: what one step of a task costs, and
 * how many bytes a suspended task holds, in a step's loop and in the bare
 * loop written below.
 *
 * The workload: 1000 tasks, each running `count`, a coroutine that yields
 * 1000 times and returns; all of them scheduled at once, then the loop runs
 * until it is empty. In Python (scheduler.py, the tutorial's loop):
 *
 *     def count(n):
 *         for _ in range(n):
 *             yield
 *
 * What counts as a step: one resume of one task, that is one call of its
 * step function by the loop (one turn of the loop). A task that yields 1000
 * times is resumed 1001 times: 1000 times it yields, the last time it
 * returns. So the workload is 1000 * 1001 steps, and ns_per_step is the
 * wall time of loop_run_until_empty() divided by that. (The step's loops
 * count their turns: we check the count, so a figure is never made from a
 * run that did something else.)
 *
 * What bytes_per_task includes: everything the heap gave out between
 * "before the tasks exist" and "all of them created and scheduled",
 * divided by the number of tasks. glibc's mallinfo2() tells the bytes in
 * use, counted in malloc's chunks: each allocation's own header and its
 * rounding up to 16 bytes are in, which is the point (a 56-byte calloc
 * costs 64). Nothing else allocates in between: the array where the
 * benchmark keeps its tasks is made before. In ex03 a task is 40 bytes and
 * count's frame 16, one calloc of 56: 64 bytes. The bare loop's 40 bytes
 * are a 16-byte frame in glibc's smallest chunk (32 bytes), plus its slot
 * in the ring (8 bytes: 1024 slots for 1000 tasks, so a shade more).
 *
 * The bare loop (`bare` below) is the floor: the least a round-robin of
 * suspended coroutines can do in C. A frame is the resume point and the
 * counter, plus a pointer to its step function (any scheduler that runs
 * more than one kind of coroutine calls through one); the run queue is a
 * ring of frame pointers. No task status, no mailbox, no reference counts,
 * no tracing: the gap between a step's loop and this one is what those
 * cost. The step's loop aims to stay within 2x of it.
 *
 * Usage (tests/bench.sh builds this once per step, against the step's
 * build/libstep.a made with OPT=1, and runs it one round per process):
 *     scheduler step [TASKS [YIELDS]]     the step's loop
 *     scheduler bare [TASKS [YIELDS]]     the bare loop
 * It prints one line:
 *     RESULT scheduler loop=ex03 ns_per_step=4.81 bytes_per_task=64.0
 * It measures and prints; it never fails on a figure.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

#include "loop.h"
#include "task.h"
#include "util.h"

/* ---- measuring -------------------------------------------------------- */

/* Bytes the heap has given out and not taken back, or -1 if this libc
 * cannot tell (mallinfo2 is glibc's, since 2.33). */
static long long heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    return (long long)mallinfo2().uordblks;
#else
    return -1;
#endif
}

static double seconds_now(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* The result line that tests/bench.sh reads. `loop` is ex03, ex04, bare. */
static void report(const char *loop, int loop_len, double seconds,
                   unsigned long steps, long long bytes, size_t ntasks)
{
    printf("RESULT scheduler loop=%.*s ns_per_step=%.2f", loop_len, loop,
           seconds * 1e9 / (double)steps);
    if (bytes < 0)
        printf(" bytes_per_task=na\n");     /* this libc cannot tell */
    else
        printf(" bytes_per_task=%.1f\n", (double)bytes / (double)ntasks);
}

/* ---- the step's loop: count, a coroutine that yields n times ---------- */

/* DOC: count_frame */
typedef struct {
    coro base;
    enum { COUNT_START, COUNT_AGAIN } resume;
    int left;                   /* yields still to make */
} count_frame;

static coro_status count_step(coro *base, task *t)
{
    count_frame *self = (count_frame *)base;

    (void)t;                    /* it asks nothing of the loop */
    switch (self->resume) {
    case COUNT_START:           /* nothing to set up: `left` came with it */
        /* fall through */
    case COUNT_AGAIN:           /* a loop over yields: back to itself */
        if (self->left > 0) {
            self->left--;
            self->resume = COUNT_AGAIN;
            return CORO_YIELD;
        }
        break;
    }
    return CORO_DONE;           /* result: None */
}

static const coro_type count_type = {
    .name = "count",
    .step = count_step,
    .size = sizeof(count_frame),
    .points = { CORO_POINT(COUNT_START), CORO_POINT(COUNT_AGAIN) },
};
/* DOC: end */

/* 1. create and schedule the tasks, measuring the heap around it;
 * 2. run the loop until it is empty, timing it;
 * 3. check that every task finished after yields + 1 steps, and let go. */
static void bench_step_loop(size_t ntasks, int yields)
{
    task **tasks = xcalloc(ntasks, sizeof *tasks);  /* ours, not measured */
    long long before, after;
    double start, seconds;
    loop l;
    int ran;

    loop_init(&l);
    before = heap_in_use();
    for (size_t i = 0; i < ntasks; i++) {
        coro *frame = coro_new(&count_type);
        ((count_frame *)frame)->left = yields;
        tasks[i] = task_new(frame);
        loop_schedule(&l, tasks[i]);
    }
    after = heap_in_use();

    start = seconds_now();
    ran = loop_run_until_empty(&l);
    seconds = seconds_now() - start;

    if (ran != 0 || l.turn != ntasks * (unsigned long)(yields + 1))
        die("the loop ran %lu turns, not %zu x %d", l.turn, ntasks, yields + 1);
    for (size_t i = 0; i < ntasks; i++) {
        if (tasks[i]->status != TASK_FINISHED)
            die("task %zu did not finish", i);
        task_unref(tasks[i]);
    }
    loop_close(&l);
    free(tasks);
    /* The step's name from its program's: "ex03_wait" -> "ex03". */
    report(program_name, (int)strcspn(program_name, "_"), seconds, l.turn,
           before < 0 ? -1 : after - before, ntasks);
}

/* ---- the bare loop: the floor ----------------------------------------- */

/* DOC: bare_loop */
/* A frame and nothing else: how to resume it, where, and its counter. */
typedef struct bare_frame bare_frame;
typedef bool (*bare_step_fn)(bare_frame *self);    /* true: it yielded */

struct bare_frame {
    bare_step_fn step;
    enum { BARE_START, BARE_AGAIN } resume;
    int left;
};

/* count again, with no task around it: the same switch. */
static bool bare_count_step(bare_frame *self)
{
    switch (self->resume) {
    case BARE_START:
        /* fall through */
    case BARE_AGAIN:
        if (self->left > 0) {
            self->left--;
            self->resume = BARE_AGAIN;
            return true;
        }
        break;
    }
    return false;
}

/* The run queue: a ring of frame pointers. Its capacity is a power of two
 * at least the number of tasks, so it never grows and `& mask` wraps. */
typedef struct {
    bare_frame **slots;
    size_t mask;                /* capacity - 1 */
    size_t head;                /* the next to pop */
    size_t count;               /* how many are queued */
} bare_ring;

static void bare_push(bare_ring *r, bare_frame *f)
{
    r->slots[(r->head + r->count++) & r->mask] = f;
}

static bare_frame *bare_pop(bare_ring *r)
{
    bare_frame *f = r->slots[r->head];

    r->head = (r->head + 1) & r->mask;
    r->count--;
    return f;
}

/* The whole scheduler: pop, resume, push back unless it is done. */
static unsigned long bare_run(bare_ring *r)
{
    unsigned long steps = 0;

    while (r->count > 0) {
        bare_frame *f = bare_pop(r);
        steps++;
        if (f->step(f))
            bare_push(r, f);
    }
    return steps;
}
/* DOC: end */

/* The same three phases as bench_step_loop(). The ring is allocated in
 * the measured window: it is the run queue's price, paid per task (a step's
 * run queue is linked through the tasks, and costs nothing more). */
static void bench_bare_loop(size_t ntasks, int yields)
{
    bare_frame **frames = xcalloc(ntasks, sizeof *frames);  /* not measured */
    bare_ring ring = { 0 };
    size_t capacity = 1;
    long long before, after;
    double start, seconds;
    unsigned long steps;

    while (capacity < ntasks)
        capacity *= 2;
    before = heap_in_use();
    ring.slots = xcalloc(capacity, sizeof *ring.slots);
    ring.mask = capacity - 1;
    for (size_t i = 0; i < ntasks; i++) {
        frames[i] = xcalloc(1, sizeof *frames[i]);
        *frames[i] = (bare_frame){ bare_count_step, BARE_START, yields };
        bare_push(&ring, frames[i]);
    }
    after = heap_in_use();

    start = seconds_now();
    steps = bare_run(&ring);
    seconds = seconds_now() - start;

    if (steps != ntasks * (unsigned long)(yields + 1))
        die("the bare loop ran %lu steps, not %zu x %d", steps, ntasks,
            yields + 1);
    for (size_t i = 0; i < ntasks; i++)
        free(frames[i]);
    free(frames);
    free(ring.slots);
    report("bare", 4, seconds, steps, before < 0 ? -1 : after - before,
           ntasks);
}

/* ---- main ------------------------------------------------------------- */

static long parse_count(const char *arg, long max)
{
    char *end;
    long n = strtol(arg, &end, 10);

    if (*arg == '\0' || *end != '\0' || n < 1 || n > max)
        die("not a count from 1 to %ld: '%s'", max, arg);
    return n;
}

int main(int argc, char **argv)
{
    size_t ntasks = 1000;
    int yields = 1000;
    FILE *devnull;

    if (argc < 2 || argc > 4 ||
        (strcmp(argv[1], "step") != 0 && strcmp(argv[1], "bare") != 0)) {
        fprintf(stderr, "usage: %s step|bare [TASKS [YIELDS]]\n", argv[0]);
        return 2;
    }
    if (argc > 2)
        ntasks = (size_t)parse_count(argv[2], 10 * 1000 * 1000);
    if (argc > 3)
        yields = (int)parse_count(argv[3], 1000 * 1000);

    /* Output off: the loop says each task's end, into /dev/null. (Opened
     * here, so its buffer is not counted as the tasks'.) */
    devnull = fopen("/dev/null", "w");
    if (devnull == NULL)
        die("cannot open /dev/null");
    say_to(devnull);

    if (strcmp(argv[1], "step") == 0)
        bench_step_loop(ntasks, yields);
    else
        bench_bare_loop(ntasks, yields);
    say_to(stdout);
    fclose(devnull);
    return finish(0);
}
