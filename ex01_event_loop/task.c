/* task.c - ex01_event_loop: a task drives its coroutine, one step at a time. */
#include "task.h"

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

task *task_new(coro *frame)
{
    task *t = task_of(frame);

    t->status = TASK_NEW;           /* already zero: said for the reader */
    return t;
}

void task_free(task *t)
{
    free(t);                        /* the frame goes with it */
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
