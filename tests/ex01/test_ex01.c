/* test_ex01.c - unit tests for ex01_event_loop: tasks, the FIFO, the loop.
 *
 * The coroutines below are written for the tests, by the rules of coro.h
 * (a frame struct, named resume points, one switch), so each test controls
 * how many times a task yields and what it returns. What the code under
 * test prints through say() is captured in memory (capture.h) and
 * compared with what it should be, line for line; so is what the loop
 * tells with --trace (trace_to), and coro_where()'s names for resume points.
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
    .points = { CORO_POINT(TICKS_START), CORO_POINT(TICKS_AFTER_SAY) } }

static const coro_type ticks_types[] = {
    TICKS_TYPE("a"), TICKS_TYPE("b"), TICKS_TYPE("c"),
    TICKS_TYPE("alpha"), TICKS_TYPE("quiet"), TICKS_TYPE("tic_tac"),
    TICKS_TYPE("example"), TICKS_TYPE("long"), TICKS_TYPE("short"),
    TICKS_TYPE("other"), TICKS_TYPE("mine"), TICKS_TYPE("none"),
    TICKS_TYPE("done"),
};

static const coro_type *ticks_type(const char *name)
{
    for (size_t i = 0; i < sizeof ticks_types / sizeof ticks_types[0]; i++)
        if (strcmp(ticks_types[i].name, name) == 0)
            return &ticks_types[i];
    fail_msg("no ticks type is named '%s': add it to ticks_types", name);
    return NULL;
}

static task *ticks_task(const char *name, int count, const char *result)
{
    ticks_frame *f = (ticks_frame *)coro_new(ticks_type(name));

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

static const coro_type failing_type = {
    .name = "failing",
    .step = failing_step,
    .size = sizeof(failing_frame),
    .points = { CORO_POINT(FAILING_START), CORO_POINT(FAILING_AFTER_YIELD) },
};

static task *failing_task(void)
{
    return task_new(coro_new(&failing_type));
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
    assert_string_equal(task_name(t), "alpha");
    assert_null(t->result);
    assert_false(task_is_done(t));
    assert_string_equal(said(), "");        /* nothing runs until stepped */
    task_free(t);
}

static void task_goes_new_running_finished(void **state)
{
    task *t = ticks_task("alpha", 2, "A");

    (void)state;
    assert_int_equal(task_step(t), CORO_YIELD); /* it says what happened */
    assert_int_equal(t->status, TASK_RUNNING);
    assert_string_equal(said(), "alpha 1\n");   /* one step: up to one yield */
    assert_int_equal(task_step(t), CORO_YIELD);
    assert_int_equal(t->status, TASK_RUNNING);
    assert_null(t->result);
    assert_false(task_is_done(t));
    assert_int_equal(task_step(t), CORO_DONE);
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
    assert_int_equal(task_step(t), CORO_DONE);
    assert_int_equal(t->status, TASK_FINISHED);
    assert_null(t->result);
    task_free(t);
}

