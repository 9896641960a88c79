/* task.h - ex04_fastfood: a task, what the loop schedules.
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
 * the loop holds one while the task is in its queue; a frame that keeps a
 * task pointer across a yield holds one. The last task_unref() frees it.
 *
 * Errors: misuse (stepping a task that is done) is a bug and asserts.
 */
#ifndef TASK_H
#define TASK_H

#include <stdbool.h>
#include <stddef.h>

#include "coro.h"
#include "queue.h"

typedef enum {
    TASK_NEW,                   /* created, never stepped */
    TASK_RUNNING,               /* stepped at least once, not done */
    TASK_FINISHED,              /* its coroutine returned: see result */
    TASK_ERROR,                 /* its coroutine failed: see error */
    TASK_CANCELLED              /* task_cancel(): it will not run again */
} task_status;

/* DOC: mailbox */
typedef enum {
    REQUEST_NONE,               /* a plain yield: just let the others run */
    REQUEST_SCHEDULE,           /* schedule tasks[0..ntasks-1] */
    REQUEST_SLEEP,              /* park in the timers for `seconds` */
    REQUEST_PARK                /* park on wait queue `queue` */
} request_kind;

typedef struct {
    /* Written by the coroutine, just before it yields. */
    request_kind request;
    task **tasks;               /* SCHEDULE: the tasks (borrowed) */
    size_t ntasks;
    double seconds;             /* SLEEP: how long */
    queue *queue;               /* PARK: where to wait */
    /* Written by the loop, read by the coroutine when it resumes. */
    task **reply;               /* SCHEDULE: the tasks it scheduled */
    size_t nreply;
} mailbox;
/* DOC: end */

struct task {
    /* Set once by task_new(). */
    const char *name;           /* the outermost coroutine's name */
    coro *frame;                /* the outermost frame; owned by the task */

    /* Written by task_step() and task_fail(). */
    task_status status;
    const char *result;         /* FINISHED: the value, NULL for None */
    const char *error;          /* ERROR: why; lives as long as the task */
    mailbox mailbox;            /* requests to the loop and its replies */
    int refs;                   /* references; freed when it drops to 0 */
    bool scheduled;             /* the loop has it (set by loop_schedule) */
    queue waiters;              /* tasks parked until this one is done */

    /* Owned by whichever queue holds the task (queue.h). */
    task *next;
};

/* DOC: task_new */
/* Wrap `frame` in a new task (status NEW). The task takes over the frame;
 * the caller gets the first reference. */
task *task_new(coro *frame);

/* Take one more reference to t; returns t. */
task *task_ref(task *t);

/* Give one back; the last frees the task and its frame. */
void task_unref(task *t);

/* Run the task's coroutine up to its next yield and update the status. */
void task_step(task *t);

/* FINISHED, ERROR or CANCELLED: the task will never run again. */
bool task_is_done(const task *t);

/* Mark a task that is not done CANCELLED; the loop drops it when it next
 * pops it. Returns false, and changes nothing, if it was already done. */
bool task_cancel(task *t);

/* Leave a SCHEDULE request for `tasks` in t's mailbox. Returns CORO_YIELD,
 * so a step function can `return request_schedule(...)` after setting its
 * resume point. The array must live in the frame (it is read after the
 * step function returns). */
coro_status request_schedule(task *t, task **tasks, size_t ntasks);

/* Leave a SLEEP request: the loop parks t in its timers for `seconds`. */
coro_status request_sleep(task *t, double seconds);

/* Leave a PARK request: the loop parks t on wait queue q. Whoever owns q
 * wakes it with loop_wake(). */
coro_status request_park(task *t, queue *q);

/* End the task in ERROR with `why`, which must live as long as the task: a
 * string literal, or a buffer in its frame. Returns CORO_ERROR, so a step
 * function can `return task_fail()`. */
coro_status task_fail(task *t, const char *why);

/* "NEW", "RUNNING", "FINISHED", "ERROR", "CANCELLED" */
const char *task_status_name(task_status status);

/* The tutorial's repr: <Task 'tic_tac' [FINISHED] ('Boum!')>. Writes at most
 * `size` bytes into buf, like snprintf, and returns what snprintf returns. */
int task_format(const task *t, char *buf, size_t size);

/* say() the repr. */
void task_print(const task *t);

#endif
