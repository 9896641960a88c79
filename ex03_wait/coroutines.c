/* coroutines.c - ex03_wait: repeat and main_task, written as frames. */
#include "coroutines.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>

#include "loop.h"
#include "util.h"

/* ---- repeat ----------------------------------------------------------- */

typedef struct {
    coro base;
    enum { REPEAT_START, REPEAT_ROUNDS } resume;
    const char *msg;
    int times;                  /* how many lines to print */
    int round;                  /* lines printed so far */
    bool fails;                 /* fail after the last line */
    char why[64];               /* the failure's message, for task_fail() */
} repeat_frame;

static coro_status repeat_step(coro *base, task *t)
{
    repeat_frame *self = (repeat_frame *)base;

    switch (self->resume) {
    case REPEAT_START:
        say("launching task '%s'", self->msg);
        /* fall through */
    case REPEAT_ROUNDS:
        while (self->round < self->times) {
            self->round++;
            say("%s", self->msg);
            self->resume = REPEAT_ROUNDS;
            return CORO_YIELD;
        }
        break;
    }
    if (self->fails)
        return task_fail(t, self->why);
    return CORO_DONE;           /* result: None */
}

static coro *repeat_new(const char *name, const char *msg, int times,
                        bool fails)
{
    repeat_frame *self =
        (repeat_frame *)coro_new(sizeof *self, name, repeat_step);

    self->msg = msg;
    self->times = times;
    self->fails = fails;
    snprintf(self->why, sizeof self->why, "the %s burnt", msg);
    return &self->base;
}

coro *repeat(const char *msg, int times)
{
    return repeat_new("repeat", msg, times, false);
}

coro *failing_repeat(const char *msg, int times)
{
    return repeat_new("failing_repeat", msg, times, true);
}

/* ---- main_task -------------------------------------------------------- */

/* DOC: main_task */
typedef struct {
    coro base;
    enum { MAIN_TASK_START, MAIN_TASK_WAITING } resume;
    task *tasks[MAIN_TASK_MAX]; /* one reference each, released at the end */
    size_t ntasks;
    wait_frame wait;            /* yield from wait(tasks) */
} main_task_frame;

static void main_task_release(main_task_frame *self)
{
    for (size_t i = 0; i < self->ntasks; i++)
        task_unref(self->tasks[i]);
    self->ntasks = 0;
}

static coro_status main_task_step(coro *base, task *t)
{
    main_task_frame *self = (main_task_frame *)base;
    coro_status status;

    switch (self->resume) {
    case MAIN_TASK_START:
        say("Launching %zu tasks in parallel", self->ntasks);
        wait_init(&self->wait, self->tasks, self->ntasks);
        self->resume = MAIN_TASK_WAITING;
        /* fall through */
    case MAIN_TASK_WAITING:
        status = coro_step(&self->wait.base, t);    /* yield from wait() */
        if (status != CORO_DONE)
            return status;
        break;
    }
    say("Back to the main function: %d OK, %d errors",
        self->wait.finished, self->wait.failed);
    main_task_release(self);
    return CORO_DONE;           /* result: None */
}
/* DOC: end */

/* The task was freed before main_task ended: let go of its tasks. */
static void main_task_drop(coro *base)
{
    main_task_release((main_task_frame *)base);
}

coro *main_task(task **tasks, size_t ntasks)
{
    main_task_frame *self;

    assert(ntasks <= MAIN_TASK_MAX);
    self = (main_task_frame *)coro_new(sizeof *self, "main_task",
                                       main_task_step);
    self->base.drop = main_task_drop;
    for (size_t i = 0; i < ntasks; i++)
        self->tasks[i] = tasks[i];
    self->ntasks = ntasks;
    return &self->base;
}
