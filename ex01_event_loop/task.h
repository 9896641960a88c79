/* task.h - ex01_event_loop: a task, what the loop schedules.
 *
 * Keep two ideas apart:
 *  - a coroutine frame (coro.h) is a generator's state and its step function;
 *  - a task wraps the outermost frame of one coroutine and records how it is
 *    doing: its status, then its result or its error.
 * Python's Task class, in the tutorial, is the same wrapper.
 *
 * Errors: misuse (stepping a task that is done) is a bug and asserts.
 */
#ifndef TASK_H
#define TASK_H

#include <stdbool.h>
#include <stddef.h>

#include "coro.h"

typedef enum {
    TASK_NEW,                   /* created, never stepped */
    TASK_RUNNING,               /* stepped at least once, not done */
    TASK_FINISHED,              /* its coroutine returned: see result */
    TASK_ERROR                  /* its coroutine failed: see error */
} task_status;

struct task {
    /* Set once by task_new(). */
    const char *name;           /* the outermost coroutine's name */
    coro *frame;                /* the outermost frame; owned by the task */

    /* Written by task_step() and task_fail(). */
    task_status status;
    const char *result;         /* FINISHED: the value, NULL for None */
    const char *error;          /* ERROR: why; lives as long as the task */

    /* Owned by whichever queue holds the task (queue.h). */
    task *next;
};

/* DOC: task_new */
/* Wrap `frame` in a new task (status NEW). The task takes over the frame;
 * the caller owns the task and frees it with task_free(). */
task *task_new(coro *frame);
void task_free(task *t);

/* Run the task's coroutine up to its next yield and update the status. */
void task_step(task *t);

/* FINISHED or ERROR: the task will never run again. */
bool task_is_done(const task *t);

/* End the task in ERROR with `why`, which must live as long as the task: a
 * string literal, or a buffer in its frame. Returns CORO_ERROR, so a step
 * function can `return task_fail()`. */
coro_status task_fail(task *t, const char *why);

/* "NEW", "RUNNING", "FINISHED", "ERROR" */
const char *task_status_name(task_status status);

/* The tutorial's repr: <Task 'tic_tac' [FINISHED] ('Boum!')>. Writes at most
 * `size` bytes into buf, like snprintf, and returns what snprintf returns. */
int task_format(const task *t, char *buf, size_t size);

/* say() the repr. */
void task_print(const task *t);

#endif
