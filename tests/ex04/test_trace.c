/* test_trace.c - tests for ex04's --trace (util.h's trace_to, and the lines
 * loop.c writes): one line per turn, with the clock, the task, its resume
 * point before and after the step, and what came back (the request and the
 * loop's answer, or the task's end). On the virtual clock every line is
 * exact, so the tests compare them whole.
 *
 * The trace goes to a temporary file (as --trace sends it to stderr, a
 * file, not memory) and is read back once tracing is off again.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kitchen.h"
#include "loop.h"
#include "task.h"
#include "capture.h"
#include "run_bounded.h"

/* ---- tracing to a file ------------------------------------------------ */

#define TRACE_MAX 8192          /* more than any run here traces */

static FILE *trace_file;

/* Trace from now on, into a fresh temporary file. */
static void trace_start(void)
{
    trace_file = tmpfile();
    assert_non_null(trace_file);
    trace_to(trace_file);
    assert_true(tracing());
}

/* Tracing off; everything traced since trace_start(). */
static const char *trace_stop(void)
{
    static char text[TRACE_MAX];
    size_t n;

    trace_to(NULL);
    assert_false(tracing());
    rewind(trace_file);
    n = fread(text, 1, sizeof text - 1, trace_file);
    text[n] = '\0';
    fclose(trace_file);
    trace_file = NULL;
    return text;
}

/* A failed test leaves tracing on: turn it off for the next. */
static int trace_teardown(void **state)
{
    trace_to(NULL);
    if (trace_file != NULL)
        fclose(trace_file);
    trace_file = NULL;
    return capture_teardown(state);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, capture_setup, \
                                                   trace_teardown)

/* ---- the kitchen, traced ---------------------------------------------- */

/* Clients `names` at once in the tutorial's kitchen, on the virtual clock,
 * quietly; returns the number of turns the loop took. */
static unsigned long run_kitchen(const char *names)
{
    kitchen k;
    loop l;
    task *arrivals;

    loop_init(&l);
    l.print_done = false;
    kitchen_init(&k, &l, &kitchen_tutorial, names, (long)strlen(names), 0,
                 false, false);
    arrivals = task_new(kitchen_arrivals(&k));
    loop_schedule(&l, arrivals);
    assert_int_equal(run_bounded(&l), 0);
    assert_int_equal(arrivals->status, TASK_FINISHED);
    loop_close(&l);
    task_unref(arrivals);
    kitchen_free(&k);
    return l.turn;
}

/* The tutorial's single client, every turn:
 *   1-2   arrivals launches serve (one SCHEDULE), and ends;
 *   3-8   serve's wait() schedules burger, fries and soda, one SCHEDULE
 *         request each (serve yields in between, and each job gets its
 *         first turn as soon as it is in line), then parks on the first
 *         job that is not done, the burger;
 *   5,7,9 each job finds its resource free and sleeps: burger until 4,
 *         fries (a batch) until 8, soda until 2;
 *   10-14 the clock jumps from deadline to deadline: soda at 2, burger at
 *         4 (which wakes serve, which parks on the fries), fries at 8
 *         (which wakes serve, which is done). */
static void test_trace_one_client(void **state)
{
    unsigned long turns;

    (void)state;
    trace_start();
    turns = run_kitchen("A");
    assert_string_equal(trace_stop(),
        "turn 1  at 0.00 s  run arrivals  ARRIVALS_START -> ARRIVALS_LAUNCHED  schedule serve\n"
        "turn 2  at 0.00 s  run arrivals  ARRIVALS_LAUNCHED -> end  done None\n"
        "turn 3  at 0.00 s  run serve  SERVE_START -> SERVE_WAITING  schedule burger\n"
        "turn 4  at 0.00 s  run serve  SERVE_WAITING -> SERVE_WAITING  schedule fries\n"
        "turn 5  at 0.00 s  run burger  ITEM_START -> ITEM_IN_PROGRESS  sleep 4.00 s, until 4.00 s\n"
        "turn 6  at 0.00 s  run serve  SERVE_WAITING -> SERVE_WAITING  schedule soda\n"
        "turn 7  at 0.00 s  run fries  FRIES_START -> FRIES_FRYING  sleep 8.00 s, until 8.00 s\n"
        "turn 8  at 0.00 s  run serve  SERVE_WAITING -> SERVE_WAITING  park on 'burger'\n"
        "turn 9  at 0.00 s  run soda  ITEM_START -> ITEM_IN_PROGRESS  sleep 2.00 s, until 2.00 s\n"
        "turn 10  at 2.00 s  run soda  ITEM_IN_PROGRESS -> end  done None\n"
        "turn 11  at 4.00 s  run burger  ITEM_IN_PROGRESS -> end  done None\n"
        "turn 12  at 4.00 s  run serve  SERVE_WAITING -> SERVE_WAITING  park on 'fries'\n"
        "turn 13  at 8.00 s  run fries  FRIES_FRYING -> end  done None\n"
        "turn 14  at 8.00 s  run serve  SERVE_WAITING -> end  done None\n");
    assert_int_equal(turns, 14);
    assert_string_equal(said(), "Order for A ready in 8.00 s\n");
}

/* How many lines of text start with `prefix`. */
static int lines_starting(const char *text, const char *prefix)
{
    int n = 0;

    for (const char *p = text; p != NULL && *p != '\0'; ) {
        n += strncmp(p, prefix, strlen(prefix)) == 0;
        p = strchr(p, '\n');
        p = p != NULL ? p + 1 : NULL;
    }
    return n;
}

