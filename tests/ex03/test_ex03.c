/* test_ex03.c - unit tests for ex03_wait: wait() launches the tasks that
 * are still NEW, comes back when all are done and counts how they ended;
 * main_task, repeat and failing_repeat; the FIFO and the round-robin loop;
 * what --trace tells, coro_where()'s names, and the size of a task.
 *
 * The coroutines below are written for the tests, by the rules of coro.h
 * (a frame struct, named resume points, one switch), so each test controls
 * what a task does. What the code under test prints through say() is
 * captured in memory (capture.h) and compared with what it should be,
 * line for line.
 *
 * Frees of the test frames are counted (see `drops`), so a leak fails a
 * test even without valgrind; valgrind and the sanitizers catch the rest.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "coroutines.h"
#include "loop.h"
#include "queue.h"
#include "task.h"
#include "util.h"
#include "capture.h"

/* ---- each test's state ------------------------------------------------ */

static int drops;               /* test frames freed since the test started */

/* Every test starts with no frame freed and say() captured (capture.h). */
static int setup(void **state)
{
    drops = 0;
    return capture_setup(state);
}

static int teardown(void **state)
{
    return capture_teardown(state);
}

/* The repr of t, for comparisons. */
static const char *repr(const task *t)
{
    static char buf[256];

    task_format(t, buf, sizeof buf);
    return buf;
}

/* ---- test coroutines -------------------------------------------------- */

static void count_drop(coro *self)
{
    (void)self;
    drops++;
}

/* ticks: says "<name> 1", yields, "<name> 2", yields, ... `count` times,
 * then returns `result` (NULL for None). Counts its steps; its type's drop
 * counts the frees. */
typedef struct {
    coro base;
    enum { TICKS_START, TICKS_AFTER_SAY } resume;
    int count;                  /* how many times to say and yield */
    int done;                   /* how many times it has */
    int steps;                  /* how many times it was stepped */
    const char *result;
} ticks_frame;

static coro_status ticks_step(coro *base, task *t)
{
    ticks_frame *self = (ticks_frame *)base;

    self->steps++;
    switch (self->resume) {
    case TICKS_START:
    case TICKS_AFTER_SAY:
        if (self->done == self->count)
            break;
        self->done++;
        say("%s %d", self->base.type->name, self->done);
        self->resume = TICKS_AFTER_SAY;
        return CORO_YIELD;
    }
    return task_return(t, self->result);
}

/* A coroutine's name is in its coro_type, a constant: one type for each
 * name the tests give a ticks task, all sharing ticks_step. */
#define TICKS_TYPE(name_) {                                                \
    .name = name_, .step = ticks_step, .size = sizeof(ticks_frame),        \
    .points = { CORO_POINT(TICKS_START), CORO_POINT(TICKS_AFTER_SAY) },    \
    .drop = count_drop }

static const coro_type ticks_types[] = {
    TICKS_TYPE("a"), TICKS_TYPE("b"), TICKS_TYPE("c"), TICKS_TYPE("x"),
    TICKS_TYPE("y"),
};

static const coro_type *ticks_type(const char *name)
{
    for (size_t i = 0; i < sizeof ticks_types / sizeof ticks_types[0]; i++)
        if (strcmp(ticks_types[i].name, name) == 0)
            return &ticks_types[i];
    fail_msg("no ticks type is named '%s': add it to ticks_types", name);
    return NULL;
}

static coro *ticks(const char *name, int count, const char *result)
{
    ticks_frame *f = (ticks_frame *)coro_new(ticks_type(name));

    f->count = count;
    f->result = result;
    return &f->base;
}

static task *ticks_task(const char *name, int count, const char *result)
{
    return task_new(ticks(name, count, result));
}

static ticks_frame *ticks_of(task *t)
{
    return (ticks_frame *)t->frame;
}

/* failing: says "f fails" and fails with "boom" on its first step. */
typedef struct {
    coro base;
    enum { FAILING_START } resume;
} failing_frame;

static coro_status failing_step(coro *base, task *t)
{
    failing_frame *self = (failing_frame *)base;

    switch (self->resume) {
    case FAILING_START:
        say("%s fails", self->base.type->name);
        break;
    }
    return task_fail(t, "boom");
}

