/* test_ex02.c - unit tests for ex02_subtasks: statuses and cancel, the
 * mailbox (SCHEDULE and an unknown request), ensure_future, yield from,
 * reference counting, the example() demonstrations, what --trace tells,
 * and coro_where()'s names for resume points.
 *
 * The coroutines below are written for the tests, by the rules of coro.h
 * (a frame struct, named resume points, one switch), so each test controls
 * what a task does. What the code under test prints through say() is
 * captured in memory (capture.h) and compared with what it should be,
 * line for line; what the loop writes on stderr is captured in a temporary
 * file where a test needs it, and what it traces in memory.
 *
 * Frees are counted (see `drops`), so a leak fails a test even without
 * valgrind; valgrind and the sanitizers catch the rest.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
 * counts the frees. (As the child of `parent` below, its result is None,
 * so task_return() leaves the parent task's result as it was: None.) */
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
 * name the tests give a ticks frame, all sharing ticks_step. */
#define TICKS_TYPE(name_) {                                                \
    .name = name_, .step = ticks_step, .size = sizeof(ticks_frame),        \
    .points = { CORO_POINT(TICKS_START), CORO_POINT(TICKS_AFTER_SAY) },    \
    .drop = count_drop }

static const coro_type ticks_types[] = {
    TICKS_TYPE("a"), TICKS_TYPE("b"), TICKS_TYPE("c"), TICKS_TYPE("x"),
    TICKS_TYPE("y"), TICKS_TYPE("other"), TICKS_TYPE("child"),
};

static const coro_type *ticks_type(const char *name)
{
    for (size_t i = 0; i < sizeof ticks_types / sizeof ticks_types[0]; i++)
        if (strcmp(ticks_types[i].name, name) == 0)
            return &ticks_types[i];
    fail_msg("no ticks type is named '%s': add it to ticks_types", name);
    return NULL;
}

