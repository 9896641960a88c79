/* loop.c - ex01_event_loop: the event loop, round-robin over a FIFO. */
#include "loop.h"

#include <stddef.h>
#include <stdio.h>

#include "util.h"

void loop_init(loop *l)
{
    *l = (loop){ .ready = { NULL, NULL } };
}

/* The loop borrows t: whoever made it frees it, after the loop is done. */
void loop_schedule(loop *l, task *t)
{
    queue_push(&l->ready, t);
}

/* --trace: one line for the turn that just stepped t from resume point
 * `from`, e.g. "turn 3  run tic_tac  TIC_TAC_AFTER_TIC -> ... yield". */
static COLD void trace_turn(const loop *l, const task *t, const char *from,
                       coro_status status)
{
    const char *name = task_name(t);

    if (status == CORO_YIELD)
        trace("turn %lu  run %s  %s -> %s  yield", l->turn, name, from,
              coro_where(t->frame));
    else if (status == CORO_ERROR)
        trace("turn %lu  run %s  %s -> end  error: %s", l->turn, name, from,
              t->error);
    else if (t->result == NULL)
        trace("turn %lu  run %s  %s -> end  done None", l->turn, name, from);
    else
        trace("turn %lu  run %s  %s -> end  done '%s'", l->turn, name, from,
              t->result);
}

/* DOC: loop_turn */
/* One turn, the body of loop_run_once(). HOT_INLINE: the loops below get
 * their own copy, so a turn costs no call of its own. */
static HOT_INLINE bool loop_turn(loop *l)
{
    task *t = queue_pop(&l->ready);
    const char *from;
    coro_status status;

    if (t == NULL)
        return false;               /* nothing left to run */
    l->turn++;
    from = tracing() ? coro_where(t->frame) : NULL;
    status = task_step(t);
    if (from != NULL)
        trace_turn(l, t, from, status);
    if (status == CORO_YIELD)
        queue_push(&l->ready, t);   /* not done: back to the end of the line */
    else
        task_print(t);              /* finished or failed: say so, forget it */
    return true;
}
/* DOC: end */

bool loop_run_once(loop *l)
{
    return loop_turn(l);
}

/* The tutorial's run_forever(), which ends when the queue does. */
void loop_run_until_empty(loop *l)
{
    while (loop_turn(l))
        ;
}

/* Other tasks in the queue run too, in turn, while t is not done; those
 * still there when t ends stay queued for the next run. */
const char *loop_run_until_complete(loop *l, task *t)
{
    if (!task_is_done(t))
        loop_schedule(l, t);        /* a done task is not run again */
    while (!task_is_done(t) && loop_turn(l))
        ;
    return t->status == TASK_FINISHED ? t->result : NULL;
}
