/* task.c - ex02_subtasks: a task drives its coroutine, one step at a time. */
#include "task.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

/* The task that a frame from coro_new() was allocated with. */
static task *task_of(coro *frame)
{
    return (task *)((char *)frame - offsetof(task, frame));
}

coro *coro_new(const coro_type *type)
{
    task *t = xcalloc(1, sizeof *t + type->size);

    t->frame->type = type;
    return t->frame;
}

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

task *task_ref(task *t)
{
    assert(t->refs < USHRT_MAX);    /* more holders than any program has */
    t->refs++;
    return t;
}

void task_unref(task *t)
{
    assert(t->refs > 0);
    if (--t->refs == 0)
        coro_free(t->frame);        /* its drop, then the one block */
}

bool task_cancel(task *t)
{
    if (task_is_done(t))
        return false;
    t->status = TASK_CANCELLED;
    return true;
}

coro_status request_schedule(task *t, task **tasks, size_t count)
{
    assert(count <= USHRT_MAX);
    t->mailbox = (mailbox){ REQUEST_SCHEDULE, (unsigned short)count, tasks };
    return CORO_YIELD;
}

coro_status task_return(task *t, const char *value)
{
    t->result = value;
    return CORO_DONE;
}

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

void task_print(const task *t)
{
    int size = task_format(t, NULL, 0) + 1;     /* measure, then write */
    char *line = xcalloc(1, (size_t)size);

    task_format(t, line, (size_t)size);
    say("%s", line);
    free(line);
}