static void task_fail_ends_in_error(void **state)
{
    task *t = failing_task();

    (void)state;
    assert_int_equal(task_step(t), CORO_YIELD);
    assert_int_equal(t->status, TASK_RUNNING);
    assert_int_equal(task_step(t), CORO_ERROR);
    assert_int_equal(t->status, TASK_ERROR);
    assert_true(task_is_done(t));
    assert_string_equal(t->error, "boom");
    /* result and error share storage: an error is not shown as a result */
    assert_string_equal(repr(t), "<Task 'failing' [ERROR] (error: boom)>");
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

/* ---- task names and coro_where ---------------------------------------- */

/* The name is the coroutine's, kept once in its coro_type: every task of
 * one coroutine shows the same string. */
static void task_name_is_its_coroutine_types_name(void **state)
{
    task *a = task_new(tic_tac());
    task *b = task_new(tic_tac());
    task *c = task_new(spam());

    (void)state;
    assert_string_equal(task_name(a), "tic_tac");
    assert_string_equal(task_name(c), "spam");
    assert_ptr_equal(task_name(a), task_name(b));
    assert_ptr_equal(task_name(a), a->frame->type->name);
    task_free(a);
    task_free(b);
    task_free(c);
}

/* Step t to its end, checking before each step that coro_where() names the
 * resume point it is at: points[0] when new, then one per yield. */
static void check_points(task *t, const char *const *points, size_t npoints)
{
    for (size_t i = 0; i < npoints; i++) {
        assert_false(task_is_done(t));
        assert_string_equal(coro_where(t->frame), points[i]);
        task_step(t);
    }
    assert_true(task_is_done(t));           /* no resume point left out */
}

static void coro_where_names_each_resume_point(void **state)
{
    static const char *const tic_tac_points[] = {
        "TIC_TAC_START", "TIC_TAC_AFTER_TIC", "TIC_TAC_AFTER_TAC",
    };
    static const char *const spam_points[] = {
        "SPAM_START", "SPAM_AFTER_SPAM", "SPAM_AFTER_EGGS", "SPAM_AFTER_BACON",
    };
    static const char *const ticks_points[] = {
        "TICKS_START", "TICKS_AFTER_SAY", "TICKS_AFTER_SAY",
    };
    static const char *const failing_points[] = {
        "FAILING_START", "FAILING_AFTER_YIELD",
    };
    task *t[] = { task_new(tic_tac()), task_new(spam()),
                  ticks_task("a", 2, NULL), failing_task() };

    (void)state;
    check_points(t[0], tic_tac_points, 3);
    check_points(t[1], spam_points, 4);
    check_points(t[2], ticks_points, 3);
    check_points(t[3], failing_points, 2);
    for (int i = 0; i < 4; i++)
        task_free(t[i]);
}

/* A coroutine whose type names no resume point (a test's shortcut). */
static const coro_type unnamed_type = {
    .name = "unnamed",
    .step = failing_step,
    .size = sizeof(failing_frame),
};

/* A point the type does not name, or past CORO_MAX_POINTS, reads "?"
 * (never a NULL, never a read past the array). */
static void coro_where_is_a_question_mark_for_an_unnamed_point(void **state)
{
    task *unnamed = task_new(coro_new(&unnamed_type));
    task *far = failing_task();

    (void)state;
    assert_string_equal(coro_where(unnamed->frame), "?");
    ((failing_frame *)far->frame)->resume = CORO_MAX_POINTS;
    assert_string_equal(coro_where(far->frame), "?");
    ((failing_frame *)far->frame)->resume = FAILING_AFTER_YIELD;
    assert_string_equal(coro_where(far->frame), "FAILING_AFTER_YIELD");
    task_free(unnamed);
    task_free(far);
}

/* ---- --trace ----------------------------------------------------------- */

/* The tutorial's loop example, as main.c's the_loop() runs it (without its
 * title); returns the turns it took. */
static unsigned long run_the_loop(void)
{
    task *a = task_new(tic_tac());
    task *b = task_new(spam());
    unsigned long turns;
    loop l;

    loop_init(&l);
    assert_int_equal(l.turn, 0);
    loop_schedule(&l, a);
    loop_schedule(&l, b);
    loop_run_until_empty(&l);
    turns = l.turn;
    task_free(a);
    task_free(b);
    return turns;
}

/* What it says: the tutorial's transcript, traced or not. */
static const char the_loop_said[] =
    "Tic\n"
    "Spam\n"
    "Tac\n"
    "Eggs\n"
    "<Task 'tic_tac' [FINISHED] ('Boum!')>\n"
    "Bacon\n"
    "<Task 'spam' [FINISHED] ('SPAM!')>\n";

/* What --trace tells: one line per turn, in order. */
static const char the_loop_traced[] =
    "turn 1  run tic_tac  TIC_TAC_START -> TIC_TAC_AFTER_TIC  yield\n"
    "turn 2  run spam  SPAM_START -> SPAM_AFTER_SPAM  yield\n"
    "turn 3  run tic_tac  TIC_TAC_AFTER_TIC -> TIC_TAC_AFTER_TAC  yield\n"
    "turn 4  run spam  SPAM_AFTER_SPAM -> SPAM_AFTER_EGGS  yield\n"
    "turn 5  run tic_tac  TIC_TAC_AFTER_TAC -> end  done 'Boum!'\n"
    "turn 6  run spam  SPAM_AFTER_EGGS -> SPAM_AFTER_BACON  yield\n"
    "turn 7  run spam  SPAM_AFTER_BACON -> end  done 'SPAM!'\n";

static void trace_tells_every_turn_of_the_loop_in_order(void **state)
{
    (void)state;
    capture_trace();
    assert_true(tracing());
    assert_int_equal(run_the_loop(), 7);
    assert_string_equal(traced(), the_loop_traced);
    assert_string_equal(said(), the_loop_said); /* the transcript is intact */
    release_trace();
    assert_false(tracing());
}

/* Tracing is off unless asked for: nothing goes to stderr (or anywhere),
 * and the transcript is the tutorial's. */
static void nothing_is_traced_without_trace_to(void **state)
{
    const char *err;

    (void)state;
    assert_false(tracing());
    assert_null(trace_stream);
    capture_stderr();
    assert_int_equal(run_the_loop(), 7);
    trace("turn %d  not to be seen", 0);    /* a trace() call does nothing */
    err = release_stderr();
    assert_string_equal(err, "");
    assert_string_equal(said(), the_loop_said);
}

/* trace_to(NULL) turns tracing off again, mid-run. */
static void trace_to_null_stops_tracing(void **state)
{
    task *a = task_new(tic_tac());
    size_t length;
    loop l;

    (void)state;
    capture_trace();
    loop_init(&l);
    loop_schedule(&l, a);
    assert_true(loop_run_once(&l));
    length = strlen(traced());
    assert_string_equal(traced(),
        "turn 1  run tic_tac  TIC_TAC_START -> TIC_TAC_AFTER_TIC  yield\n");
    trace_to(NULL);
    assert_false(tracing());
    loop_run_until_empty(&l);
    assert_int_equal(strlen(traced()), length);     /* nothing more */
    assert_int_equal(l.turn, 3);                    /* the turns still count */
    assert_string_equal(said(),
        "Tic\nTac\n<Task 'tic_tac' [FINISHED] ('Boum!')>\n");
    release_trace();
    task_free(a);
}

/* The other two ways a task ends: None, and an error. */
static void trace_tells_done_none_and_error(void **state)
{
    task *none = ticks_task("none", 0, NULL);
    task *bad = failing_task();
    loop l;

    (void)state;
    capture_trace();
    loop_init(&l);
    loop_schedule(&l, none);
    loop_schedule(&l, bad);
    loop_run_until_empty(&l);
    assert_string_equal(traced(),
        "turn 1  run none  TICKS_START -> end  done None\n"
        "turn 2  run failing  FAILING_START -> FAILING_AFTER_YIELD  yield\n"
        "turn 3  run failing  FAILING_AFTER_YIELD -> end  error: boom\n");
    release_trace();
    task_free(none);
    task_free(bad);
}

/* An empty queue is not a turn; run_until_complete counts on. */
static void loop_counts_turns_that_ran_a_task(void **state)
{
    task *t = task_new(tic_tac());
    loop l;

    (void)state;
    loop_init(&l);
    assert_false(loop_run_once(&l));
    assert_int_equal(l.turn, 0);
    capture_trace();
    loop_run_until_complete(&l, t);
    assert_int_equal(l.turn, 3);
    assert_false(loop_run_once(&l));
    assert_int_equal(l.turn, 3);
    assert_string_equal(traced(),
        "turn 1  run tic_tac  TIC_TAC_START -> TIC_TAC_AFTER_TIC  yield\n"
        "turn 2  run tic_tac  TIC_TAC_AFTER_TIC -> TIC_TAC_AFTER_TAC  yield\n"
        "turn 3  run tic_tac  TIC_TAC_AFTER_TAC -> end  done 'Boum!'\n");
    release_trace();
    task_free(t);
}

/* With `prog --trace >log 2>&1`, stdout is buffered and stderr is not: each
 * trace line must still come right after what its turn said, because
 * trace() flushes say()'s stream first. Both streams here append to one
 * file: say()'s fully buffered, trace()'s unbuffered, like stderr. */
static void trace_comes_right_after_what_its_turn_said(void **state)
{
    char path[] = "/tmp/test_ex01_trace_XXXXXX";
    char text[2048];
    FILE *out, *err, *in;
    size_t n;
    int fd;

    (void)state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    out = fopen(path, "a");
    err = fopen(path, "a");
    in = fopen(path, "r");
    unlink(path);                           /* gone when the three close */
    assert_non_null(out);
    assert_non_null(err);
    assert_non_null(in);
    setvbuf(out, NULL, _IOFBF, BUFSIZ);
    setvbuf(err, NULL, _IONBF, 0);
    say_to(out);
    trace_to(err);
    run_the_loop();
    trace_to(NULL);
    say_to(capture_out);
    fclose(out);
    fclose(err);
    n = fread(text, 1, sizeof text - 1, in);
    text[n] = '\0';
    fclose(in);
    assert_string_equal(text,
        "Tic\n"
        "turn 1  run tic_tac  TIC_TAC_START -> TIC_TAC_AFTER_TIC  yield\n"
        "Spam\n"
        "turn 2  run spam  SPAM_START -> SPAM_AFTER_SPAM  yield\n"
        "Tac\n"
        "turn 3  run tic_tac  TIC_TAC_AFTER_TIC -> TIC_TAC_AFTER_TAC  yield\n"
        "Eggs\n"
        "turn 4  run spam  SPAM_AFTER_SPAM -> SPAM_AFTER_EGGS  yield\n"
        "turn 5  run tic_tac  TIC_TAC_AFTER_TAC -> end  done 'Boum!'\n"
        "<Task 'tic_tac' [FINISHED] ('Boum!')>\n"
        "Bacon\n"
        "turn 6  run spam  SPAM_AFTER_EGGS -> SPAM_AFTER_BACON  yield\n"
        "turn 7  run spam  SPAM_AFTER_BACON -> end  done 'SPAM!'\n"
        "<Task 'spam' [FINISHED] ('SPAM!')>\n");
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
        TEST(task_name_is_its_coroutine_types_name),
        TEST(coro_where_names_each_resume_point),
        TEST(coro_where_is_a_question_mark_for_an_unnamed_point),
        TEST(trace_tells_every_turn_of_the_loop_in_order),
        TEST(nothing_is_traced_without_trace_to),
        TEST(trace_to_null_stops_tracing),
        TEST(trace_tells_done_none_and_error),
        TEST(loop_counts_turns_that_ran_a_task),
        TEST(trace_comes_right_after_what_its_turn_said),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
