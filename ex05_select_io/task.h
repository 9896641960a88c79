/* task.h - ex05_select_io: a task, what the loop schedules.
 *
 * Keep two ideas apart:
 *  - a coroutine frame (coro.h) is a generator's state and its step function;
 *  - a task wraps the outermost frame of one coroutine and records how it is
 *    doing: its status, then its result or its error.
 * Python's Task class, in the tutorial, is the same wrapper.
 *
 * A coroutine talks to the loop through its task's mailbox: it leaves a
 * request there and yields; the loop answers before it resumes the task,
 * the way an operating system answers a system call.
 *
 * New in this step: a task can be parked. SLEEP parks it in the loop's
 * timers until a deadline; PARK puts it on a wait queue (a lock's waiters,
 * or another task's), where it stays, costing nothing, until whoever owns
 * that queue wakes it. Waiting is parking, not polling.
 *
 * Ownership: tasks are reference counted, because a task made by another
 * task can outlive it (ensure_future). task_new() returns one reference;
 * the loop holds one while it has the task; a frame that keeps a task
 * pointer across a yield holds one. The last task_unref() frees it.
 *
 * Memory: a frame is born with room in front of it for the task that will
 * run it (coro_new), so task_new() wraps it where it stands: one allocation
 * per task, not two, and the task's fields sit next to the frame's in the
 * cache.
 *
 * Errors: misuse (stepping a task that is done) is a bug and asserts.
 */
#ifndef TASK_H
#define TASK_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>

#include "coro.h"

/* A FIFO of tasks, linked through the tasks themselves (task.next); its
 * operations are in queue.h. */
typedef struct {
    task *head;                 /* popped first */
    task *tail;                 /* pushed last */
} queue;

typedef enum {
    TASK_NEW,                   /* created, never stepped */
    TASK_RUNNING,               /* stepped at least once, not done */
    TASK_FINISHED,              /* its coroutine returned: see result */
    TASK_ERROR,                 /* its coroutine failed: see error */
    TASK_CANCELLED              /* task_cancel(): it will not run again */
} task_status;

/* DOC: mailbox */
typedef enum {
    REQUEST_NONE,               /* a plain yield, or a request answered */
    REQUEST_SCHEDULE,           /* schedule tasks[0..count-1] */
    REQUEST_SLEEP,              /* park in the timers for `seconds` */
    REQUEST_PARK                /* park on wait queue `queue` */
} request_kind;

/* The coroutine writes a request just before it yields; the loop answers
 * by setting `request` back to REQUEST_NONE, and for SCHEDULE, `tasks` and
 * `count` then name the tasks it scheduled. One request at a time, so its
 * arguments share a union: 24 bytes. */
typedef struct {
    request_kind request;
    unsigned short count;       /* SCHEDULE: how many tasks */
    union {
        task **tasks;           /* SCHEDULE: the tasks (borrowed) */
        double seconds;         /* SLEEP: how long */
        queue *queue;           /* PARK: where to wait */
    };
    const char *waiting_for;    /* PARK: what for, in words (for --trace) */
} mailbox;
/* DOC: end */

/* DOC: task */
struct task {
    /* Written by whichever queue holds the task (queue.h). */
    task *next;

    /* Written by the coroutine (a request) and by the loop (its answer). */
    mailbox mailbox;

    /* Written by task_step(), task_return(), task_fail(), task_cancel(). */
    union {
        const char *result;     /* FINISHED: the value, NULL for None */
        const char *error;      /* ERROR: why; lives as long as the task */
    };
    task_status status;

    /* Written by task_ref() and task_unref(): freed when it drops to 0. */
    unsigned short refs;

    /* Written by the loop: it has the task (loop_schedule). */
    bool scheduled;

    /* Tasks parked until this one is done: the loop wakes them when it
     * retires this task. */
    queue waiters;

    /* The outermost frame, in the same allocation (coro_new). */
    coro frame[];
};
/* DOC: end */

/* A new frame of coroutine `type`, zeroed (so `resume` is its first point),
 * with room for its task in front. Hand it to task_new(), or coro_free(). */
coro *coro_new(const coro_type *type);

/* Let go of what a frame from coro_new() holds (its type's drop), and free
 * it: for a frame that never became a task. */
void coro_free(coro *frame);

/* DOC: task_new */
/* Wrap `frame` (from coro_new) in its task, status NEW. No allocation: the
 * task was allocated with the frame. The caller gets the first reference. */
task *task_new(coro *frame);

/* Take one more reference to t; returns t. */
task *task_ref(task *t);

/* Give one back; the last frees the task and its frame. */
void task_unref(task *t);

/* FINISHED, ERROR or CANCELLED: the task will never run again. (The done
 * states come last in task_status.) */
static inline bool task_is_done(const task *t)
{
    return t->status >= TASK_FINISHED;
}

/* DOC: task_step */
/* Run the task's coroutine up to its next yield, update the status, and
 * return what the coroutine said: YIELD (not done), DONE or ERROR. */
static inline coro_status task_step(task *t)
{
    coro_status status;

    assert(!task_is_done(t));
    t->status = TASK_RUNNING;
    status = coro_step(t->frame, t);
    if (status == CORO_DONE)
        t->status = TASK_FINISHED;  /* task_return() left the value */
    return status;                  /* CORO_ERROR: task_fail() said why */
}
/* DOC: end */

/* Mark a task that is not done CANCELLED; the loop drops it when it next
 * pops it. Returns false, and changes nothing, if it was already done. */
bool task_cancel(task *t);

/* Leave a SCHEDULE request for `tasks` in t's mailbox. Returns CORO_YIELD,
 * so a step function can `return request_schedule(...)` after setting its
 * resume point. The array must live in the frame (it is read after the
 * step function returns). */
coro_status request_schedule(task *t, task **tasks, size_t count);

/* Leave a SLEEP request: the loop parks t in its timers for `seconds`. */
coro_status request_sleep(task *t, double seconds);

/* Leave a PARK request: the loop parks t on wait queue q, which belongs to
 * `what` (a name, for --trace). Whoever owns q wakes it with loop_wake(). */
coro_status request_park(task *t, queue *q, const char *what);

/* End the task FINISHED with `value` (NULL for None), which must live as
 * long as the task. Returns CORO_DONE, so the outermost coroutine of a task
 * can `return task_return(t, "Boum!")`. */
coro_status task_return(task *t, const char *value);

/* End the task in ERROR with `why`, which must live as long as the task: a
 * string literal, or a buffer in its frame. Returns CORO_ERROR, so a step
 * function can `return task_fail()`. */
coro_status task_fail(task *t, const char *why);

/* The task's name: its outermost coroutine's. */
static inline const char *task_name(const task *t)
{
    return t->frame->type->name;
}

/* "NEW", "RUNNING", "FINISHED", "ERROR", "CANCELLED" */
const char *task_status_name(task_status status);

/* The tutorial's repr: <Task 'tic_tac' [FINISHED] ('Boum!')>. Writes at most
 * `size` bytes into buf, like snprintf, and returns what snprintf returns. */
int task_format(const task *t, char *buf, size_t size);

/* say() the repr. */
void task_print(const task *t);

#endif
