/* test_time.c - unit tests for ex04's clock and timers (loop.h): sleep in
 * virtual time jumps exactly to the deadlines, sleepers wake in deadline
 * order and equal deadlines in the order they slept, sleep(0) goes to the
 * back of the line, wait() parks instead of polling, and the real clock
 * really waits.
 *
 * Test coroutine `napper`: sleeps each of its `naps` in turn, saying the
 * loop's time after each. `ticker` yields `count` times, saying nothing;
 * `waiter` is `yield from wait(tasks)`. Each counts its steps. A task's
 * name is its coroutine's (task_name), so several nappers in one test are
 * told apart by a name of their own in the frame, `who`.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "loop.h"
#include "task.h"
#include "capture.h"

#define MAX_NAPS 4
#define MAX_TURNS 1000         /* far more than test_wait_parks needs */

/* ---- test coroutines -------------------------------------------------- */

typedef struct {
    coro base;
    enum { NAPPER_START, NAPPER_SLEEPING } resume;
    const char *who;            /* what it says: "one woke at 1" */
    const loop *loop;
    double naps[MAX_NAPS];      /* seconds, in order; ends at a negative */
    int next;                   /* the next nap to take */
    sleep_frame nap;
} napper_frame;

/* Set up the next nap; false if there is none left. */
static bool next_nap(napper_frame *self)
{
    if (self->next == MAX_NAPS || self->naps[self->next] < 0)
        return false;
    sleep_init(&self->nap, self->naps[self->next++]);
    return true;
}

static coro_status napper_step(coro *base, task *t)
{
    napper_frame *self = (napper_frame *)base;
    coro_status status;

    switch (self->resume) {
    case NAPPER_START:
        if (!next_nap(self))
            return CORO_DONE;
        self->resume = NAPPER_SLEEPING;
        /* fall through */
    case NAPPER_SLEEPING:
        while ((status = coro_step(&self->nap.base, t)) == CORO_DONE) {
            say("%s woke at %g", self->who, loop_now(self->loop));
            if (!next_nap(self))
                return CORO_DONE;
        }
        return status;
    }
    return CORO_DONE;
}

static const coro_type napper_type = {
    .name = "napper",
    .step = napper_step,
    .size = sizeof(napper_frame),
    .points = { CORO_POINT(NAPPER_START), CORO_POINT(NAPPER_SLEEPING) },
};

/* A napper called `who` sleeping `first`, then `second` (< 0: no second). */
static task *napper(const char *who, const loop *l, double first, double second)
{
    napper_frame *f = (napper_frame *)coro_new(&napper_type);

    f->who = who;
    f->loop = l;
    f->naps[0] = first;
    f->naps[1] = second;
    f->naps[2] = -1;
    return task_new(&f->base);
}

typedef struct {
    coro base;
    enum { TICKER_RUNNING } resume;
    const char *who;
    int count;                  /* yields to make */
    int steps;
} ticker_frame;

static coro_status ticker_step(coro *base, task *t)
{
    ticker_frame *self = (ticker_frame *)base;

    (void)t;
    switch (self->resume) {
    case TICKER_RUNNING:
        if (self->steps++ < self->count)
            return CORO_YIELD;
        say("%s done", self->who);
        break;
    }
    return CORO_DONE;
}

static const coro_type ticker_type = {
    .name = "ticker",
    .step = ticker_step,
    .size = sizeof(ticker_frame),
    .points = { CORO_POINT(TICKER_RUNNING) },
};

static task *ticker(const char *who, int count)
{
    ticker_frame *f = (ticker_frame *)coro_new(&ticker_type);

    f->who = who;
    f->count = count;
    return task_new(&f->base);
}

typedef struct {
    coro base;
    enum { WAITER_START, WAITER_WAITING } resume;
    task *tasks[1];             /* borrowed: the test keeps it alive */
    wait_frame wait;
    int steps;
} waiter_frame;

static coro_status waiter_step(coro *base, task *t)
{
    waiter_frame *self = (waiter_frame *)base;
    coro_status status;

    self->steps++;
    switch (self->resume) {
    case WAITER_START:
        wait_init(&self->wait, self->tasks, 1);
        self->resume = WAITER_WAITING;
        /* fall through */
    case WAITER_WAITING:
        status = coro_step(&self->wait.base, t);
        if (status != CORO_DONE)
            return status;
        break;
    }
    say("waiter: %d finished", self->wait.finished);
    return CORO_DONE;
}

static const coro_type waiter_type = {
    .name = "waiter",
    .step = waiter_step,
    .size = sizeof(waiter_frame),
    .points = { CORO_POINT(WAITER_START), CORO_POINT(WAITER_WAITING) },
};

/* ---- helpers ---------------------------------------------------------- */

static void quiet_loop(loop *l)
{
    loop_init(l);
    l->print_done = false;
}

/* Schedule every task, run the loop empty, close it, unref them. */
static void run_all(loop *l, task **tasks, size_t n)
{
    for (size_t i = 0; i < n; i++)
        loop_schedule(l, tasks[i]);
    assert_int_equal(loop_run_until_empty(l), 0);
    loop_close(l);
    for (size_t i = 0; i < n; i++)
        task_unref(tasks[i]);
}

