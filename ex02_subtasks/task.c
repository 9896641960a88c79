/* task.c - ex02_subtasks: a task drives its coroutine, one step at a time. */
#include "task.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

/* The task that a frame from coro_new() was allocated with: the frame is
 * the task's last field, so the task starts offsetof(task, frame) bytes
 * before it (the kernel's container_of). */
static task *task_of(coro *frame)
{
    return (task *)((char *)frame - offsetof(task, frame));
}

/* DOC: coro_new */
coro *coro_new(const coro_type *type)
{
    /* One block: the task's fields, then the frame (task.frame[] is a
     * flexible array member, so sizeof *t does not count the frame).
     * Zeroed, so the frame's resume point starts at its first name. */
    task *t = xcalloc(1, sizeof *t + type->size);

    t->frame->type = type;
    return t->frame;                /* a coroutine, not yet a task */
}
/* DOC: end */

void coro_free(coro *frame)
{
    if (frame->type->drop != NULL)
        frame->type->drop(frame);
    free(task_of(frame));
}

task *task_new(coro *frame)
{
    task *t = task_of(frame);

    t->status = TASK_NEW;           /* already zero: said for the reader */
    t->refs = 1;
    return t;
}

/* Who holds a reference: whoever made the task (task_new), the loop while
 * it has it, and any frame that keeps the pointer across a yield. */
task *task_ref(task *t)
{
    if (t->refs == USHRT_MAX)       /* not an assert: it must hold at -O2 */
        die("task '%s' has %u references: more than a task can count",
            task_name(t), (unsigned)t->refs);
    t->refs++;
    return t;
}

void task_unref(task *t)
{
    assert(t->refs > 0);
    if (--t->refs == 0)
        coro_free(t->frame);        /* its drop, then the one block */
}

/* Only marks it: the task may be in the run queue, where the loop will
 * drop it when it pops it. Nothing is unlinked here, so cancel is O(1) and
 * a task may cancel itself. */
bool task_cancel(task *t)
{
    if (task_is_done(t))
        return false;
    t->status = TASK_CANCELLED;
    return true;
}

/* A request is a system call: the arguments go in the mailbox, and the
 * coroutine yields to the loop, which answers before resuming it. */
coro_status request_schedule(task *t, task **tasks, size_t count)
{
    assert(count <= USHRT_MAX);
    t->mailbox = (mailbox){ REQUEST_SCHEDULE, (unsigned short)count, tasks };
    return CORO_YIELD;
}

/* Python's `return value` in a generator, for the outermost frame: the
 * value is the task's result; task_step() then marks it FINISHED. */
coro_status task_return(task *t, const char *value)
{
    t->result = value;
    return CORO_DONE;
}

/* Python's `raise`: the status is set here, not in task_step(), because
 * only the coroutine knows why it failed. */
coro_status task_fail(task *t, const char *why)
{
    t->status = TASK_ERROR;
    t->error = why;
    return CORO_ERROR;
}

const char *task_status_name(task_status status)
{
    switch (status) {
    case TASK_NEW:      return "NEW";
    case TASK_RUNNING:  return "RUNNING";
    case TASK_FINISHED: return "FINISHED";
    case TASK_ERROR:    return "ERROR";
    case TASK_CANCELLED: return "CANCELLED";
    }
    return "?";
}

int task_format(const task *t, char *buf, size_t size)
{
    const char *name = task_name(t);
    const char *status = task_status_name(t->status);

    /* result and error share storage: read the one the status says. */
    if (t->status == TASK_ERROR)
        return snprintf(buf, size, "<Task '%s' [%s] (error: %s)>",
                        name, status, t->error);
    if (t->status != TASK_FINISHED)
        return snprintf(buf, size, "<Task '%s' [%s]>", name, status);
    if (t->result == NULL)
        return snprintf(buf, size, "<Task '%s' [%s] (None)>", name, status);
    return snprintf(buf, size, "<Task '%s' [%s] ('%s')>",
                    name, status, t->result);
}

/* A result can be any length, so the line is measured first: snprintf
 * with no buffer returns the length it would write. */
void task_print(const task *t)
{
    int size = task_format(t, NULL, 0) + 1;     /* measure, then write */
    char *line = xcalloc(1, (size_t)size);

    task_format(t, line, (size_t)size);
    say("%s", line);
    free(line);
}
