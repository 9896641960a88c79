/* test_task.c - tests for ex04's tasks and frames in memory (task.h,
 * coro.h): a frame is allocated with its task in front of it, in one
 * block; the block is small; the frame starts zeroed, at its first resume
 * point; the frame's drop runs however the block is freed.
 *
 * Sizes, not timings: a timing says little on a shared machine, and the
 * sizes are what the design promises.
 */
#include <stdarg.h>             /* cmocka.h needs these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "queue.h"
#include "task.h"

/* The smallest useful coroutine: the base, the resume point, one int. */
typedef struct {
    coro base;
    enum { SMALL_START, SMALL_DONE } resume;
    int count;
} small_frame;

static int drops;               /* how many times small_drop ran */

static coro_status small_step(coro *base, task *t)
{
    small_frame *self = (small_frame *)base;

    switch (self->resume) {
    case SMALL_START:
        self->count++;
        self->resume = SMALL_DONE;
        return CORO_YIELD;
    case SMALL_DONE:
        break;
    }
    return task_return(t, "done");
}

static void small_drop(coro *base)
{
    (void)base;
    drops++;
}

static const coro_type small_type = {
    .name = "small",
    .step = small_step,
    .size = sizeof(small_frame),
    .points = { CORO_POINT(SMALL_START), CORO_POINT(SMALL_DONE) },
    .drop = small_drop,
};

/* A task and a small frame fit in 80 bytes. glibc's malloc hands out
 * chunks of the request plus 8 bytes, rounded up to 16: 80 bytes asked
 * is one 96-byte chunk, a cache line and a half. */
static void test_task_and_small_frame_fit_in_80_bytes(void **state)
{
    (void)state;
    if (sizeof(void *) != 8)
        skip();                 /* the budget is for 64-bit machines */
    assert_true(sizeof(mailbox) <= 24);         /* task.h says 24 */
    assert_true(sizeof(task) + sizeof(small_frame) <= 80);
}

/* The frame is the task's last field, right after the others: task_new()
 * finds the task in front of the frame, and no allocation is made. */
static void test_frame_lives_in_its_task(void **state)
{
    coro *frame;
    task *t;

    (void)state;
    frame = coro_new(&small_type);
    assert_ptr_equal(frame->type, &small_type);
    t = task_new(frame);
    assert_ptr_equal(t->frame, frame);
    assert_int_equal((char *)frame - (char *)t, offsetof(task, frame));
    assert_true(offsetof(task, frame) <= sizeof(task));
    assert_int_equal((uintptr_t)frame % _Alignof(small_frame), 0);
    assert_string_equal(task_name(t), "small");
    assert_int_equal(t->status, TASK_NEW);
    assert_int_equal(t->refs, 1);
    task_unref(t);
}

/* coro_new() zeroes the frame: it resumes at its first point, and every
 * field of its own starts at 0; the task's fields too. */
static void test_new_frame_is_zeroed(void **state)
{
    small_frame *f;
    task *t;

    (void)state;
    f = (small_frame *)coro_new(&small_type);
    assert_int_equal(f->resume, SMALL_START);
    assert_string_equal(coro_where(&f->base), "SMALL_START");
    assert_int_equal(f->count, 0);
    t = task_new(&f->base);
    assert_null(t->next);
    assert_int_equal(t->mailbox.request, REQUEST_NONE);
    assert_false(t->scheduled);
    assert_true(queue_is_empty(&t->waiters));
    assert_int_equal(task_step(t), CORO_YIELD);
    assert_string_equal(coro_where(&f->base), "SMALL_DONE");
    assert_int_equal(task_step(t), CORO_DONE);
    assert_int_equal(t->status, TASK_FINISHED);
    assert_string_equal(t->result, "done");
    task_unref(t);
}

/* The drop runs once, whether the frame never became a task (coro_free)
 * or its task's last reference went (task_unref). */
static void test_drop_runs_once_when_freed(void **state)
{
    task *t;

    (void)state;
    drops = 0;
    coro_free(coro_new(&small_type));
    assert_int_equal(drops, 1);
    t = task_new(coro_new(&small_type));
    task_ref(t);
    task_unref(t);
    assert_int_equal(drops, 1);                 /* one reference left */
    task_unref(t);
    assert_int_equal(drops, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_task_and_small_frame_fit_in_80_bytes),
        cmocka_unit_test(test_frame_lives_in_its_task),
        cmocka_unit_test(test_new_frame_is_zeroed),
        cmocka_unit_test(test_drop_runs_once_when_freed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