/* Two clients: B's fries find the fryer taken by A's batch, and B's soda
 * the soda machine taken by A's: both park on the resource, by name. B's
 * soda is handed the machine at 2 and sleeps until 4. */
static void test_trace_park_names_the_resource(void **state)
{
    const char *trace;

    (void)state;
    trace_start();
    assert_int_equal(run_kitchen("AB"), 28);
    trace = trace_stop();
    assert_non_null(strstr(trace,
        "\nturn 11  at 0.00 s  run fries  FRIES_START -> FRIES_FRYING  sleep 8.00 s, until 8.00 s\n"
        "turn 12  at 0.00 s  run serve  SERVE_WAITING -> SERVE_WAITING  schedule soda\n"
        "turn 13  at 0.00 s  run fries  FRIES_START -> FRIES_WAIT_LOCK  park on 'fryer'\n"));
    assert_non_null(strstr(trace,
        "\nturn 17  at 0.00 s  run soda  ITEM_START -> ITEM_WAIT_RESOURCE  park on 'soda machine'\n"
        "turn 18  at 2.00 s  run soda  ITEM_IN_PROGRESS -> end  done None\n"
        "turn 19  at 2.00 s  run soda  ITEM_WAIT_RESOURCE -> ITEM_IN_PROGRESS  sleep 2.00 s, until 4.00 s\n"));
    assert_non_null(strstr(trace,
        "\nturn 26  at 8.00 s  run fries  FRIES_WAIT_LOCK -> end  done None\n"));
    assert_int_equal(lines_starting(trace, "turn "), 28);
    assert_int_equal(lines_starting(trace, "turn 13 "), 1);
}

/* Tracing off: nothing is written, not even to the file it used to go to. */
static void test_trace_off_writes_nothing(void **state)
{
    FILE *was;

    (void)state;
    trace_start();
    was = trace_file;
    trace_to(NULL);
    run_kitchen("AB");
    assert_int_equal(ftell(was), 0);
    assert_string_equal(trace_stop(), "");
}

/* ---- the other kinds of line ------------------------------------------ */

/* tic_tac: the tutorial's, yields once and returns "Boum!". failing: fails
 * at once. napper: sleeps 1.5 s. doomed: cancelled before it runs. */
typedef struct {
    coro base;
    enum { SMALL_START, SMALL_AGAIN } resume;
    sleep_frame nap;
} small_frame;

static coro_status tic_tac_step(coro *base, task *t)
{
    small_frame *self = (small_frame *)base;

    switch (self->resume) {
    case SMALL_START:
        self->resume = SMALL_AGAIN;
        return CORO_YIELD;
    case SMALL_AGAIN:
        break;
    }
    return task_return(t, "Boum!");
}

static coro_status failing_step(coro *base, task *t)
{
    (void)base;
    return task_fail(t, "no fries");
}

static coro_status napper_step(coro *base, task *t)
{
    small_frame *self = (small_frame *)base;
    coro_status status;

    switch (self->resume) {
    case SMALL_START:
        sleep_init(&self->nap, 1.5);
        self->resume = SMALL_AGAIN;
        /* fall through */
    case SMALL_AGAIN:
        status = coro_step(&self->nap.base, t);
        if (status != CORO_DONE)
            return status;
        break;
    }
    return CORO_DONE;
}

#define SMALL_TYPE(who, step_fn) {                                        \
    .name = who, .step = step_fn, .size = sizeof(small_frame),            \
    .points = { CORO_POINT(SMALL_START), CORO_POINT(SMALL_AGAIN) } }

static const coro_type tic_tac_type = SMALL_TYPE("tic_tac", tic_tac_step);
static const coro_type failing_type = SMALL_TYPE("failing", failing_step);
static const coro_type doomed_type = SMALL_TYPE("doomed", failing_step);
static const coro_type napper_type = SMALL_TYPE("napper", napper_step);

/* One of each, scheduled in that order; the doomed one is cancelled while
 * it waits in line, and dropped when the loop pops it. */
static void test_trace_yield_end_error_drop(void **state)
{
    task *t[4];
    loop l;

    (void)state;
    loop_init(&l);
    l.print_done = false;
    t[0] = task_new(coro_new(&tic_tac_type));
    t[1] = task_new(coro_new(&napper_type));
    t[2] = task_new(coro_new(&failing_type));
    t[3] = task_new(coro_new(&doomed_type));
    for (int i = 0; i < 4; i++)
        loop_schedule(&l, t[i]);
    assert_true(task_cancel(t[3]));
    trace_start();
    assert_int_equal(run_bounded(&l), 0);
    assert_string_equal(trace_stop(),
        "turn 1  at 0.00 s  run tic_tac  SMALL_START -> SMALL_AGAIN  yield\n"
        "turn 2  at 0.00 s  run napper  SMALL_START -> SMALL_AGAIN  sleep 1.50 s, until 1.50 s\n"
        "turn 3  at 0.00 s  run failing  SMALL_START -> end  error: no fries\n"
        "turn 4  at 0.00 s  drop doomed  (cancelled)\n"
        "turn 5  at 0.00 s  run tic_tac  SMALL_AGAIN -> end  done 'Boum!'\n"
        "turn 6  at 1.50 s  run napper  SMALL_AGAIN -> end  done None\n");
    loop_close(&l);
    for (int i = 0; i < 4; i++)
        task_unref(t[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_trace_one_client),
        TEST(test_trace_park_names_the_resource),
        TEST(test_trace_off_writes_nothing),
        TEST(test_trace_yield_end_error_drop),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
