/* test_ex01.c - unit tests for ex01_event_loop: tasks, the FIFO, the loop.
 *
 * The coroutines below are written for the tests, by the rules of coro.h
 * (a frame struct, named resume points, one switch), so each test controls
 * how many times a task yields and what it returns. What the code under
 * test prints through say() is captured in memory (capture.h) and
 * compared with what it should be, line for line.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "coroutines.h"
#include "loop.h"
#include "queue.h"
#include "task.h"
#include "util.h"
#include "capture.h"

/* ---- test coroutines -------------------------------------------------- */

/* ticks: says "<name> 1", yields, "<name> 2", yields, ... `count` times, then
 * returns `result` (NULL for None). tic_tac is ticks with count 2. */
typedef struct {
    coro base;
    enum { TICKS_START, TICKS_AFTER_SAY } resume;
    int count;                  /* how many times to say and yield */
    int done;                   /* how many times it has */
    const char *result;
} ticks_frame;

static coro_status ticks_step(coro *base, task *t)
{
    ticks_frame *self = (ticks_frame *)base;

    (void)t;
    switch (self->resume) {
    case TICKS_START:
    case TICKS_AFTER_SAY:
        if (self->done == self->count)
            break;
        self->done++;
        say("%s %d", self->base.name, self->done);
        self->resume = TICKS_AFTER_SAY;
        return CORO_YIELD;
    }
    self->base.result = self->result;
    return CORO_DONE;
}

static task *ticks_task(const char *name, int count, const char *result)
{
    ticks_frame *f = (ticks_frame *)coro_new(sizeof *f, name, ticks_step);

    f->count = count;
    f->result = result;
    return task_new(&f->base);
}

/* failing: yields once, then fails with "boom". */
typedef struct {
    coro base;
    enum { FAILING_START, FAILING_AFTER_YIELD } resume;
} failing_frame;

static coro_status failing_step(coro *base, task *t)
{
    failing_frame *self = (failing_frame *)base;

    switch (self->resume) {
    case FAILING_START:
        self->resume = FAILING_AFTER_YIELD;
        return CORO_YIELD;
    case FAILING_AFTER_YIELD:
        break;
    }
    return task_fail(t, "boom");
}

static task *failing_task(void)
{
    return task_new(coro_new(sizeof(failing_frame), "failing", failing_step));
}

/* The repr of t, for comparisons. */
static const char *repr(const task *t)
{
    static char buf[256];

    task_format(t, buf, sizeof buf);
    return buf;
}

/* ---- tasks ------------------------------------------------------------ */

static void task_starts_new_and_named_after_its_coroutine(void **state)
{
    task *t = ticks_task("alpha", 1, "A");

    (void)state;
    assert_int_equal(t->status, TASK_NEW);
    assert_string_equal(t->name, "alpha");
    assert_null(t->result);
    assert_false(task_is_done(t));
    assert_string_equal(said(), "");        /* nothing runs until stepped */
    task_free(t);
}

static void task_goes_new_running_finished(void **state)
{
    task *t = ticks_task("alpha", 2, "A");

    (void)state;
    task_step(t);
    assert_int_equal(t->status, TASK_RUNNING);
    assert_string_equal(said(), "alpha 1\n");   /* one step: up to one yield */
    task_step(t);
    assert_int_equal(t->status, TASK_RUNNING);
    assert_null(t->result);
    assert_false(task_is_done(t));
    task_step(t);
    assert_int_equal(t->status, TASK_FINISHED);
    assert_true(task_is_done(t));
    assert_string_equal(t->result, "A");
    assert_string_equal(said(), "alpha 1\nalpha 2\n");
    task_free(t);
}

static void task_returning_none_finishes_with_null(void **state)
{
    task *t = ticks_task("quiet", 0, NULL);

    (void)state;
    task_step(t);
    assert_int_equal(t->status, TASK_FINISHED);
    assert_null(t->result);
    task_free(t);
}

static void task_fail_ends_in_error(void **state)
{
    task *t = failing_task();

    (void)state;
    task_step(t);
    assert_int_equal(t->status, TASK_RUNNING);
    task_step(t);
    assert_int_equal(t->status, TASK_ERROR);
    assert_true(task_is_done(t));
    assert_string_equal(t->error, "boom");
    assert_null(t->result);
    task_free(t);
}

static void tic_tac_and_spam_return_the_tutorials_values(void **state)
{
    task *a = task_new(tic_tac());
    task *b = task_new(spam());

    (void)state;
    while (!task_is_done(a))
        task_step(a);
    while (!task_is_done(b))
        task_step(b);
    assert_string_equal(a->result, "Boum!");
    assert_string_equal(b->result, "SPAM!");
    assert_string_equal(said(), "Tic\nTac\nSpam\nEggs\nBacon\n");
    task_free(a);
    task_free(b);
}

/* ---- the tutorial's repr ---------------------------------------------- */