/* For a frame inside another (yield from). */
static void ticks_init(ticks_frame *self, const char *name, int count)
{
    *self = (ticks_frame){ .base = { ticks_type(name) }, .count = count };
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

/* failing: says "<name> fails" and fails with "boom" on its first step. */
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

/* Two names, two types: a task "f", and the child of `parent`. */
static const coro_type failing_type = {
    .name = "f",
    .step = failing_step,
    .size = sizeof(failing_frame),
    .points = { CORO_POINT(FAILING_START) },
};

static const coro_type failing_child_type = {
    .name = "child",
    .step = failing_step,
    .size = sizeof(failing_frame),
    .points = { CORO_POINT(FAILING_START) },
};

static task *failing_task(void)
{
    return task_new(coro_new(&failing_type));
}

/* bad_request: leaves a request the loop does not know and yields. */
typedef struct {
    coro base;
    enum { BAD_REQUEST_START, BAD_REQUEST_AFTER } resume;
    int steps;
} bad_request_frame;

static coro_status bad_request_step(coro *base, task *t)
{
    bad_request_frame *self = (bad_request_frame *)base;

    self->steps++;
    switch (self->resume) {
    case BAD_REQUEST_START:
        t->mailbox.request = (request_kind)42;
        self->resume = BAD_REQUEST_AFTER;
        return CORO_YIELD;
    case BAD_REQUEST_AFTER:
        break;
    }
    return CORO_DONE;
}

static const coro_type bad_request_type = {
    .name = "bad",
    .step = bad_request_step,
    .size = sizeof(bad_request_frame),
    .points = { CORO_POINT(BAD_REQUEST_START), CORO_POINT(BAD_REQUEST_AFTER) },
};

/* caller: schedules its two tasks with one SCHEDULE, then records what the
 * mailbox holds when it resumes. */
typedef struct {
    coro base;
    enum { CALLER_START, CALLER_SCHEDULED } resume;
    task *tasks[2];             /* borrowed: the test keeps them alive */
    task **answer;              /* the mailbox, as seen on resuming */
    size_t count;
    task *scheduled[2];
    request_kind request;
} caller_frame;

static coro_status caller_step(coro *base, task *t)
{
    caller_frame *self = (caller_frame *)base;

    switch (self->resume) {
    case CALLER_START:
        say("caller schedules");
        self->resume = CALLER_SCHEDULED;
        return request_schedule(t, self->tasks, 2);
    case CALLER_SCHEDULED:
        self->answer = t->mailbox.tasks;
        self->count = t->mailbox.count;
        for (size_t i = 0; i < self->count && i < 2; i++)
            self->scheduled[i] = t->mailbox.tasks[i];
        self->request = t->mailbox.request;
        say("caller resumes");
        break;
    }
    return CORO_DONE;
}

static const coro_type caller_type = {
    .name = "caller",
    .step = caller_step,
    .size = sizeof(caller_frame),
    .points = { CORO_POINT(CALLER_START), CORO_POINT(CALLER_SCHEDULED) },
};

static task *caller_task(task *first, task *second)
{
    caller_frame *f = (caller_frame *)coro_new(&caller_type);

    f->tasks[0] = first;
    f->tasks[1] = second;
    return task_new(&f->base);
}

/* launcher: `yield from ensure_future(child)`, then says "launcher N" and
 * yields, twice. Keeps the launched task (launch.task) until it is freed,
 * so a test can look at it. */
typedef struct {
    coro base;
    enum { LAUNCHER_START, LAUNCHER_LAUNCHING, LAUNCHER_ROUNDS } resume;
    ensure_future_frame launch;
    int round;
} launcher_frame;

static coro_status launcher_step(coro *base, task *t)
{
    launcher_frame *self = (launcher_frame *)base;
    coro_status status;

    switch (self->resume) {
    case LAUNCHER_START:
        self->resume = LAUNCHER_LAUNCHING;
        /* fall through */
    case LAUNCHER_LAUNCHING:
        status = coro_step(&self->launch.base, t);
        if (status != CORO_DONE)
            return status;
        /* fall through */
    case LAUNCHER_ROUNDS:
        while (self->round < 2) {
            self->round++;
            say("launcher %d", self->round);
            self->resume = LAUNCHER_ROUNDS;
            return CORO_YIELD;
        }
        break;
    }
    return CORO_DONE;
}

static void launcher_drop(coro *base)
{
    ensure_future_release(&((launcher_frame *)base)->launch);
}

static const coro_type launcher_type = {
    .name = "launcher",
    .step = launcher_step,
    .size = sizeof(launcher_frame),
    .points = { CORO_POINT(LAUNCHER_START), CORO_POINT(LAUNCHER_LAUNCHING),
                CORO_POINT(LAUNCHER_ROUNDS) },
    .drop = launcher_drop,
};

static task *launcher_task(coro *child)
{
    launcher_frame *f = (launcher_frame *)coro_new(&launcher_type);

    ensure_future_init(&f->launch, child);
    return task_new(&f->base);
}

/* parent: `yield from` a child frame that lives inside its own frame:
 * ticks (3 rounds) or failing. Says "parent back" when the child is done. */
typedef struct {
    coro base;
    enum { PARENT_START, PARENT_IN_CHILD } resume;
    int child_fails;
    coro *child;                /* one of the two below */
    ticks_frame ticks;
    failing_frame failing;
} parent_frame;

static coro_status parent_step(coro *base, task *t)
{
    parent_frame *self = (parent_frame *)base;
    coro_status status;

    switch (self->resume) {
    case PARENT_START:
        if (self->child_fails) {
            self->failing = (failing_frame){ .base = { &failing_child_type } };
            self->child = &self->failing.base;
        } else {
            ticks_init(&self->ticks, "child", 3);
            self->child = &self->ticks.base;
        }
        self->resume = PARENT_IN_CHILD;
        /* fall through */
    case PARENT_IN_CHILD:
        status = coro_step(self->child, t);
        if (status != CORO_DONE)
            return status;
        say("parent back");
        break;
    }
    return CORO_DONE;
}

static const coro_type parent_type = {
    .name = "parent",
    .step = parent_step,
    .size = sizeof(parent_frame),
    .points = { CORO_POINT(PARENT_START), CORO_POINT(PARENT_IN_CHILD) },
};

static task *parent_task(int child_fails)
{
    parent_frame *f = (parent_frame *)coro_new(&parent_type);

    f->child_fails = child_fails;
    return task_new(&f->base);
}

/* ---- statuses and cancel ---------------------------------------------- */

static void test_task_goes_new_running_finished(void **state)
{
    task *t = ticks_task("a", 1, "R");

    (void)state;
    assert_int_equal(t->status, TASK_NEW);
    task_step(t);
    assert_int_equal(t->status, TASK_RUNNING);
    assert_string_equal(repr(t), "<Task 'a' [RUNNING]>");
    task_step(t);
    assert_int_equal(t->status, TASK_FINISHED);
    assert_true(task_is_done(t));
    assert_string_equal(repr(t), "<Task 'a' [FINISHED] ('R')>");
    assert_string_equal(said(), "a 1\n");
    task_unref(t);
}

static void test_failing_task_ends_error_with_its_message(void **state)
{
    task *t = failing_task();

    (void)state;
    task_step(t);
    assert_int_equal(t->status, TASK_ERROR);
    assert_true(task_is_done(t));
    assert_string_equal(t->error, "boom");
    assert_string_equal(repr(t), "<Task 'f' [ERROR] (error: boom)>");
    task_unref(t);
}

static void test_status_names_include_cancelled(void **state)
{
    (void)state;
    assert_string_equal(task_status_name(TASK_NEW), "NEW");
    assert_string_equal(task_status_name(TASK_RUNNING), "RUNNING");
    assert_string_equal(task_status_name(TASK_FINISHED), "FINISHED");
    assert_string_equal(task_status_name(TASK_ERROR), "ERROR");
    assert_string_equal(task_status_name(TASK_CANCELLED), "CANCELLED");
}

static void test_cancel_new_task_makes_it_cancelled_and_done(void **state)
{
    task *t = task_new(subtask(2));

    (void)state;
    assert_true(task_cancel(t));
    assert_int_equal(t->status, TASK_CANCELLED);
    assert_true(task_is_done(t));
    assert_string_equal(repr(t), "<Task 'subtask' [CANCELLED]>");
    task_unref(t);
}

static void test_cancel_running_task_makes_it_cancelled(void **state)
{
    task *t = ticks_task("a", 3, NULL);

    (void)state;
    task_step(t);
    assert_true(task_cancel(t));
    assert_int_equal(t->status, TASK_CANCELLED);
    assert_string_equal(repr(t), "<Task 'a' [CANCELLED]>");
    task_unref(t);
}

/* A late cancel() must not turn a result into a cancellation. */
static void test_cancel_finished_task_changes_nothing(void **state)
{
    task *t = ticks_task("a", 0, "R");

    (void)state;
    task_step(t);
    assert_false(task_cancel(t));
    assert_int_equal(t->status, TASK_FINISHED);
    assert_string_equal(t->result, "R");   /* (error shares its storage) */
    assert_string_equal(repr(t), "<Task 'a' [FINISHED] ('R')>");
    task_unref(t);
}

static void test_cancel_errored_task_changes_nothing(void **state)
{
    task *t = failing_task();

    (void)state;
    task_step(t);
    assert_false(task_cancel(t));
    assert_int_equal(t->status, TASK_ERROR);
    assert_string_equal(t->error, "boom");
    assert_string_equal(repr(t), "<Task 'f' [ERROR] (error: boom)>");
    task_unref(t);
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

/* The loop must drop a cancelled task without stepping it: its coroutine
 * may hold state that is no longer valid. */
static void test_cancelled_task_is_dropped_when_popped_and_never_stepped(void **state)
{
    task *a = ticks_task("a", 3, NULL), *b = ticks_task("b", 3, NULL);
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, a);
    loop_schedule(&l, b);
    assert_int_equal(loop_run_once(&l), 1);        /* a 1 */
    assert_true(task_cancel(a));
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(ticks_of(a)->steps, 1);
    assert_int_equal(a->status, TASK_CANCELLED);
    assert_string_equal(said(), "a 1\nb 1\n<Task 'a' [CANCELLED]>\n"
                                "b 2\nb 3\n<Task 'b' [FINISHED] (None)>\n");
    loop_close(&l);
    task_unref(a);
    task_unref(b);
}

static void test_task_cancelled_before_its_first_turn_is_never_stepped(void **state)
{
    task *a = ticks_task("a", 3, NULL);
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, a);
    task_cancel(a);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(ticks_of(a)->steps, 0);
    assert_string_equal(said(), "<Task 'a' [CANCELLED]>\n");
    loop_close(&l);
    task_unref(a);
}