static const coro_type failing_type = {
    .name = "f",
    .step = failing_step,
    .size = sizeof(failing_frame),
    .points = { CORO_POINT(FAILING_START) },
};

static task *failing_task(void)
{
    return task_new(coro_new(&failing_type));
}

/* waiter: `yield from wait(tasks)`, then says "waiter: N OK, M errors".
 * Counts its steps, and logs each SCHEDULE request wait() leaves in the
 * mailbox (the parent sees every request its child makes). */
#define WAITER_MAX 4

typedef struct {
    coro base;
    enum { WAITER_START, WAITER_WAITING } resume;
    task *tasks[WAITER_MAX];    /* borrowed: the test keeps them alive */
    size_t ntasks;
    wait_frame wait;            /* yield from wait(tasks) */
    int steps;                  /* how many times it was stepped */
    size_t nrequests;           /* SCHEDULE requests wait() made */
    task *asked[WAITER_MAX];    /* the first task of each, in order */
    size_t nasked;              /* how many tasks they asked for in all */
} waiter_frame;

static void waiter_log(waiter_frame *self, const mailbox *m)
{
    if (self->nrequests < WAITER_MAX)
        self->asked[self->nrequests] = m->tasks[0];
    self->nrequests++;
    self->nasked += m->count;
}

static coro_status waiter_step(coro *base, task *t)
{
    waiter_frame *self = (waiter_frame *)base;
    coro_status status;

    self->steps++;
    switch (self->resume) {
    case WAITER_START:
        wait_init(&self->wait, self->tasks, self->ntasks);
        self->resume = WAITER_WAITING;
        /* fall through */
    case WAITER_WAITING:
        status = coro_step(&self->wait.base, t);
        if (status == CORO_YIELD && t->mailbox.request == REQUEST_SCHEDULE)
            waiter_log(self, &t->mailbox);
        if (status != CORO_DONE)
            return status;
        say("waiter: %d OK, %d errors", self->wait.finished, self->wait.failed);
        break;
    }
    return CORO_DONE;
}

static const coro_type waiter_type = {
    .name = "waiter",
    .step = waiter_step,
    .size = sizeof(waiter_frame),
    .points = { CORO_POINT(WAITER_START), CORO_POINT(WAITER_WAITING) },
};

static task *waiter_task(task *const *tasks, size_t ntasks)
{
    waiter_frame *f = (waiter_frame *)coro_new(&waiter_type);

    assert_true(ntasks <= WAITER_MAX);
    for (size_t i = 0; i < ntasks; i++)
        f->tasks[i] = tasks[i];
    f->ntasks = ntasks;
    return task_new(&f->base);
}

static waiter_frame *waiter_of(task *t)
{
    return (waiter_frame *)t->frame;
}

/* Run w on a fresh loop until nothing is left, then close the loop. */
static void run_alone(task *w)
{
    loop l;

    loop_init(&l);
    loop_schedule(&l, w);
    assert_int_equal(loop_run_until_empty(&l), 0);
    loop_close(&l);
}

static void unref_all(task **tasks, size_t ntasks)
{
    for (size_t i = 0; i < ntasks; i++)
        task_unref(tasks[i]);
}

/* ---- the queue and the loop ------------------------------------------- */

static void test_queue_is_fifo(void **state)
{
    task *a = ticks_task("a", 0, NULL), *b = ticks_task("b", 0, NULL);
    task *c = ticks_task("c", 0, NULL);
    queue q = { NULL, NULL };

    (void)state;
    assert_true(queue_is_empty(&q));
    queue_push(&q, a);
    queue_push(&q, b);
    queue_push(&q, c);
    assert_ptr_equal(queue_pop(&q), a);
    assert_ptr_equal(queue_pop(&q), b);
    assert_ptr_equal(queue_pop(&q), c);
    assert_null(queue_pop(&q));
    assert_true(queue_is_empty(&q));
    task_unref(a);
    task_unref(b);
    task_unref(c);
}