static void format_shows_each_status(void **state)
{
    task *t = ticks_task("tic_tac", 1, "Boum!");
    task *none = ticks_task("example", 0, NULL);
    task *bad = failing_task();

    (void)state;
    assert_string_equal(repr(t), "<Task 'tic_tac' [NEW]>");
    task_step(t);
    assert_string_equal(repr(t), "<Task 'tic_tac' [RUNNING]>");
    task_step(t);
    assert_string_equal(repr(t), "<Task 'tic_tac' [FINISHED] ('Boum!')>");
    task_step(none);
    assert_string_equal(repr(none), "<Task 'example' [FINISHED] (None)>");
    task_step(bad);
    task_step(bad);
    assert_string_equal(repr(bad), "<Task 'failing' [ERROR] (error: boom)>");
    task_free(t);
    task_free(none);
    task_free(bad);
}

static void format_truncates_like_snprintf(void **state)
{
    task *t = ticks_task("tic_tac", 1, "Boum!");
    char small[8];
    int n;

    (void)state;
    n = task_format(t, small, sizeof small);
    assert_int_equal(n, (int)strlen("<Task 'tic_tac' [NEW]>"));
    assert_string_equal(small, "<Task '");  /* cut, and still terminated */
    task_free(t);
}

static void task_print_says_the_repr(void **state)
{
    task *t = ticks_task("tic_tac", 0, "Boum!");

    (void)state;
    task_step(t);
    task_print(t);
    assert_string_equal(said(), "<Task 'tic_tac' [FINISHED] ('Boum!')>\n");
    task_free(t);
}

/* A long result must not be cut: task_print() sizes its line to the repr. */
static void task_print_does_not_cut_a_long_repr(void **state)
{
    static char longest[600];
    task *t = ticks_task("long", 0, NULL);
    char expected[700];

    (void)state;
    memset(longest, 'x', sizeof longest - 1);
    task_step(t);
    t->result = longest;                    /* as if the coroutine returned it */
    task_print(t);
    snprintf(expected, sizeof expected, "<Task 'long' [FINISHED] ('%s')>\n",
             longest);
    assert_string_equal(said(), expected);
    task_free(t);
}

/* ---- the queue -------------------------------------------------------- */

static void queue_pops_in_push_order(void **state)
{
    task *a = ticks_task("a", 0, NULL);
    task *b = ticks_task("b", 0, NULL);
    task *c = ticks_task("c", 0, NULL);
    queue q = { NULL, NULL };

    (void)state;
    queue_push(&q, a);
    queue_push(&q, b);
    assert_ptr_equal(queue_pop(&q), a);
    queue_push(&q, c);                      /* pushed after b: popped after b */
    assert_ptr_equal(queue_pop(&q), b);
    assert_ptr_equal(queue_pop(&q), c);
    assert_true(queue_is_empty(&q));
    task_free(a);
    task_free(b);
    task_free(c);
}

static void queue_pop_of_empty_queue_is_null(void **state)
{
    task *a = ticks_task("a", 0, NULL);
    queue q = { NULL, NULL };

    (void)state;
    assert_true(queue_is_empty(&q));
    assert_null(queue_pop(&q));
    queue_push(&q, a);
    assert_false(queue_is_empty(&q));
    assert_ptr_equal(queue_pop(&q), a);
    assert_null(queue_pop(&q));             /* emptied again: still safe */
    assert_null(q.tail);                    /* and a push starts afresh */
    task_free(a);
}

static void popped_task_can_join_another_queue(void **state)
{
    task *a = ticks_task("a", 0, NULL);
    task *b = ticks_task("b", 0, NULL);
    queue q = { NULL, NULL }, r = { NULL, NULL };

    (void)state;
    queue_push(&q, a);
    queue_push(&q, b);
    assert_ptr_equal(queue_pop(&q), a);
    assert_null(a->next);                   /* the link is cleared on pop */
    queue_push(&r, a);
    assert_ptr_equal(queue_pop(&r), a);
    assert_null(queue_pop(&r));
    assert_ptr_equal(queue_pop(&q), b);
    task_free(a);
    task_free(b);
}

/* ---- the loop --------------------------------------------------------- */

static void run_once_on_empty_loop_returns_false(void **state)
{
    loop l;

    (void)state;
    loop_init(&l);
    assert_false(loop_run_once(&l));
    assert_string_equal(said(), "");
}

static void loop_requeues_unfinished_task_at_the_end(void **state)
{
    task *a = ticks_task("a", 2, NULL);
    task *b = ticks_task("b", 2, NULL);
    task *c = ticks_task("c", 2, NULL);
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, a);
    loop_schedule(&l, b);
    loop_schedule(&l, c);
    assert_true(loop_run_once(&l));
    assert_ptr_equal(l.ready.head, b);      /* a went behind c, not first */
    assert_ptr_equal(l.ready.tail, a);
    loop_run_until_empty(&l);
    assert_string_equal(said(),
        "a 1\nb 1\nc 1\n"
        "a 2\nb 2\nc 2\n"
        "<Task 'a' [FINISHED] (None)>\n"
        "<Task 'b' [FINISHED] (None)>\n"
        "<Task 'c' [FINISHED] (None)>\n");
    task_free(a);
    task_free(b);
    task_free(c);
}