/* ---- SCHEDULE ---------------------------------------------------------- */

/* The tutorial's order: the caller goes back in line first, then its
 * subtasks, all behind what was already waiting. */
static void test_schedule_requeues_caller_then_tasks_in_order(void **state)
{
    task *x = ticks_task("x", 1, NULL), *y = ticks_task("y", 1, NULL);
    task *other = ticks_task("other", 1, NULL);
    task *caller = caller_task(x, y);
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, caller);
    loop_schedule(&l, other);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_string_equal(said(), "caller schedules\n"
                                "other 1\n"
                                "caller resumes\n"
                                "<Task 'caller' [FINISHED] (None)>\n"
                                "x 1\n"
                                "y 1\n"
                                "<Task 'other' [FINISHED] (None)>\n"
                                "<Task 'x' [FINISHED] (None)>\n"
                                "<Task 'y' [FINISHED] (None)>\n");
    loop_close(&l);
    task_unref(caller);
    task_unref(other);
    task_unref(x);
    task_unref(y);
}

/* The loop answers by clearing the request; the mailbox still names the
 * tasks it scheduled, in order, in the caller's own array. */
static void test_schedule_answer_clears_the_request_names_the_tasks(void **state)
{
    task *x = ticks_task("x", 1, NULL), *y = ticks_task("y", 1, NULL);
    task *caller = caller_task(x, y);
    caller_frame *f = (caller_frame *)caller->frame;
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, caller);
    assert_int_equal(loop_run_once(&l), 1);
    assert_int_equal(caller->mailbox.request, REQUEST_NONE);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(f->request, REQUEST_NONE);
    assert_int_equal(f->count, 2);
    assert_ptr_equal(f->answer, f->tasks);
    assert_ptr_equal(f->scheduled[0], x);
    assert_ptr_equal(f->scheduled[1], y);
    loop_close(&l);
    task_unref(caller);
    task_unref(x);
    task_unref(y);
}