static void test_loop_requeues_unfinished_task_at_the_end(void **state)
{
    task *a = ticks_task("a", 2, NULL), *b = ticks_task("b", 1, NULL);
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, a);
    loop_schedule(&l, b);
    assert_int_equal(loop_run_once(&l), 1);
    assert_ptr_equal(l.ready.head, b);      /* a went behind b */
    assert_ptr_equal(l.ready.tail, a);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_string_equal(said(), "a 1\nb 1\na 2\n"
                                "<Task 'b' [FINISHED] (None)>\n"
                                "<Task 'a' [FINISHED] (None)>\n");
    loop_close(&l);
    task_unref(a);
    task_unref(b);
}

/* ---- wait() ------------------------------------------------------------ */

static void test_wait_counts_all_finished(void **state)
{
    task *tasks[] = { ticks_task("a", 1, NULL), ticks_task("b", 2, NULL),
                      ticks_task("c", 3, NULL) };
    task *w = waiter_task(tasks, 3);

    (void)state;
    run_alone(w);
    assert_int_equal(waiter_of(w)->wait.finished, 3);
    assert_int_equal(waiter_of(w)->wait.failed, 0);
    assert_string_equal(said(), "a 1\nb 1\n<Task 'a' [FINISHED] (None)>\n"
                                "c 1\nb 2\nc 2\n<Task 'b' [FINISHED] (None)>\n"
                                "c 3\n<Task 'c' [FINISHED] (None)>\n"
                                "waiter: 3 OK, 0 errors\n"
                                "<Task 'waiter' [FINISHED] (None)>\n");
    task_unref(w);
    unref_all(tasks, 3);
}

static void test_wait_counts_a_failed_task(void **state)
{
    task *tasks[] = { ticks_task("a", 1, NULL), failing_task(),
                      ticks_task("c", 1, NULL) };
    task *w = waiter_task(tasks, 3);

    (void)state;
    run_alone(w);
    assert_int_equal(tasks[1]->status, TASK_ERROR);
    assert_int_equal(waiter_of(w)->wait.finished, 2);
    assert_int_equal(waiter_of(w)->wait.failed, 1);
    assert_non_null(strstr(said(), "waiter: 2 OK, 1 errors\n"));
    task_unref(w);
    unref_all(tasks, 3);
}

static void test_wait_counts_a_cancelled_task_as_failed(void **state)
{
    task *tasks[] = { ticks_task("x", 5, NULL), ticks_task("y", 1, NULL) };
    task *w = waiter_task(tasks, 2);
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, w);
    for (int turn = 0; turn < 3; turn++)    /* launch x, launch y, x 1 */
        assert_int_equal(loop_run_once(&l), 1);
    assert_int_equal(ticks_of(tasks[0])->steps, 1);
    assert_true(task_cancel(tasks[0]));
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(ticks_of(tasks[0])->steps, 1);
    assert_int_equal(waiter_of(w)->wait.finished, 1);
    assert_int_equal(waiter_of(w)->wait.failed, 1);
    assert_non_null(strstr(said(), "<Task 'x' [CANCELLED]>\n"));
    assert_non_null(strstr(said(), "waiter: 1 OK, 1 errors\n"));
    loop_close(&l);
    task_unref(w);
    unref_all(tasks, 2);
}

/* A RUNNING task is already in the loop's hands: scheduling it again would
 * put it in the queue twice. */
static void test_wait_launches_only_new_tasks(void **state)
{
    task *tasks[] = { ticks_task("a", 2, NULL), ticks_task("b", 1, NULL) };
    task *w = waiter_task(tasks, 2);
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, tasks[0]);
    assert_int_equal(loop_run_once(&l), 1);        /* a 1: now RUNNING */
    loop_schedule(&l, w);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(waiter_of(w)->nrequests, 1);
    assert_ptr_equal(waiter_of(w)->asked[0], tasks[1]);
    assert_int_equal(ticks_of(tasks[0])->steps, 3);    /* no double run */
    assert_int_equal(ticks_of(tasks[1])->steps, 2);
    assert_string_equal(said(), "a 1\na 2\n<Task 'a' [FINISHED] (None)>\n"
                                "b 1\n<Task 'b' [FINISHED] (None)>\n"
                                "waiter: 2 OK, 0 errors\n"
                                "<Task 'waiter' [FINISHED] (None)>\n");
    loop_close(&l);
    task_unref(w);
    unref_all(tasks, 2);
}

