/* coroutines.c - ex02_subtasks: subtask and example, written as frames. */
#include "coroutines.h"

#include "loop.h"
#include "task.h"
#include "util.h"

#define EXAMPLE_ROUNDS 3

/* ---- subtask ---------------------------------------------------------- */

typedef struct {
    coro base;
    enum { SUBTASK_START, SUBTASK_ROUNDS } resume;
    int rounds;                 /* how many rounds to run */
    int round;                  /* rounds run so far */
} subtask_frame;

static coro_status subtask_step(coro *base, task *t)
{
    subtask_frame *self = (subtask_frame *)base;

    (void)t;                    /* subtask never fails */
    switch (self->resume) {
    case SUBTASK_START:
        say("Task 'subtask'");
        /* fall through: the rounds start at once */
    case SUBTASK_ROUNDS:            /* a loop over rounds, one yield each */
        while (self->round < self->rounds) {
            self->round++;
            say("(subtask)");
            self->resume = SUBTASK_ROUNDS;
            return CORO_YIELD;
        }
        break;
    }
    return CORO_DONE;           /* result: None */
}

static const coro_type subtask_type = {
    .name = "subtask",
    .step = subtask_step,
    .size = sizeof(subtask_frame),
    .points = { CORO_POINT(SUBTASK_START), CORO_POINT(SUBTASK_ROUNDS) },
};

/* For a frame inside another (yield from), or one from coro_new(). */
static void subtask_init(subtask_frame *self, int rounds)
{
    *self = (subtask_frame){ .base = { &subtask_type }, .rounds = rounds };
}

coro *subtask(int rounds)
{
    subtask_frame *self = (subtask_frame *)coro_new(&subtask_type);

    subtask_init(self, rounds);
    return &self->base;
}

/* ---- example ---------------------------------------------------------- */

/* DOC: example_frame */
typedef struct {
    coro base;
    enum { EXAMPLE_START, EXAMPLE_IN_CHILD, EXAMPLE_ROUNDS_LEFT,
           EXAMPLE_CANCELLED } resume;
    example_mode mode;
    int subtask_rounds;
    int round;                  /* rounds of "(example)" so far */
    coro *child;                /* what we `yield from`: one of these two */
    subtask_frame sub;          /* yield from subtask(): it runs in our task */
    ensure_future_frame launch; /* yield from ensure_future(): its own task */
} example_frame;
/* DOC: end */

/* DOC: example_step */
static coro_status example_step(coro *base, task *t)
{
    example_frame *self = (example_frame *)base;
    coro_status status;

    switch (self->resume) {
    case EXAMPLE_START:             /* choose the child: run it, or launch it */
        say("Task 'example'");
        say("Launching task 'subtask'");
        if (self->mode == EXAMPLE_YIELD_FROM) {
            subtask_init(&self->sub, self->subtask_rounds);
            self->child = &self->sub.base;
        } else {
            ensure_future_init(&self->launch, subtask(self->subtask_rounds));
            self->child = &self->launch.base;
        }
        self->resume = EXAMPLE_IN_CHILD;
        /* fall through */
    case EXAMPLE_IN_CHILD:          /* its yields and requests pass through */
        status = coro_step(self->child, t);     /* yield from child */
        if (status != CORO_DONE)
            return status;
        say("Back in 'example'");
        /* fall through */
    case EXAMPLE_ROUNDS_LEFT:       /* a loop over rounds, one yield each */
        while (self->round < EXAMPLE_ROUNDS) {
            self->round++;
            say("(example)");
            self->resume = EXAMPLE_ROUNDS_LEFT;
            return CORO_YIELD;
        }
        if (self->mode == EXAMPLE_CANCEL) {
            task_cancel(self->launch.task);
            self->resume = EXAMPLE_CANCELLED;
            return CORO_YIELD;      /* let the loop drop it before we end */
        }
        /* fall through */
    case EXAMPLE_CANCELLED:         /* the loop has dropped the subtask */
        break;
    }
    ensure_future_release(&self->launch);
    return CORO_DONE;               /* result: None */
}
/* DOC: end */

/* The task was freed before example ended: let go of the subtask. */
static void example_drop(coro *base)
{
    ensure_future_release(&((example_frame *)base)->launch);
}

static const coro_type example_type = {
    .name = "example",
    .step = example_step,
    .size = sizeof(example_frame),
    .points = { CORO_POINT(EXAMPLE_START), CORO_POINT(EXAMPLE_IN_CHILD),
                CORO_POINT(EXAMPLE_ROUNDS_LEFT),
                CORO_POINT(EXAMPLE_CANCELLED) },
    .drop = example_drop,
};

coro *example(example_mode mode, int subtask_rounds)
{
    example_frame *self = (example_frame *)coro_new(&example_type);

    self->mode = mode;
    self->subtask_rounds = subtask_rounds;
    return &self->base;
}