/* ---- ensure_future and yield from -------------------------------------- */

static void test_ensure_future_launches_a_task_that_runs_concurrently(void **state)
{
    task *launcher = launcher_task(ticks("child", 2, NULL));
    launcher_frame *f = (launcher_frame *)launcher->frame;
    task *child;
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, launcher);
    assert_int_equal(loop_run_until_empty(&l), 0);
    child = f->launch.task;
    assert_non_null(child);
    assert_ptr_not_equal(child, launcher);
    assert_string_equal(task_name(child), "child");
    assert_int_equal(child->status, TASK_FINISHED);
    assert_string_equal(said(), "launcher 1\n"
                                "child 1\n"
                                "launcher 2\n"
                                "child 2\n"
                                "<Task 'launcher' [FINISHED] (None)>\n"
                                "<Task 'child' [FINISHED] (None)>\n");
    loop_close(&l);
    task_unref(launcher);                   /* its drop lets go of child */
    assert_int_equal(drops, 1);             /* the child's frame */
}

/* The loop sees one task: the child's yields are the parent task's turns. */
static void test_yield_from_passes_child_yields_through_as_turns(void **state)
{
    task *parent = parent_task(0), *other = ticks_task("other", 3, NULL);
    int turns = 0;
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, parent);
    loop_schedule(&l, other);
    while (loop_run_once(&l) > 0)
        turns++;
    assert_int_equal(turns, 8);             /* 4 steps each */
    assert_string_equal(said(), "child 1\nother 1\n"
                                "child 2\nother 2\n"
                                "child 3\nother 3\n"
                                "parent back\n"
                                "<Task 'parent' [FINISHED] (None)>\n"
                                "<Task 'other' [FINISHED] (None)>\n");
    assert_int_equal(((parent_frame *)parent->frame)->ticks.steps, 4);
    loop_close(&l);
    task_unref(parent);
    task_unref(other);
}

static void test_yield_from_passes_child_error_up(void **state)
{
    task *parent = parent_task(1);
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, parent);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(parent->status, TASK_ERROR);
    assert_string_equal(parent->error, "boom");
    assert_string_equal(said(), "child fails\n"
                                "<Task 'parent' [ERROR] (error: boom)>\n");
    loop_close(&l);
    task_unref(parent);
}

/* ---- an unknown request ------------------------------------------------ */

/* A request the loop does not know is a broken program: it must not be
 * ignored (the task would spin) but stop the loop, with a message. */
static void test_unknown_request_fails_the_task_and_stops_the_loop(void **state)
{
    task *bad = task_new(coro_new(&bad_request_type));
    task *other = ticks_task("other", 3, NULL);
    const char *err;
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, bad);
    loop_schedule(&l, other);
    capture_stderr();
    assert_int_equal(loop_run_until_empty(&l), -1);
    err = release_stderr();
    assert_non_null(strstr(err, "unknown request"));
    assert_int_equal(bad->status, TASK_ERROR);
    assert_non_null(bad->error);
    assert_string_equal(bad->error, "unknown request to the loop");
    assert_int_equal(((bad_request_frame *)bad->frame)->steps, 1);
    assert_int_equal(ticks_of(other)->steps, 0);    /* the loop stopped */
    assert_ptr_equal(l.ready.head, other);
    assert_string_equal(said(), "<Task 'bad' [ERROR] (error: unknown request "
                                "to the loop)>\n");
    capture_stderr();
    loop_close(&l);
    release_stderr();
    task_unref(bad);
    task_unref(other);
}

static void test_run_once_returns_minus_one_on_unknown_request(void **state)
{
    task *bad = task_new(coro_new(&bad_request_type));
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, bad);
    capture_stderr();
    assert_int_equal(loop_run_once(&l), -1);
    assert_non_null(strstr(release_stderr(), "'bad'"));
    assert_int_equal(bad->status, TASK_ERROR);
    assert_true(queue_is_empty(&l.ready));  /* not put back in line */
    loop_close(&l);
    task_unref(bad);
}

/* ---- reference counting ----------------------------------------------- */

static void test_task_ref_and_unref_free_on_the_last_reference(void **state)
{
    task *t = ticks_task("a", 1, NULL);

    (void)state;
    assert_int_equal(t->refs, 1);
    assert_ptr_equal(task_ref(t), t);
    assert_int_equal(t->refs, 2);
    task_unref(t);
    assert_int_equal(t->refs, 1);
    assert_int_equal(drops, 0);
    task_unref(t);
    assert_int_equal(drops, 1);             /* the frame went with the task */
}