/* A task scheduled but not stepped yet is still NEW, yet already in the
 * run queue: wait() must not ask the loop to schedule it again. Through
 * the loop this aborts (loop_schedule pushes a queued task, and
 * queue_push asserts), so the waiter is stepped here by hand, as
 * loop_run_once would, and its request is read before the loop answers. */
static void test_wait_does_not_reschedule_a_queued_new_task(void **state)
{
    task *tasks[] = { ticks_task("a", 1, NULL), ticks_task("b", 1, NULL) };
    task *w = waiter_task(tasks, 2);
    bool asked_for_queued;
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, tasks[0]);            /* queued, still NEW */
    task_step(w);
    asked_for_queued = w->mailbox.request == REQUEST_SCHEDULE &&
                       w->mailbox.tasks[0] == tasks[0];
    capture_stderr();
    loop_close(&l);                         /* warns: a never ran */
    release_stderr();
    task_unref(w);
    unref_all(tasks, 2);
    if (asked_for_queued)
        fail_msg("wait() asked to schedule 'a', which is already queued");
}

static void test_wait_on_done_tasks_returns_without_yielding(void **state)
{
    task *tasks[] = { ticks_task("a", 0, NULL), ticks_task("b", 3, NULL) };
    task *w = waiter_task(tasks, 2);
    loop l;

    (void)state;
    task_step(tasks[0]);                    /* FINISHED */
    task_cancel(tasks[1]);                  /* CANCELLED */
    loop_init(&l);
    loop_schedule(&l, w);
    assert_int_equal(loop_run_once(&l), 1);
    assert_int_equal(w->status, TASK_FINISHED);
    assert_int_equal(waiter_of(w)->steps, 1);
    assert_int_equal(waiter_of(w)->nrequests, 0);
    assert_true(queue_is_empty(&l.ready));
    assert_string_equal(said(), "waiter: 1 OK, 1 errors\n"
                                "<Task 'waiter' [FINISHED] (None)>\n");
    loop_close(&l);
    task_unref(w);
    unref_all(tasks, 2);
}

/* The tutorial yields one SCHEDULE per task: the launches interleave with
 * the tasks' first turns, which the transcript shows. */
static void test_wait_sends_one_schedule_per_new_task_in_order(void **state)
{
    task *tasks[] = { ticks_task("a", 1, NULL), ticks_task("b", 1, NULL),
                      ticks_task("c", 1, NULL) };
    task *w = waiter_task(tasks, 3);

    (void)state;
    run_alone(w);
    assert_int_equal(waiter_of(w)->nrequests, 3);
    assert_int_equal(waiter_of(w)->nasked, 3);
    assert_ptr_equal(waiter_of(w)->asked[0], tasks[0]);
    assert_ptr_equal(waiter_of(w)->asked[1], tasks[1]);
    assert_ptr_equal(waiter_of(w)->asked[2], tasks[2]);
    task_unref(w);
    unref_all(tasks, 3);
}

/* ---- repeat, failing_repeat, main_task ---------------------------------- */

/* Run main_task over three tasks, as main.c's run_main_task() does. */
static void run_main_task(coro *first, coro *second, coro *third)
{
    task *tasks[] = { task_new(first), task_new(second), task_new(third) };
    task *t = task_new(main_task(tasks, 3));    /* it takes our references */
    loop l;

    loop_init(&l);
    assert_int_equal(loop_run_until_complete(&l, t), 0);
    assert_int_equal(t->status, TASK_FINISHED);
    assert_true(queue_is_empty(&l.ready));
    loop_close(&l);
    task_unref(t);
}

