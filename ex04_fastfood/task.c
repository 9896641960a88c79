/* task.c - ex04_fastfood: a task drives its coroutine, one step at a time. */
#include "task.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

task *task_new(coro *frame)
{
    task *t = xcalloc(1, sizeof *t);

    t->name = frame->name;
    t->frame = frame;
    t->status = TASK_NEW;
    t->refs = 1;
    return t;
}

task *task_ref(task *t)
{
    t->refs++;
    return t;
}

void task_unref(task *t)
{
    assert(t->refs > 0);
    if (--t->refs > 0)
        return;
    coro_free(t->frame);        /* its drop lets go of what the frame held */
    free(t);
}

/* DOC: task_step */
void task_step(task *t)
{
    assert(!task_is_done(t));
    t->status = TASK_RUNNING;
    switch (coro_step(t->frame, t)) {
    case CORO_YIELD:
        break;
    case CORO_DONE:
        t->status = TASK_FINISHED;
        t->result = t->frame->result;
        break;
    case CORO_ERROR:
        assert(t->status == TASK_ERROR);   /* task_fail() said why */
        break;
    }
}

bool task_is_done(const task *t)
{
    return t->status == TASK_FINISHED || t->status == TASK_ERROR ||
           t->status == TASK_CANCELLED;
}

bool task_cancel(task *t)
{
    if (task_is_done(t))
        return false;
    t->status = TASK_CANCELLED;
    return true;
}

coro_status request_schedule(task *t, task **tasks, size_t ntasks)
{
    t->mailbox.request = REQUEST_SCHEDULE;
    t->mailbox.tasks = tasks;
    t->mailbox.ntasks = ntasks;
    return CORO_YIELD;
}

coro_status request_sleep(task *t, double seconds)
{
    t->mailbox.request = REQUEST_SLEEP;
    t->mailbox.seconds = seconds;
    return CORO_YIELD;
}

coro_status request_park(task *t, queue *q)
{
    t->mailbox.request = REQUEST_PARK;
    t->mailbox.queue = q;
    return CORO_YIELD;
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
    const char *status = task_status_name(t->status);

    if (t->status == TASK_ERROR)
        return snprintf(buf, size, "<Task '%s' [%s] (error: %s)>",
                        t->name, status, t->error);
    if (t->status != TASK_FINISHED)
        return snprintf(buf, size, "<Task '%s' [%s]>", t->name, status);
    if (t->result == NULL)
        return snprintf(buf, size, "<Task '%s' [%s] (None)>", t->name, status);
    return snprintf(buf, size, "<Task '%s' [%s] ('%s')>",
                    t->name, status, t->result);
}

void task_print(const task *t)
{
    int size = task_format(t, NULL, 0) + 1;     /* measure, then write */
    char *line = xcalloc(1, (size_t)size);

    task_format(t, line, (size_t)size);
    say("%s", line);
    free(line);
}