/* A task launched and forgotten by its creator must live until it ends. */
static void test_loop_keeps_a_queued_task_alive_after_its_creator_lets_go(void **state)
{
    task *a = ticks_task("a", 2, NULL);
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, a);
    assert_int_equal(a->refs, 2);
    task_unref(a);
    assert_int_equal(loop_run_once(&l), 1);
    assert_int_equal(drops, 0);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(drops, 1);             /* freed once done */
    assert_string_equal(said(), "a 1\na 2\n<Task 'a' [FINISHED] (None)>\n");
    loop_close(&l);
}

static void test_loop_close_drops_queued_tasks_and_warns_for_unfinished(void **state)
{
    task *a = ticks_task("a", 2, NULL), *b = ticks_task("b", 2, NULL);
    const char *err;
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, a);
    loop_schedule(&l, b);
    task_cancel(b);                         /* done: no warning for b */
    task_unref(a);
    task_unref(b);
    capture_stderr();
    loop_close(&l);
    err = release_stderr();
    assert_int_equal(drops, 2);
    assert_true(queue_is_empty(&l.ready));
    assert_non_null(strstr(err, "'a' was never finished"));
    assert_null(strstr(err, "'b'"));
}

/* A frame that never became a task is freed by coro_free, drop and all. */
static void test_coro_free_runs_the_drop_of_a_frame_never_wrapped(void **state)
{
    (void)state;
    coro_free(ticks("a", 1, NULL));
    assert_int_equal(drops, 1);
}

/* ensure_future never stepped still owns its frame: release frees it,
 * and a second release does nothing. */
static void test_ensure_future_release_frees_an_unlaunched_frame(void **state)
{
    ensure_future_frame launch;

    (void)state;
    ensure_future_init(&launch, ticks("a", 1, NULL));
    ensure_future_release(&launch);
    assert_int_equal(drops, 1);
    assert_null(launch.frame);
    assert_null(launch.task);
    ensure_future_release(&launch);
    assert_int_equal(drops, 1);
}

static void test_freeing_an_unfinished_task_runs_its_frame_drop(void **state)
{
    task *a = ticks_task("a", 3, NULL);

    (void)state;
    task_step(a);
    task_unref(a);
    assert_int_equal(drops, 1);
}

/* example's frame holds a reference to the subtask it launched: freeing
 * example mid-way (cancelled) must give it back, or the subtask leaks. */
static void test_cancelled_example_lets_go_of_its_subtask(void **state)
{
    task *ex = task_new(example(EXAMPLE_ENSURE_FUTURE, 5));
    task *sub;
    loop l;

    (void)state;
    loop_init(&l);
    loop_schedule(&l, ex);
    assert_int_equal(loop_run_once(&l), 1);        /* launches subtask */
    sub = l.ready.tail;
    assert_string_equal(task_name(sub), "subtask");
    assert_int_equal(sub->refs, 2);                 /* example + loop */
    task_ref(sub);
    task_cancel(ex);
    task_unref(ex);
    assert_int_equal(loop_run_once(&l), 1);        /* drops example */
    assert_int_equal(sub->refs, 2);                 /* loop + this test */
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(sub->status, TASK_FINISHED);
    assert_int_equal(sub->refs, 1);
    loop_close(&l);
    task_unref(sub);
}

/* ---- the demonstrations ------------------------------------------------ */

/* Run example(mode) on a fresh loop, as main.c's demonstrate() does. */
static void run_example(example_mode mode, int rounds)
{
    task *t = task_new(example(mode, rounds));
    loop l;

    loop_init(&l);
    loop_schedule(&l, t);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(t->status, TASK_FINISHED);
    loop_close(&l);
    task_unref(t);
}

static void test_example_yield_from_runs_subtask_sequentially(void **state)
{
    (void)state;
    run_example(EXAMPLE_YIELD_FROM, 2);
    assert_string_equal(said(),
        "Task 'example'\n"
        "Launching task 'subtask'\n"
        "Task 'subtask'\n"
        "(subtask)\n"
        "(subtask)\n"
        "Back in 'example'\n"
        "(example)\n"
        "(example)\n"
        "(example)\n"
        "<Task 'example' [FINISHED] (None)>\n");
}

static void test_example_ensure_future_runs_subtask_concurrently(void **state)
{
    (void)state;
    run_example(EXAMPLE_ENSURE_FUTURE, 2);
    assert_string_equal(said(),
        "Task 'example'\n"
        "Launching task 'subtask'\n"
        "Back in 'example'\n"
        "(example)\n"
        "Task 'subtask'\n"
        "(subtask)\n"
        "(example)\n"
        "(subtask)\n"
        "(example)\n"
        "<Task 'subtask' [FINISHED] (None)>\n"
        "<Task 'example' [FINISHED] (None)>\n");
}

/* run_until_complete stops when example ends; the subtask stays queued
 * and run_until_empty finishes it. */