static void test_main_task_runs_the_tutorial_transcript(void **state)
{
    (void)state;
    run_main_task(repeat("spam", 10), repeat("eggs", 3), repeat("bacon", 5));
    assert_string_equal(said(),
        "Launching 3 tasks in parallel\n"
        "launching task 'spam'\n"
        "spam\n"
        "launching task 'eggs'\n"
        "eggs\n"
        "spam\n"
        "launching task 'bacon'\n"
        "bacon\n"
        "eggs\n"
        "spam\n"
        "bacon\n"
        "eggs\n"
        "spam\n"
        "bacon\n"
        "<Task 'repeat' [FINISHED] (None)>\n"
        "spam\n"
        "bacon\n"
        "spam\n"
        "bacon\n"
        "spam\n"
        "<Task 'repeat' [FINISHED] (None)>\n"
        "spam\n"
        "spam\n"
        "spam\n"
        "<Task 'repeat' [FINISHED] (None)>\n"
        "Back to the main function: 3 OK, 0 errors\n"
        "<Task 'main_task' [FINISHED] (None)>\n");
}

/* What main.c's second demonstration says, traced or not: one error, in
 * the singular. */
static const char failing_said[] =
    "Launching 3 tasks in parallel\n"
    "launching task 'spam'\n"
    "spam\n"
    "launching task 'toast'\n"
    "toast\n"
    "spam\n"
    "launching task 'eggs'\n"
    "eggs\n"
    "toast\n"
    "spam\n"
    "eggs\n"
    "<Task 'failing_repeat' [ERROR] (error: the toast burnt)>\n"
    "<Task 'repeat' [FINISHED] (None)>\n"
    "eggs\n"
    "<Task 'repeat' [FINISHED] (None)>\n"
    "Back to the main function: 2 OK, 1 error\n"
    "<Task 'main_task' [FINISHED] (None)>\n";

static void test_main_task_counts_a_failing_task(void **state)
{
    (void)state;
    run_main_task(repeat("spam", 3), failing_repeat("toast", 2),
                  repeat("eggs", 3));
    assert_string_equal(said(), failing_said);
}

static void test_failing_repeat_ends_error_after_its_lines(void **state)
{
    task *t = task_new(failing_repeat("toast", 2));
    loop l;

    (void)state;
    loop_init(&l);
    assert_int_equal(loop_run_until_complete(&l, t), 0);
    assert_int_equal(t->status, TASK_ERROR);
    assert_string_equal(t->error, "the toast burnt");
    assert_string_equal(repr(t), "<Task 'failing_repeat' [ERROR] "
                                 "(error: the toast burnt)>");
    assert_string_equal(said(), "launching task 'toast'\ntoast\ntoast\n"
                                "<Task 'failing_repeat' [ERROR] "
                                "(error: the toast burnt)>\n");
    loop_close(&l);
    task_unref(t);
}

/* main_task takes over the references it is given: it must give them all
 * back, whether it ends or is freed mid-way. */
static void test_main_task_lets_go_of_its_tasks(void **state)
{
    task *tasks[] = { ticks_task("a", 1, NULL), ticks_task("b", 2, NULL) };
    task *m = task_new(main_task(tasks, 2));

    (void)state;
    run_alone(m);
    assert_int_equal(drops, 2);
    assert_non_null(strstr(said(), "Launching 2 tasks in parallel\n"));
    assert_non_null(strstr(said(), "Back to the main function: 2 OK, 0 errors\n"));
    task_unref(m);
}

static void test_cancelled_main_task_lets_go_of_its_tasks(void **state)
{
    task *tasks[] = { ticks_task("a", 3, NULL), ticks_task("b", 3, NULL) };
    task *m = task_new(main_task(tasks, 2));
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, m);
    assert_int_equal(loop_run_once(&l), 1);        /* launches a */
    assert_int_equal(loop_run_once(&l), 1);        /* launches b */
    task_cancel(m);
    task_unref(m);                          /* the loop holds the last one */
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(drops, 2);
    assert_null(strstr(said(), "Back to the main function"));
    loop_close(&l);
}

/* ---- coro_where -------------------------------------------------------- */