/* ---- virtual time ----------------------------------------------------- */

/* Naps of 1.5 s then 2.25 s: the clock reads exactly 1.5, then 3.75 (both
 * exact in binary), then stays there: nothing else is waiting. */
static void test_virtual_clock_jumps_to_deadlines(void **state)
{
    loop l;
    task *t[1];

    (void)state;
    quiet_loop(&l);
    t[0] = napper("N", &l, 1.5, 2.25);
    assert_true(loop_now(&l) == 0);
    run_all(&l, t, 1);
    assert_string_equal(said(), "N woke at 1.5\nN woke at 3.75\n");
    assert_true(loop_now(&l) == 3.75);
}

/* Scheduled 3 s, 1 s, 2 s: they wake by deadline, not by turn. */
static void test_sleepers_wake_in_deadline_order(void **state)
{
    loop l;
    task *t[3];

    (void)state;
    quiet_loop(&l);
    t[0] = napper("three", &l, 3, -1);
    t[1] = napper("one", &l, 1, -1);
    t[2] = napper("two", &l, 2, -1);
    run_all(&l, t, 3);
    assert_string_equal(said(), "one woke at 1\ntwo woke at 2\n"
                                "three woke at 3\n");
}

/* Twenty sleepers with one deadline wake in the order they slept; and a
 * timer set later for the same deadline comes after: "late" sleeps 1 s at
 * time 1 (after a first 1 s nap), the others 2 s at time 0. */
static void test_equal_deadlines_wake_in_sleep_order(void **state)
{
    static const char *const names[] = {
        "s00", "s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09",
        "s10", "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19",
    };
    enum { N = sizeof names / sizeof names[0] };
    char expected[N * 16 + 64] = "late woke at 1\n";
    task *t[N + 1];
    loop l;

    (void)state;
    quiet_loop(&l);
    t[0] = napper("late", &l, 1, 1);
    for (int i = 0; i < N; i++) {
        t[i + 1] = napper(names[i], &l, 2, -1);
        snprintf(expected + strlen(expected), sizeof expected - strlen(expected),
                 "%s woke at 2\n", names[i]);
    }
    strcat(expected, "late woke at 2\n");
    run_all(&l, t, N + 1);
    assert_string_equal(said(), expected);
}

/* sleep(0) is a deadline of now: the sleeper runs again only after the
 * tasks that were already ready (phase 2 appends it to the run queue). */
static void test_sleep_zero_goes_behind_the_ready(void **state)
{
    loop l;
    task *t[3];

    (void)state;
    quiet_loop(&l);
    t[0] = napper("zero", &l, 0, -1);
    t[1] = ticker("first", 0);
    t[2] = ticker("second", 0);
    run_all(&l, t, 3);
    assert_string_equal(said(), "first done\nsecond done\nzero woke at 0\n");
}

/* wait() parks on the task it waits for: while a napper sleeps 100 s and
 * a ticker takes 50 turns, the waiter runs three times in all (launch,
 * park, wake), not once per turn. */
static void test_wait_parks(void **state)
{
    loop l;
    waiter_frame *w = (waiter_frame *)coro_new(&waiter_type);
    task *waiter, *tick, *sleeper;

    (void)state;
    quiet_loop(&l);
    sleeper = napper("sleeper", &l, 100, -1);
    w->tasks[0] = sleeper;      /* wait() launches it */
    waiter = task_new(&w->base);
    tick = ticker("ticker", 50);
    loop_schedule(&l, waiter);
    loop_schedule(&l, tick);
    /* A poller keeps the run queue busy, so virtual time never passes and
     * the run never ends: give up after a bounded number of turns. */
    for (int turn = 0; turn < MAX_TURNS && loop_run_once(&l) > 0; turn++)
        ;
    assert_true(task_is_done(waiter));
    assert_string_equal(said(), "ticker done\nsleeper woke at 100\n"
                                "waiter: 1 finished\n");
    assert_int_equal(w->steps, 3);
    loop_close(&l);
    task_unref(waiter);
    task_unref(tick);
    task_unref(sleeper);
}

/* ---- the real clock --------------------------------------------------- */

static double real_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* At 100 loop seconds per real second, a 1 s nap takes at least 10 ms of
 * real time. A lower bound only: a busy machine may take longer, and a
 * test with an upper bound would fail now and then for no fault. */
static void test_real_clock_waits(void **state)
{
    loop l;
    task *t[1];
    double started;

    (void)state;
    quiet_loop(&l);
    started = real_now();
    loop_use_real_clock(&l, 100);
    t[0] = napper("N", &l, 1, -1);
    run_all(&l, t, 1);
    assert_true(real_now() - started >= 0.010);
    assert_true(loop_now(&l) >= 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_virtual_clock_jumps_to_deadlines,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_sleepers_wake_in_deadline_order,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_equal_deadlines_wake_in_sleep_order,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_sleep_zero_goes_behind_the_ready,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_wait_parks,
                                        capture_setup, capture_teardown),
        cmocka_unit_test_setup_teardown(test_real_clock_waits,
                                        capture_setup, capture_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