static void test_example_longer_subtask_outlives_example(void **state)
{
    task *t = task_new(example(EXAMPLE_ENSURE_FUTURE, 5));
    loop l;

    (void)state;
    loop_init(&l);
    assert_int_equal(loop_run_until_complete(&l, t), 0);
    assert_false(queue_is_empty(&l.ready));
    say("## run_until_empty");
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_string_equal(said(),
        "Task 'example'\n"
        "Launching task 'subtask'\n"
        "Back in 'example'\n"
        "(example)\n"
        "Task 'subtask'\n"
        "(subtask)\n"
        "(example)\n"
        "(subtask)\n"
        "(example)\n"
        "(subtask)\n"
        "<Task 'example' [FINISHED] (None)>\n"
        "## run_until_empty\n"
        "(subtask)\n"
        "(subtask)\n"
        "<Task 'subtask' [FINISHED] (None)>\n");
    loop_close(&l);
    task_unref(t);
}

/* What the cancel demonstration says, traced or not. */
static const char cancel_said[] =
    "Task 'example'\n"
    "Launching task 'subtask'\n"
    "Back in 'example'\n"
    "(example)\n"
    "Task 'subtask'\n"
    "(subtask)\n"
    "(example)\n"
    "(subtask)\n"
    "(example)\n"
    "(subtask)\n"
    "<Task 'subtask' [CANCELLED]>\n"
    "<Task 'example' [FINISHED] (None)>\n";

static void test_example_cancel_drops_the_subtask(void **state)
{
    (void)state;
    run_example(EXAMPLE_CANCEL, 5);
    assert_string_equal(said(), cancel_said);
}

/* ---- coro_where -------------------------------------------------------- */

/* example(EXAMPLE_CANCEL) passes through all four of its resume points,
 * and the subtask it launches through both of its own. */
static void test_coro_where_names_each_resume_point_of_example(void **state)
{
    /* where example is after each turn (turns 3, 5, 7, 9 are subtask's) */
    static const char *const example_after[] = {
        "EXAMPLE_IN_CHILD", "EXAMPLE_ROUNDS_LEFT", "EXAMPLE_ROUNDS_LEFT",
        "EXAMPLE_ROUNDS_LEFT", "EXAMPLE_ROUNDS_LEFT", "EXAMPLE_ROUNDS_LEFT",
        "EXAMPLE_ROUNDS_LEFT", "EXAMPLE_CANCELLED", "EXAMPLE_CANCELLED",
    };
    task *ex = task_new(example(EXAMPLE_CANCEL, 5));
    task *sub = NULL;
    loop l;

    (void)state;
    assert_string_equal(coro_where(ex->frame), "EXAMPLE_START");
    loop_init(&l);
    loop_schedule(&l, ex);
    for (size_t turn = 0; turn < 9; turn++) {
        assert_int_equal(loop_run_once(&l), 1);
        assert_string_equal(coro_where(ex->frame), example_after[turn]);
        if (turn == 0) {                    /* example launched it */
            sub = task_ref(l.ready.tail);
            assert_string_equal(coro_where(sub->frame), "SUBTASK_START");
        }
    }
    assert_string_equal(coro_where(sub->frame), "SUBTASK_ROUNDS");
    assert_int_equal(sub->status, TASK_CANCELLED);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_int_equal(ex->status, TASK_FINISHED);
    loop_close(&l);
    task_unref(sub);
    task_unref(ex);
}

/* ensure_future is a frame like any other: START, then SCHEDULED once it
 * has asked its task's loop for the schedule. */
static void test_coro_where_names_the_resume_points_of_ensure_future(void **state)
{
    task *host = ticks_task("a", 1, NULL);  /* the task it runs on behalf of */
    ensure_future_frame launch;

    (void)state;
    ensure_future_init(&launch, ticks("x", 1, NULL));
    assert_string_equal(coro_where(&launch.base), "ENSURE_FUTURE_START");
    assert_int_equal(coro_step(&launch.base, host), CORO_YIELD);
    assert_string_equal(coro_where(&launch.base), "ENSURE_FUTURE_SCHEDULED");
    assert_int_equal(host->mailbox.request, REQUEST_SCHEDULE);
    assert_int_equal(host->mailbox.count, 1);
    assert_ptr_equal(host->mailbox.tasks[0], launch.task);
    assert_string_equal(task_name(launch.task), "x");
    ensure_future_release(&launch);         /* the only reference: freed */
    assert_int_equal(drops, 1);
    task_unref(host);
}

/* ---- --trace ----------------------------------------------------------- */

/* The cancel demonstration, turn by turn: the SCHEDULE request, and the
 * cancelled subtask dropped when the loop pops it. */