static void loop_prints_a_task_when_it_finishes(void **state)
{
    task *short_one = ticks_task("short", 1, "S");
    task *long_one = ticks_task("long", 3, "L");
    task *bad = failing_task();
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, long_one);
    loop_schedule(&l, short_one);
    loop_schedule(&l, bad);
    loop_run_until_empty(&l);
    /* Each repr comes right after the task's last step, not at the end. */
    assert_string_equal(said(),
        "long 1\nshort 1\n"
        "long 2\n<Task 'short' [FINISHED] ('S')>\n"
        "<Task 'failing' [ERROR] (error: boom)>\n"
        "long 3\n<Task 'long' [FINISHED] ('L')>\n");
    task_free(short_one);
    task_free(long_one);
    task_free(bad);
}

static void run_until_empty_runs_everything(void **state)
{
    task *t[4] = {
        ticks_task("a", 3, "A"), ticks_task("b", 0, NULL),
        ticks_task("c", 1, "C"), failing_task(),
    };
    loop l;

    (void)state;
    loop_init(&l);
    for (int i = 0; i < 4; i++)
        loop_schedule(&l, t[i]);
    loop_run_until_empty(&l);
    for (int i = 0; i < 4; i++)
        assert_true(task_is_done(t[i]));
    assert_true(queue_is_empty(&l.ready));
    assert_false(loop_run_once(&l));
    for (int i = 0; i < 4; i++)
        task_free(t[i]);
}

static void run_until_complete_stops_when_its_task_is_done(void **state)
{
    task *other = ticks_task("other", 5, "O");
    task *mine = ticks_task("mine", 1, "M");
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, other);
    assert_string_equal(loop_run_until_complete(&l, mine), "M");
    assert_string_equal(said(),
        "other 1\nmine 1\nother 2\n<Task 'mine' [FINISHED] ('M')>\n");
    /* The other task is left as it was: running, and still queued. */
    assert_int_equal(other->status, TASK_RUNNING);
    assert_ptr_equal(l.ready.head, other);
    assert_ptr_equal(l.ready.tail, other);
    loop_run_until_empty(&l);
    assert_string_equal(other->result, "O");
    task_free(other);
    task_free(mine);
}

static void run_until_complete_returns_null_for_none_and_error(void **state)
{
    task *none = ticks_task("none", 1, NULL);
    task *bad = failing_task();
    loop l;

    (void)state;
    loop_init(&l);
    assert_null(loop_run_until_complete(&l, none));
    assert_int_equal(none->status, TASK_FINISHED);
    assert_null(loop_run_until_complete(&l, bad));
    assert_int_equal(bad->status, TASK_ERROR);
    assert_true(queue_is_empty(&l.ready));
    task_free(none);
    task_free(bad);
}

/* A task that is already done is not queued: a later turn would step it. */
static void run_until_complete_of_a_done_task_leaves_the_queue_empty(void **state)
{
    task *done = ticks_task("done", 0, "D");
    loop l;

    (void)state;
    task_step(done);
    loop_init(&l);
    assert_string_equal(loop_run_until_complete(&l, done), "D");
    assert_true(queue_is_empty(&l.ready));
    assert_false(loop_run_once(&l));
    task_free(done);
}

/* ---- main ------------------------------------------------------------- */

/* Every test runs with say() captured, and released after. */
#define TEST(f) cmocka_unit_test_setup_teardown(f, capture_setup, \
                                                capture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(task_starts_new_and_named_after_its_coroutine),
        TEST(task_goes_new_running_finished),
        TEST(task_returning_none_finishes_with_null),
        TEST(task_fail_ends_in_error),
        TEST(tic_tac_and_spam_return_the_tutorials_values),
        TEST(format_shows_each_status),
        TEST(format_truncates_like_snprintf),
        TEST(task_print_says_the_repr),
        TEST(queue_pops_in_push_order),
        TEST(queue_pop_of_empty_queue_is_null),
        TEST(popped_task_can_join_another_queue),
        TEST(run_once_on_empty_loop_returns_false),
        TEST(loop_requeues_unfinished_task_at_the_end),
        TEST(loop_prints_a_task_when_it_finishes),
        TEST(run_until_empty_runs_everything),
        TEST(run_until_complete_stops_when_its_task_is_done),
        TEST(run_until_complete_returns_null_for_none_and_error),
        TEST(run_until_complete_of_a_done_task_leaves_the_queue_empty),
        TEST(task_print_does_not_cut_a_long_repr),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