/* repeat and failing_repeat share a step function and its resume points. */
static void test_coro_where_names_each_resume_point_of_repeat(void **state)
{
    task *r = task_new(repeat("spam", 2));
    task *f = task_new(failing_repeat("toast", 1));

    (void)state;
    assert_string_equal(coro_where(r->frame), "REPEAT_START");
    assert_int_equal(task_step(r), CORO_YIELD);
    assert_string_equal(coro_where(r->frame), "REPEAT_ROUNDS");
    assert_int_equal(task_step(r), CORO_YIELD);
    assert_string_equal(coro_where(r->frame), "REPEAT_ROUNDS");
    assert_int_equal(task_step(r), CORO_DONE);
    assert_string_equal(coro_where(f->frame), "REPEAT_START");
    assert_int_equal(task_step(f), CORO_YIELD);
    assert_string_equal(coro_where(f->frame), "REPEAT_ROUNDS");
    assert_int_equal(task_step(f), CORO_ERROR);
    task_unref(r);
    task_unref(f);
}

/* main_task starts, then waits; the wait() frame inside it launches, then
 * polls (seen here through a waiter, whose frame the test can read). */
static void test_coro_where_names_the_points_of_main_task_and_wait(void **state)
{
    task *tasks[] = { ticks_task("a", 1, NULL), ticks_task("b", 1, NULL) };
    task *w = waiter_task(tasks, 2);
    task *x[] = { ticks_task("x", 0, NULL) };
    task *m = task_new(main_task(x, 1));    /* it takes our reference to x */
    coro *wait = &waiter_of(w)->wait.base;  /* initialised by its first step */
    loop l;

    (void)state;
    assert_string_equal(coro_where(m->frame), "MAIN_TASK_START");
    loop_init(&l);
    loop_schedule(&l, m);
    assert_int_equal(loop_run_once(&l), 1);        /* launches x */
    assert_string_equal(coro_where(m->frame), "MAIN_TASK_WAITING");
    assert_int_equal(loop_run_until_empty(&l), 0);

    loop_schedule(&l, w);
    assert_int_equal(loop_run_once(&l), 1);        /* launches a */
    assert_string_equal(coro_where(wait), "WAIT_LAUNCHING");
    assert_int_equal(loop_run_once(&l), 1);        /* launches b */
    assert_string_equal(coro_where(wait), "WAIT_LAUNCHING");
    assert_int_equal(loop_run_once(&l), 1);        /* a 1 */
    assert_int_equal(loop_run_once(&l), 1);        /* none is done: poll */
    assert_string_equal(coro_where(wait), "WAIT_POLLING");
    assert_string_equal(coro_where(w->frame), "WAITER_WAITING");
    assert_int_equal(loop_run_until_empty(&l), 0);
    loop_close(&l);
    task_unref(m);
    task_unref(w);
    unref_all(tasks, 2);
}

/* ---- --trace ----------------------------------------------------------- */

/* main.c's second demonstration, turn by turn: one SCHEDULE per task that
 * wait() launches, main_task polling, and failing_repeat's error ending. */
static void test_trace_tells_the_error_ending(void **state)
{
    (void)state;
    capture_trace();
    run_main_task(repeat("spam", 3), failing_repeat("toast", 2),
                  repeat("eggs", 3));
    assert_string_equal(traced(),
        "turn 1  run main_task  MAIN_TASK_START -> MAIN_TASK_WAITING  schedule repeat\n"
        "turn 2  run main_task  MAIN_TASK_WAITING -> MAIN_TASK_WAITING  schedule failing_repeat\n"
        "turn 3  run repeat  REPEAT_START -> REPEAT_ROUNDS  yield\n"
        "turn 4  run main_task  MAIN_TASK_WAITING -> MAIN_TASK_WAITING  schedule repeat\n"
        "turn 5  run failing_repeat  REPEAT_START -> REPEAT_ROUNDS  yield\n"
        "turn 6  run repeat  REPEAT_ROUNDS -> REPEAT_ROUNDS  yield\n"
        "turn 7  run main_task  MAIN_TASK_WAITING -> MAIN_TASK_WAITING  yield\n"
        "turn 8  run repeat  REPEAT_START -> REPEAT_ROUNDS  yield\n"
        "turn 9  run failing_repeat  REPEAT_ROUNDS -> REPEAT_ROUNDS  yield\n"
        "turn 10  run repeat  REPEAT_ROUNDS -> REPEAT_ROUNDS  yield\n"
        "turn 11  run main_task  MAIN_TASK_WAITING -> MAIN_TASK_WAITING  yield\n"
        "turn 12  run repeat  REPEAT_ROUNDS -> REPEAT_ROUNDS  yield\n"
        "turn 13  run failing_repeat  REPEAT_ROUNDS -> end  error: the toast burnt\n"
        "turn 14  run repeat  REPEAT_ROUNDS -> end  done None\n"
        "turn 15  run main_task  MAIN_TASK_WAITING -> MAIN_TASK_WAITING  yield\n"
        "turn 16  run repeat  REPEAT_ROUNDS -> REPEAT_ROUNDS  yield\n"
        "turn 17  run main_task  MAIN_TASK_WAITING -> MAIN_TASK_WAITING  yield\n"
        "turn 18  run repeat  REPEAT_ROUNDS -> end  done None\n"
        "turn 19  run main_task  MAIN_TASK_WAITING -> end  done None\n");
    assert_string_equal(said(), failing_said);  /* the transcript is intact */
}