static void test_trace_tells_schedule_and_the_cancelled_drop(void **state)
{
    (void)state;
    capture_trace();
    run_example(EXAMPLE_CANCEL, 5);
    assert_string_equal(traced(),
        "turn 1  run example  EXAMPLE_START -> EXAMPLE_IN_CHILD  schedule subtask\n"
        "turn 2  run example  EXAMPLE_IN_CHILD -> EXAMPLE_ROUNDS_LEFT  yield\n"
        "turn 3  run subtask  SUBTASK_START -> SUBTASK_ROUNDS  yield\n"
        "turn 4  run example  EXAMPLE_ROUNDS_LEFT -> EXAMPLE_ROUNDS_LEFT  yield\n"
        "turn 5  run subtask  SUBTASK_ROUNDS -> SUBTASK_ROUNDS  yield\n"
        "turn 6  run example  EXAMPLE_ROUNDS_LEFT -> EXAMPLE_ROUNDS_LEFT  yield\n"
        "turn 7  run subtask  SUBTASK_ROUNDS -> SUBTASK_ROUNDS  yield\n"
        "turn 8  run example  EXAMPLE_ROUNDS_LEFT -> EXAMPLE_CANCELLED  yield\n"
        "turn 9  drop subtask  (cancelled)\n"
        "turn 10  run example  EXAMPLE_CANCELLED -> end  done None\n");
    assert_string_equal(said(), cancel_said);   /* the transcript is intact */
}

/* One SCHEDULE of two tasks names both, in order; a result is quoted. */
static void test_trace_names_every_task_a_schedule_asks_for(void **state)
{
    task *x = ticks_task("x", 0, "X"), *y = ticks_task("y", 0, NULL);
    task *caller = caller_task(x, y);
    loop l;

    (void)state;
    capture_trace();
    loop_init(&l);
    loop_schedule(&l, caller);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_string_equal(traced(),
        "turn 1  run caller  CALLER_START -> CALLER_SCHEDULED  schedule x y\n"
        "turn 2  run caller  CALLER_SCHEDULED -> end  done None\n"
        "turn 3  run x  TICKS_START -> end  done 'X'\n"
        "turn 4  run y  TICKS_START -> end  done None\n");
    loop_close(&l);
    task_unref(caller);
    task_unref(x);
    task_unref(y);
}

/* The loop sees only the outermost frame: a child's yields are traced at
 * the parent's resume points, and its error ends the parent. A task
 * cancelled before its first turn is dropped in that turn. */
static void test_trace_shows_the_outermost_frame_and_a_drop(void **state)
{
    task *parent = parent_task(0), *bad = parent_task(1);
    task *a = ticks_task("a", 1, NULL);
    loop l;

    (void)state;
    capture_trace();
    loop_init(&l);
    loop_schedule(&l, parent);
    loop_schedule(&l, a);
    loop_schedule(&l, bad);
    task_cancel(a);
    assert_int_equal(loop_run_until_empty(&l), 0);
    assert_string_equal(traced(),
        "turn 1  run parent  PARENT_START -> PARENT_IN_CHILD  yield\n"
        "turn 2  drop a  (cancelled)\n"
        "turn 3  run parent  PARENT_START -> end  error: boom\n"
        "turn 4  run parent  PARENT_IN_CHILD -> PARENT_IN_CHILD  yield\n"
        "turn 5  run parent  PARENT_IN_CHILD -> PARENT_IN_CHILD  yield\n"
        "turn 6  run parent  PARENT_IN_CHILD -> end  done None\n");
    loop_close(&l);
    task_unref(parent);
    task_unref(bad);
    task_unref(a);
}

/* A name longer than the trace's buffer cuts the list of names short
 * (" ..."), and writes nothing past the buffer (this overflowed the stack
 * once: SANITIZE=1 would catch a regression). An unknown request is traced
 * as one, not as a plain yield. */
#define LONG_NAME                                                           \
    "a_coroutine_whose_name_goes_on_and_on_and_on_and_on_and_on_and_on_and" \
    "_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on_an" \
    "d_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on_a" \
    "nd_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on_and_end"

static const coro_type long_caller_type = {
    .name = LONG_NAME,
    .step = caller_step,
    .size = sizeof(caller_frame),
    .points = { CORO_POINT(CALLER_START), CORO_POINT(CALLER_SCHEDULED) },
};

static void test_trace_cuts_long_names_short(void **state)
{
    caller_frame *f = (caller_frame *)coro_new(&long_caller_type);
    task *caller = task_new(&f->base);
    task *bad = task_new(coro_new(&bad_request_type));
    loop l;

    (void)state;
    assert_true(strlen(LONG_NAME) > 256);
    f->tasks[0] = caller;           /* its own name, twice: too long */
    f->tasks[1] = caller;
    capture_trace();
    loop_init(&l);
    loop_schedule(&l, caller);
    assert_int_equal(loop_run_once(&l), 1);
    assert_string_equal(traced(), "turn 1  run " LONG_NAME
                        "  CALLER_START -> CALLER_SCHEDULED  schedule ...\n");
    loop_run_until_empty(&l);
    loop_close(&l);
    loop_init(&l);
    loop_schedule(&l, bad);
    capture_stderr();
    assert_int_equal(loop_run_until_empty(&l), -1);
    release_stderr();
    assert_non_null(strstr(traced(), "unknown request (42)"));
    loop_close(&l);
    task_unref(caller);
    task_unref(bad);
}

