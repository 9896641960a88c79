/* loop.h - ex01_event_loop: the event loop, a scheduler for tasks.
 *
 * The loop keeps a FIFO of tasks that can run. Each turn it pops the head,
 * steps it once, and either prints it (it is done) or pushes it back at the
 * tail: round-robin, like an operating system's scheduler with a time slice
 * of one yield.
 *
 * With tracing on (util.h, --trace), each turn also tells, on one line,
 * which task ran, from which resume point to which, and what came back.
 *
 * Ownership: the loop borrows the tasks it runs; whoever created a task
 * frees it, after the loop is done with it.
 */
#ifndef LOOP_H
#define LOOP_H

#include <stdbool.h>

#include "queue.h"
#include "task.h"

typedef struct {
    queue ready;                /* tasks that can run, in turn order */
    unsigned long turn;         /* turns run so far, for --trace */
} loop;

void loop_init(loop *l);

/* Put t at the end of the run queue. */
void loop_schedule(loop *l, task *t);

/* One turn: step the task at the head of the run queue. Returns false when
 * there was nothing to run. */
bool loop_run_once(loop *l);

/* Run turns until no task is left. */
void loop_run_until_empty(loop *l);

/* Schedule t and run turns until t is done; return its result (NULL for
 * None or an error). Other tasks still in the queue stay there. */
const char *loop_run_until_complete(loop *l, task *t);

#endif
