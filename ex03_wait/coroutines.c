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
        /* fall through: the rounds start at once */
    case REPEAT_ROUNDS:             /* a loop over rounds, one yield each */
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

/* Two coroutines share repeat_step: they differ only in their names. */
static const coro_type repeat_type = {
    .name = "repeat",
    .step = repeat_step,
    .size = sizeof(repeat_frame),
    .points = { CORO_POINT(REPEAT_START), CORO_POINT(REPEAT_ROUNDS) },
};

static const coro_type failing_repeat_type = {
    .name = "failing_repeat",
    .step = repeat_step,
    .size = sizeof(repeat_frame),
    .points = { CORO_POINT(REPEAT_START), CORO_POINT(REPEAT_ROUNDS) },
};

static coro *repeat_new(const coro_type *type, const char *msg, int times,
                        bool fails)
{
    repeat_frame *self = (repeat_frame *)coro_new(type);

    self->msg = msg;
    self->times = times;
    self->fails = fails;
    snprintf(self->why, sizeof self->why, "the %s burnt", msg);
    return &self->base;
}

coro *repeat(const char *msg, int times)
{
    return repeat_new(&repeat_type, msg, times, false);
}

coro *failing_repeat(const char *msg, int times)
{
    return repeat_new(&failing_repeat_type, msg, times, true);
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
    case MAIN_TASK_START:           /* the child frame starts here */
        say("Launching %zu tasks in parallel", self->ntasks);
        wait_init(&self->wait, self->tasks, self->ntasks);
        self->resume = MAIN_TASK_WAITING;
        /* fall through */
    case MAIN_TASK_WAITING:         /* wait()'s yields pass through us */
        status = coro_step(&self->wait.base, t);    /* yield from wait() */
        if (status != CORO_DONE)
            return status;
        break;
    }
    say("Back to the main function: %d OK, %d %s", self->wait.finished,
        self->wait.failed, self->wait.failed == 1 ? "error" : "errors");
    main_task_release(self);
    return CORO_DONE;           /* result: None */
}
/* DOC: end */

/* The task was freed before main_task ended: let go of its tasks. */
static void main_task_drop(coro *base)
{
    main_task_release((main_task_frame *)base);
}

static const coro_type main_task_type = {
    .name = "main_task",
    .step = main_task_step,
    .size = sizeof(main_task_frame),
    .points = { CORO_POINT(MAIN_TASK_START), CORO_POINT(MAIN_TASK_WAITING) },
    .drop = main_task_drop,
};

coro *main_task(task **tasks, size_t ntasks)
{
    main_task_frame *self;

    assert(ntasks <= MAIN_TASK_MAX);
    self = (main_task_frame *)coro_new(&main_task_type);
    for (size_t i = 0; i < ntasks; i++)
        self->tasks[i] = tasks[i];
    self->ntasks = ntasks;
    return &self->base;
}