/* The reference count is 16 bits: one reference too many must stop the
 * program with a message, in every build (an assert would vanish at -O2).
 * The overflow ends the process, so it happens in a forked child. */
static void test_too_many_references_die_loudly(void **state)
{
    task *t = ticks_task("a", 1, NULL);
    int pipefd[2], status;
    char err[8192] = "";
    size_t got = 0;
    ssize_t n;
    pid_t child;

    (void)state;
    assert_int_equal(pipe(pipefd), 0);
    fflush(NULL);
    child = fork();
    assert_true(child >= 0);
    if (child == 0) {           /* stdout: cmocka's own lines, not ours */
        freopen("/dev/null", "w", stdout);
        dup2(pipefd[1], STDERR_FILENO);
        for (long i = 0; i < USHRT_MAX; i++)
            task_ref(t);        /* refs: 1, then up to USHRT_MAX, then die */
        _exit(0);
    }
    close(pipefd[1]);           /* read to the end: valgrind may talk too */
    while ((n = read(pipefd[0], err + got, sizeof err - 1 - got)) > 0)
        got += (size_t)n;
    close(pipefd[0]);
    assert_int_equal(waitpid(child, &status, 0), child);
    /* 1 from die(); under valgrind, its error code for the child's leak */
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) != 0);
    assert_non_null(strstr(err, "ex02_subtasks: task 'a' has 65535 references"));
    task_unref(t);
}

/* Tracing is off unless asked for: nothing on stderr, the same transcript. */
static void test_nothing_is_traced_without_trace_to(void **state)
{
    (void)state;
    assert_false(tracing());
    capture_stderr();
    run_example(EXAMPLE_CANCEL, 5);
    assert_string_equal(release_stderr(), "");
    assert_string_equal(said(), cancel_said);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_task_goes_new_running_finished),
        TEST(test_failing_task_ends_error_with_its_message),
        TEST(test_status_names_include_cancelled),
        TEST(test_cancel_new_task_makes_it_cancelled_and_done),
        TEST(test_cancel_running_task_makes_it_cancelled),
        TEST(test_cancel_finished_task_changes_nothing),
        TEST(test_cancel_errored_task_changes_nothing),
        TEST(test_queue_is_fifo),
        TEST(test_loop_requeues_unfinished_task_at_the_end),
        TEST(test_cancelled_task_is_dropped_when_popped_and_never_stepped),
        TEST(test_task_cancelled_before_its_first_turn_is_never_stepped),
        TEST(test_schedule_requeues_caller_then_tasks_in_order),
        TEST(test_schedule_answer_clears_the_request_names_the_tasks),
        TEST(test_ensure_future_launches_a_task_that_runs_concurrently),
        TEST(test_yield_from_passes_child_yields_through_as_turns),
        TEST(test_yield_from_passes_child_error_up),
        TEST(test_unknown_request_fails_the_task_and_stops_the_loop),
        TEST(test_run_once_returns_minus_one_on_unknown_request),
        TEST(test_task_ref_and_unref_free_on_the_last_reference),
        TEST(test_loop_keeps_a_queued_task_alive_after_its_creator_lets_go),
        TEST(test_loop_close_drops_queued_tasks_and_warns_for_unfinished),
        TEST(test_freeing_an_unfinished_task_runs_its_frame_drop),
        TEST(test_cancelled_example_lets_go_of_its_subtask),
        TEST(test_example_yield_from_runs_subtask_sequentially),
        TEST(test_example_ensure_future_runs_subtask_concurrently),
        TEST(test_example_longer_subtask_outlives_example),
        TEST(test_example_cancel_drops_the_subtask),
        TEST(test_coro_free_runs_the_drop_of_a_frame_never_wrapped),
        TEST(test_ensure_future_release_frees_an_unlaunched_frame),
        TEST(test_coro_where_names_each_resume_point_of_example),
        TEST(test_coro_where_names_the_resume_points_of_ensure_future),
        TEST(test_trace_tells_schedule_and_the_cancelled_drop),
        TEST(test_trace_names_every_task_a_schedule_asks_for),
        TEST(test_trace_shows_the_outermost_frame_and_a_drop),
        TEST(test_trace_cuts_long_names_short),
        TEST(test_too_many_references_die_loudly),
        TEST(test_nothing_is_traced_without_trace_to),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
