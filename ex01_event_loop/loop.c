/* loop.c - ex01_event_loop: the event loop, round-robin over a FIFO. */
#include "loop.h"

#include <stddef.h>

void loop_init(loop *l)
{
    l->ready = (queue){ NULL, NULL };
}

void loop_schedule(loop *l, task *t)
{
    queue_push(&l->ready, t);
}

/* DOC: loop_run_once */
bool loop_run_once(loop *l)
{
    task *t = queue_pop(&l->ready);

    if (t == NULL)
        return false;
    task_step(t);
    if (task_is_done(t))
        task_print(t);              /* finished: say so, and forget it */
    else
        queue_push(&l->ready, t);   /* not done: back to the end of the line */
    return true;
}

void loop_run_until_empty(loop *l)
{
    while (loop_run_once(l))
        ;
}

const char *loop_run_until_complete(loop *l, task *t)
{
    if (!task_is_done(t))
        loop_schedule(l, t);        /* a done task is not run again */
    while (!task_is_done(t) && loop_run_once(l))
        ;
    return t->result;
}
