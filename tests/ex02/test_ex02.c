/* test_ex02.c - unit tests for ex02_subtasks: statuses and cancel, the
 * mailbox (SCHEDULE and an unknown request), ensure_future, yield from,
 * reference counting, and the example() demonstrations.
 *
 * The coroutines below are written for the tests, by the rules of coro.h
 * (a frame struct, named resume points, one switch), so each test controls
 * what a task does. What the code under test prints through say() is
 * captured in memory (capture.h) and compared with what it should be,
 * line for line; what the loop writes on stderr is captured in a temporary
 * file where a test needs it.
 *
 * Frees are counted (see `drops`), so a leak fails a test even without
 * valgrind; valgrind and the sanitizers catch the rest.
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

/* ticks: says "<name> 1", yields, "<name> 2", yields, ... `count` times,
 * then returns `result` (NULL for None). Counts its steps; its drop counts
 * the frees. */
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

    (void)t;
    self->steps++;
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

static void count_drop(coro *self)
{
    (void)self;
    drops++;
}

static void ticks_init(ticks_frame *self, const char *name, int count)
{
    *self = (ticks_frame){ .count = count };
    coro_init(&self->base, name, ticks_step);
}

static coro *ticks(const char *name, int count, const char *result)
{
    ticks_frame *f = (ticks_frame *)coro_new(sizeof *f, name, ticks_step);

    f->count = count;
    f->result = result;
    f->base.drop = count_drop;
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
        say("%s fails", self->base.name);
        break;
    }
    return task_fail(t, "boom");
}

static task *failing_task(const char *name)
{
    return task_new(coro_new(sizeof(failing_frame), name, failing_step));
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

/* caller: schedules its two tasks with one SCHEDULE, then records what the
 * mailbox holds when it resumes. */
typedef struct {
    coro base;
    enum { CALLER_START, CALLER_SCHEDULED } resume;
    task *tasks[2];             /* borrowed: the test keeps them alive */
    size_t nreply;              /* the mailbox, as seen on resuming */
    task *reply[2];
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
        self->nreply = t->mailbox.nreply;
        for (size_t i = 0; i < self->nreply && i < 2; i++)
            self->reply[i] = t->mailbox.reply[i];
        self->request = t->mailbox.request;
        say("caller resumes");
        break;
    }
    return CORO_DONE;
}

static task *caller_task(task *first, task *second)
{
    caller_frame *f = (caller_frame *)coro_new(sizeof *f, "caller", caller_step);

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

static task *launcher_task(coro *child)
{
    launcher_frame *f = (launcher_frame *)coro_new(sizeof *f, "launcher",
                                                   launcher_step);

    ensure_future_init(&f->launch, child);
    f->base.drop = launcher_drop;
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
            self->failing = (failing_frame){ .resume = FAILING_START };
            coro_init(&self->failing.base, "child", failing_step);
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

static task *parent_task(int child_fails)
{
    parent_frame *f = (parent_frame *)coro_new(sizeof *f, "parent", parent_step);

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
    task *t = failing_task("f");

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
    assert_string_equal(t->result, "R");
    assert_null(t->error);
    assert_string_equal(repr(t), "<Task 'a' [FINISHED] ('R')>");
    task_unref(t);
}

static void test_cancel_errored_task_changes_nothing(void **state)
{
    task *t = failing_task("f");

    (void)state;
    task_step(t);
    assert_false(task_cancel(t));
    assert_int_equal(t->status, TASK_ERROR);
    assert_string_equal(t->error, "boom");
    assert_null(t->result);
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

static void test_schedule_replies_with_the_tasks_and_clears_the_request(void **state)
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
    assert_int_equal(f->nreply, 2);
    assert_ptr_equal(f->reply[0], x);
    assert_ptr_equal(f->reply[1], y);
    assert_int_equal(f->request, REQUEST_NONE);
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
    assert_string_equal(child->name, "child");
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
    task *bad = task_new(coro_new(sizeof(bad_request_frame), "bad",
                                  bad_request_step));
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
    task *bad = task_new(coro_new(sizeof(bad_request_frame), "bad",
                                  bad_request_step));
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
    assert_string_equal(sub->name, "subtask");
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

static void test_example_cancel_drops_the_subtask(void **state)
{
    (void)state;
    run_example(EXAMPLE_CANCEL, 5);
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
        "<Task 'subtask' [CANCELLED]>\n"
        "<Task 'example' [FINISHED] (None)>\n");
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
        TEST(test_schedule_replies_with_the_tasks_and_clears_the_request),
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
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