/* A task that fails at its first step: the error is the whole turn. */
static void test_trace_tells_an_error_at_the_first_step(void **state)
{
    task *f = failing_task();
    loop l;

    (void)state;
    capture_trace();
    loop_init(&l);
    assert_int_equal(loop_run_until_complete(&l, f), 0);
    assert_string_equal(traced(),
        "turn 1  run f  FAILING_START -> end  error: boom\n");
    loop_close(&l);
    task_unref(f);
}

/* Tracing is off unless asked for: nothing on stderr, the same transcript. */
static void test_nothing_is_traced_without_trace_to(void **state)
{
    (void)state;
    assert_false(tracing());
    capture_stderr();
    run_main_task(repeat("spam", 3), failing_repeat("toast", 2),
                  repeat("eggs", 3));
    assert_string_equal(release_stderr(), "");
    assert_string_equal(said(), failing_said);
}

/* ---- memory layout ------------------------------------------------------ */

/* The smallest useful frame: a base, a resume point, one int. */
typedef struct {
    coro base;
    enum { SMALL_START } resume;
    int n;
} small_frame;

/* The lesson's numbers: the task is 40 bytes (its mailbox 16), and a task
 * with a small frame, allocated as one block by coro_new(), fits the 56
 * bytes a 64-byte malloc chunk holds (glibc: 8 of the 64 are its header). */
static void test_a_task_and_a_small_frame_fit_one_64_byte_chunk(void **state)
{
    (void)state;
    assert_int_equal(sizeof(mailbox), 16);
    assert_int_equal(sizeof(task), 40);
    assert_int_equal(offsetof(task, frame), sizeof(task));  /* frame last */
    assert_int_equal(sizeof(small_frame), 16);
    assert_true(sizeof(task) + sizeof(small_frame) <= 56);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_queue_is_fifo),
        TEST(test_loop_requeues_unfinished_task_at_the_end),
        TEST(test_wait_counts_all_finished),
        TEST(test_wait_counts_a_failed_task),
        TEST(test_wait_counts_a_cancelled_task_as_failed),
        TEST(test_wait_launches_only_new_tasks),
        TEST(test_wait_does_not_reschedule_a_queued_new_task),
        TEST(test_wait_on_done_tasks_returns_without_yielding),
        TEST(test_wait_sends_one_schedule_per_new_task_in_order),
        TEST(test_main_task_runs_the_tutorial_transcript),
        TEST(test_main_task_counts_a_failing_task),
        TEST(test_failing_repeat_ends_error_after_its_lines),
        TEST(test_main_task_lets_go_of_its_tasks),
        TEST(test_cancelled_main_task_lets_go_of_its_tasks),
        TEST(test_coro_where_names_each_resume_point_of_repeat),
        TEST(test_coro_where_names_the_points_of_main_task_and_wait),
        TEST(test_trace_tells_the_error_ending),
        TEST(test_trace_tells_an_error_at_the_first_step),
        TEST(test_nothing_is_traced_without_trace_to),
        TEST(test_a_task_and_a_small_frame_fit_one_64_byte_chunk),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
